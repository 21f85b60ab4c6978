from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fawang.notifications"
    label = "notifications"
    verbose_name = "通知"
