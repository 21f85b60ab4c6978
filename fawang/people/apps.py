from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "fawang.people"
    label = "people"
    verbose_name = "群众信息"
