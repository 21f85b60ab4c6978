from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "fawang.monitoring"
    verbose_name = "运行监测"

    def ready(self) -> None:
        from fawang.monitoring import checks  # noqa: F401  # registers the threshold-configuration checks (N8)
