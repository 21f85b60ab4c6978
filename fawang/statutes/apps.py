from django.apps import AppConfig


class StatutesConfig(AppConfig):
    name = "fawang.statutes"
    label = "statutes"
    verbose_name = "法律法规库"
