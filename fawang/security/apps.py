from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "fawang.security"
    label = "security"
    verbose_name = "安全与隐私"

    def ready(self) -> None:
        from fawang.security import checks, signals  # noqa: F401  # deploy checks, sign-in receivers
