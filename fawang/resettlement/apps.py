from django.apps import AppConfig


class ResettlementConfig(AppConfig):
    name = "fawang.resettlement"
    label = "resettlement"
    verbose_name = "安置帮扶"
