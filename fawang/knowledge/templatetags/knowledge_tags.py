"""Template helpers for search results (engine snippets mark matches with 【】; rendered as <mark> safely) and for
the consultation opinion (J7): step labels and the released versions shown on the citizen's case page."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fawang.cases.models import Case
from fawang.knowledge.models import ConsultationOpinion, OpinionStatus
from fawang.knowledge.opinions import ACTION_LABELS as OPINION_ACTION_LABELS
from fawang.knowledge.selectors import consultation_opinion_released_list

register = template.Library()

_MARKED = re.compile(r"【([^【】]*)】")


@register.filter
def snippet_marks(snippet: object) -> SafeString:
    """Escape everything, then turn each balanced 【term】 into <mark>term</mark>. Stray brackets stay text."""
    escaped = escape(str(snippet) if snippet is not None else "")
    return mark_safe(_MARKED.sub(r"<mark>\1</mark>", escaped))  # noqa: S308  # input escaped above


@register.filter
def snippet_plain(snippet: object) -> str:
    """The snippet without the 【】 markers (for titles and screen readers)."""
    return _MARKED.sub(r"\1", str(snippet) if snippet is not None else "")


@register.filter
def opinion_action_label(code: object) -> str:
    """起草 / 修改 / 提交审批 … for an opinion event's action code."""
    return str({str(k): v for k, v in OPINION_ACTION_LABELS.items()}.get(str(code), str(code)))


@register.filter
def opinion_status_label(code: object) -> str:
    return str(dict(OpinionStatus.choices).get(str(code), str(code)))


@register.simple_tag
def consultation_opinions_released(case: Case) -> list[ConsultationOpinion]:
    """Released opinions of a case the page already read through the scoped case selector, newest first."""
    return list(reversed(consultation_opinion_released_list(case=case)))
