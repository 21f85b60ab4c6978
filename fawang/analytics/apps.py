from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "fawang.analytics"
    label = "analytics"
    verbose_name = "分析与考核"

    def ready(self) -> None:
        from fawang.analytics.summaries import summary_source_install

        summary_source_install()
