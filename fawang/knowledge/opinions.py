"""The lifecycle of a written consultation opinion (法律咨询意见书, J7), declared as a table (STYLE §4).

draft ─submit→ pending ─approve→ approved ─release→ released
  ↑ edit          └─return→ returned ─submit→ pending
                               ↑ edit

`consultation_opinion_transition` in services.py is the only code that runs this table. Who may act is a rule,
not a role list, because approval belongs to a person: the professional who answered the consultation, or a
holder of a role the deployment names in FAWANG_CONSULTATION_OPINION_APPROVER_ROLES (never the drafter, unless the
drafter is the answering professional).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fawang.knowledge.models import OpinionStatus


class OpinionActor(StrEnum):
    HANDLER = "handler"  # staff who may handle the case (the workflow's STAFF_ACTORS in scope)
    APPROVER = "approver"  # the answering professional, or a configured approver who did not draft it


class OpinionAction(StrEnum):
    DRAFT = "draft"
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    RELEASE = "release"


@dataclass(frozen=True)
class OpinionTransition:
    action: OpinionAction
    sources: frozenset[OpinionStatus]
    target: OpinionStatus
    actor: OpinionActor
    label: str | Promise  # lazy: shown in the interface language (L8)
    needs_reason: bool = False


EDITABLE: Final = frozenset({OpinionStatus.DRAFT, OpinionStatus.RETURNED})

OPINION_TRANSITIONS: Final[dict[OpinionAction, OpinionTransition]] = {
    t.action: t
    for t in (
        OpinionTransition(
            OpinionAction.SUBMIT, EDITABLE, OpinionStatus.PENDING, OpinionActor.HANDLER, _("提交审批")
        ),
        OpinionTransition(
            OpinionAction.APPROVE,
            frozenset({OpinionStatus.PENDING}),
            OpinionStatus.APPROVED,
            OpinionActor.APPROVER,
            _("审批通过"),
        ),
        OpinionTransition(
            OpinionAction.RETURN,
            frozenset({OpinionStatus.PENDING}),
            OpinionStatus.RETURNED,
            OpinionActor.APPROVER,
            pgettext_lazy("opinion step", "退回修改"),  # the button; the status has the same words
            needs_reason=True,
        ),
        OpinionTransition(
            OpinionAction.RELEASE,
            frozenset({OpinionStatus.APPROVED}),
            OpinionStatus.RELEASED,
            OpinionActor.HANDLER,
            _("发布给咨询人"),
        ),
    )
}

ACTION_LABELS: Final = {
    OpinionAction.DRAFT: _("起草"),
    OpinionAction.EDIT: _("修改"),
    **{action: t.label for action, t in OPINION_TRANSITIONS.items()},
}

NOTICE: Final = (
    "本意见书根据咨询人陈述的事实和提供的材料，依据现行法律法规作出，仅供咨询人参考，不具有强制执行效力。"
    "如所述事实不完整、不准确，或相关法律法规发生变化，意见可能不同；涉及诉讼、仲裁等期限的，请及时办理。"
)


def opinion_transitions_from(status: str) -> list[OpinionTransition]:
    """The steps that can start from `status`, in table order (the panel offers those the user may take)."""
    return [t for t in OPINION_TRANSITIONS.values() if status in t.sources]
