from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "fawang.directory"
    label = "directory"
    verbose_name = "实体平台与机构名录"
