from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "fawang.hotline"
    label = "hotline"
    verbose_name = "12348热线"

    def ready(self) -> None:
        from fawang.hotline import accessibility  # noqa: F401  # registers the rollout check (L3)
