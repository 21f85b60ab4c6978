from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "fawang.eligibility"
    label = "eligibility"
    verbose_name = "法律援助资格审查"
