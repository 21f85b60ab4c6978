from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "fawang.exchange"
    verbose_name = "上报交换"

    def ready(self) -> None:
        from fawang.exchange import checks  # noqa: F401  # registers the target-configuration checks (K11)
