from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "fawang.evaluation"
    label = "evaluation"
    verbose_name = "好差评与投诉"
