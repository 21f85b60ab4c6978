from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "fawang.knowledge"
    label = "knowledge"
    verbose_name = "知识库与智能咨询"
