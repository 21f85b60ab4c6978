from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "fawang.portal"
    label = "portal"
    verbose_name = "网上公共法律服务"
