from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "fawang.hotline"
    label = "hotline"
    verbose_name = "12348热线"
