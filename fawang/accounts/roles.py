"""Roles are declared here, in code (STYLE §7); assignments are rows (RoleAssignment).

Each role says how far its data scope reaches (0.4 "Default data scope") and whether it may act on cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext, gettext_noop


class Role(StrEnum):
    CITIZEN = "citizen"
    HOTLINE_OPERATOR = "hotline_operator"
    WINDOW_CLERK = "window_clerk"
    AID_REVIEWER = "aid_reviewer"
    AID_LAWYER = "aid_lawyer"
    MEDIATOR = "mediator"
    NOTARY = "notary"
    APPRAISER = "appraiser"
    VILLAGE_ADVISER = "village_adviser"
    SUPERVISOR = "supervisor"
    QUALITY_INSPECTOR = "quality_inspector"
    ADMIN = "admin"


class Scope(StrEnum):
    OWN = "own"  # the citizen's own requests
    ASSIGNED = "assigned"  # cases whose handler is this practitioner
    REGION = "region"  # everything in the assignment's region subtree


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    label: str
    scope: Scope
    can_act: bool
    staff: bool


ROLE_SPECS: dict[Role, RoleSpec] = {
    spec.role: spec
    for spec in (
        RoleSpec(Role.CITIZEN, gettext_noop("群众"), Scope.OWN, can_act=True, staff=False),
        RoleSpec(Role.HOTLINE_OPERATOR, gettext_noop("12348坐席"), Scope.REGION, can_act=True, staff=True),
        RoleSpec(Role.WINDOW_CLERK, gettext_noop("窗口受理员"), Scope.REGION, can_act=True, staff=True),
        RoleSpec(Role.AID_REVIEWER, gettext_noop("法律援助审查员"), Scope.REGION, can_act=True, staff=True),
        RoleSpec(Role.AID_LAWYER, gettext_noop("法律援助律师"), Scope.ASSIGNED, can_act=True, staff=True),
        RoleSpec(Role.MEDIATOR, gettext_noop("人民调解员"), Scope.ASSIGNED, can_act=True, staff=True),
        RoleSpec(Role.NOTARY, gettext_noop("公证员"), Scope.ASSIGNED, can_act=True, staff=True),
        RoleSpec(Role.APPRAISER, gettext_noop("司法鉴定人"), Scope.ASSIGNED, can_act=True, staff=True),
        RoleSpec(
            Role.VILLAGE_ADVISER, gettext_noop("村（居）法律顾问"), Scope.ASSIGNED, can_act=True, staff=True
        ),
        RoleSpec(Role.SUPERVISOR, gettext_noop("督办管理员"), Scope.REGION, can_act=False, staff=True),
        RoleSpec(Role.QUALITY_INSPECTOR, gettext_noop("质检员"), Scope.REGION, can_act=False, staff=True),
        RoleSpec(Role.ADMIN, gettext_noop("系统管理员"), Scope.REGION, can_act=True, staff=True),
    )
}

PRACTITIONER_ROLES = frozenset(r for r, s in ROLE_SPECS.items() if s.scope is Scope.ASSIGNED)
STAFF_ROLES = frozenset(r for r, s in ROLE_SPECS.items() if s.staff)
# Roles that front-line intake (前台统一受理) is open to.
INTAKE_ROLES = frozenset({Role.HOTLINE_OPERATOR, Role.WINDOW_CLERK, Role.AID_REVIEWER, Role.ADMIN})


def role_label(role: str) -> str:
    """The role's name in the interface language (L8); the spec keeps the Chinese source text."""
    try:
        return gettext(ROLE_SPECS[Role(role)].label)
    except ValueError:
        return role
