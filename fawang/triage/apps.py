from django.apps import AppConfig


class TriageConfig(AppConfig):
    """X5: triage trees as versioned data (服务导航); docs/triage.md."""

    name = "fawang.triage"
    label = "triage"
    verbose_name = "服务导航"
