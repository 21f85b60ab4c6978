from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "fawang.supervision"
    label = "supervision"
    verbose_name = "督办与监测"
