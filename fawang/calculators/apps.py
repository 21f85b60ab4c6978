from django.apps import AppConfig


class CalculatorsConfig(AppConfig):
    name = "fawang.calculators"
    label = "calculators"
    verbose_name = "法律计算器"

    def ready(self) -> None:
        from fawang.calculators import checks  # noqa: F401  # registers the configuration check
