from django.apps import AppConfig


class ContractReviewConfig(AppConfig):
    name = "fawang.contract_review"
    label = "contract_review"
    verbose_name = "合同审查"
