from django.apps import AppConfig


class LegislationConfig(AppConfig):
    name = "fawang.legislation"
    label = "legislation"
    verbose_name = "立法征求意见"
