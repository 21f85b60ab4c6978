from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fawang.accounts"
    label = "accounts"
    verbose_name = "账户与角色"

    def ready(self) -> None:
        from fawang.accounts import signals  # noqa: F401  # registers the audit receivers
