from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "fawang.cases"
    label = "cases"
    verbose_name = "统一工单"
