from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "fawang.education"
    label = "education"
    verbose_name = "普法"
