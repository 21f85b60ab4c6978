from django.apps import AppConfig


class KioskConfig(AppConfig):
    name = "fawang.kiosk"
    label = "kiosk"
    verbose_name = "自助终端"
