from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "fawang.catalogue"
    label = "catalogue"
    verbose_name = "公共法律服务事项清单"
