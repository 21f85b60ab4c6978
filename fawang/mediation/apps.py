from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "fawang.mediation"
    label = "mediation"
    verbose_name = "人民调解"
