"""Display helpers for case pages: Chinese labels for event actions and statuses."""

from django import template
from django.utils.translation import gettext_lazy as _

from fawang.cases.deadline_rules import deadline_label as rule_label
from fawang.cases.states import Status
from fawang.cases.workflow import LIFECYCLES
from fawang.cases.workflow.base import ACTION_LABELS, Action

register = template.Library()

_EXTRA_LABELS = {"create": _("创建工单"), "extend": _("批准延期")}


def _service_specific_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for lifecycle in LIFECYCLES.values():
        for transition in lifecycle.transitions.values():
            labels.setdefault(transition.action, transition.label)
    return labels


@register.filter
def action_label(code: str) -> str:
    if code in _EXTRA_LABELS:
        return str(_EXTRA_LABELS[code])
    if code in Action.__members__.values():
        return ACTION_LABELS[Action(code)]
    return _service_specific_labels().get(code, code)


@register.filter
def status_label(code: str) -> str:
    try:
        return str(Status(code).label)
    except ValueError:
        return code or "—"


@register.filter
def deadline_label(code: str) -> str:
    return rule_label(code)
