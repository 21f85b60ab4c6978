"""factory_boy factories for the knowledge app."""

from __future__ import annotations

from datetime import date

from factory.declarations import Sequence
from factory.django import DjangoModelFactory

from fawang.knowledge.models import FaqItem


class FaqItemFactory(DjangoModelFactory[FaqItem]):
    class Meta:
        model = FaqItem

    question = Sequence(lambda n: f"常见问题{n}")
    answer = "请参考相关规定。"
    category = "债权债务"
    review_due = date(2027, 11, 26)
    effective_from = date(2026, 1, 1)
    effective_to = None
