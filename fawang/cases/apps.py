from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "fawang.cases"
    label = "cases"
    verbose_name = "统一工单"

    def ready(self) -> None:
        from fawang.cases import checks  # noqa: F401  # registers the channel-settings checks (M8, G10)
