"""The personal-information incident procedure (M11; 个人信息保护法 Art.57, 网络安全法 Art.42).

Contain first, then report to the authority and notify the people affected, or record why a notice is not needed
(Art.57 ¶2: the remedies effectively avoid the harm; the authority may still require one). Both the report and
the notice must carry the three items of Art.57: what information, cause and possible harm; the remedies and what
people can do themselves; how to reach us. One table declares the actions; `incident_act` runs every one of them
and appends a step. Only system administrators handle incidents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_noop

from fawang.accounts.models import User
from fawang.accounts.selectors import user_is_admin
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.notifications.services import notification_send
from fawang.security.compliance import pi_officer_contact
from fawang.security.models import IncidentState, SecurityIncident, SecurityIncidentStep

S = IncidentState


@dataclass(frozen=True)
class IncidentAction:
    label: str
    allowed_from: tuple[IncidentState, ...]
    to: IncidentState | None  # None: the state stays (a notice or its waiver is recorded beside it)
    apply: Callable[
        [SecurityIncident, str, str, datetime], None
    ]  # (incident, note, authority, now); may refuse


# Art.57: the three items a report and a notice must carry (field, label). Labels and action names stay Chinese
# here (messages and the audit use them); the incident page translates them (L8).
NOTICE_FIELDS: Final = (
    ("data_kinds", gettext_noop("涉及的个人信息种类")),
    ("cause", gettext_noop("原因")),
    ("possible_harm", gettext_noop("可能造成的危害")),
    ("remedies", gettext_noop("已采取的补救措施")),
    ("individual_measures", gettext_noop("个人可以采取的减轻危害的措施")),
    ("contact", gettext_noop("联系方式")),
)
NOTICE_MAX: Final = 500  # Notification.message
EDITABLE_FIELDS: Final = (*(name for name, _ in NOTICE_FIELDS), "title", "affected_count", "authority")


def _check_admin(actor: User) -> None:
    if not user_is_admin(user=actor):
        raise PermissionDeniedError("只有系统管理员可以处置个人信息安全事件。")


def _default_contact() -> str:
    officer = pi_officer_contact()
    parts = [officer.get("title", "个人信息保护负责人"), officer.get("name", ""), officer.get("phone", "")]
    return " ".join(p for p in parts if p) if officer else "12348 公共法律服务热线"


def _step(incident: SecurityIncident, *, actor: User, action: str, from_state: str, note: str) -> None:
    SecurityIncidentStep.objects.create(
        incident=incident,
        at=clock.now(),
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=incident.state,
        note=note,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if from_state else AuditAction.CREATE,
        object_type="security.SecurityIncident",
        object_id=incident.pk,
        summary=f"{action} {from_state}->{incident.state}",
    )


@transaction.atomic
def incident_open(*, actor: User, title: str, detected_at: datetime, description: str) -> SecurityIncident:
    """Register an incident as soon as it is found; the notice fields are completed while it is handled."""
    _check_admin(actor)
    title, description = title.strip(), description.strip()
    if not title or not description:
        raise DomainError("请填写事件名称和发现的情况。")
    if detected_at > clock.now():
        raise DomainError("发现时间不能晚于现在。")
    incident = SecurityIncident.objects.create(
        title=title[:120], detected_at=detected_at, reported_by=actor, contact=_default_contact()
    )
    _step(incident, actor=actor, action="open", from_state="", note=description)
    return incident


def incident_get(*, actor: User, incident_id: int, for_write: bool = False) -> SecurityIncident:
    _check_admin(actor)
    rows = SecurityIncident.objects.select_for_update() if for_write else SecurityIncident.objects.all()
    incident = rows.filter(pk=incident_id).first()
    if incident is None:
        raise NotFoundError("未找到该安全事件。")
    return incident


def incident_list(*, actor: User) -> list[SecurityIncident]:
    _check_admin(actor)
    return list(SecurityIncident.objects.all()[:200])


@transaction.atomic
def incident_update(
    *,
    actor: User,
    incident_id: int,
    fields: Mapping[str, object],
    affected_usernames: list[str] | None = None,
) -> SecurityIncident:
    """Complete or correct the description while the incident is open; unknown accounts are refused."""
    incident = incident_get(actor=actor, incident_id=incident_id, for_write=True)
    if incident.state == S.CLOSED:
        raise ConflictError("事件已结案，不能再修改。")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    users: list[User] = []
    if affected_usernames is not None:
        names = sorted({n.strip() for n in affected_usernames if n.strip()})
        users = list(User.objects.filter(username__in=names))
        missing = sorted(set(names) - {u.username for u in users})
        if missing:
            raise DomainError(f"找不到这些账户：{'、'.join(missing[:10])}。")
    for name, value in fields.items():
        setattr(incident, name, value.strip() if isinstance(value, str) else value)
    if not str(incident.title):
        raise DomainError("请填写事件名称。")
    try:
        incident.full_clean(exclude=["reported_by"])
    except ValidationError as exc:  # too long, negative count …: a Chinese message, nothing saved
        raise DomainError("；".join(str(m) for m in exc.messages)) from None
    incident.save()
    if affected_usernames is not None:
        incident.affected_users.set(users)
    changed = [str(getattr(SecurityIncident._meta.get_field(name), "verbose_name", name)) for name in fields]
    if affected_usernames is not None:
        changed.append("需通知的账户")
    _step(incident, actor=actor, action="update", from_state=incident.state, note="、".join(changed))
    return incident


def incident_missing_items(incident: SecurityIncident) -> list[str]:
    return [label for name, label in NOTICE_FIELDS if not str(getattr(incident, name)).strip()]


def incident_notice_text(incident: SecurityIncident) -> str:
    """The notice to the people affected, with the three items of Art.57."""
    return (
        f"个人信息安全事件告知：{incident.data_kinds}可能发生泄露、篡改或丢失。原因：{incident.cause}。"
        f"可能造成的危害：{incident.possible_harm}。我们已采取的补救措施：{incident.remedies}。"
        f"您可以采取的措施：{incident.individual_measures}。联系方式：{incident.contact}。"
    )


def _require_notice_items(incident: SecurityIncident) -> None:
    missing = incident_missing_items(incident)
    if missing:
        raise DomainError(f"报告和通知须写明：{'、'.join(missing)}（个人信息保护法第五十七条）。")


def _require_no_notice_decision(incident: SecurityIncident) -> None:
    if incident.people_notified_at or incident.notice_waived_reason:
        raise ConflictError("已经通知个人或记录了不通知的理由。")


def _contain(incident: SecurityIncident, note: str, authority: str, now: datetime) -> None:
    if not note:
        raise DomainError("请说明采取了哪些控制措施。")
    incident.contained_at = now


def _report(incident: SecurityIncident, note: str, authority: str, now: datetime) -> None:
    _require_notice_items(incident)
    incident.authority = authority.strip() or incident.authority
    if not incident.authority:
        raise DomainError("请填写报告的主管部门（如网信部门、公安机关）。")
    incident.authority_reported_at = now


def _notify_people(incident: SecurityIncident, note: str, authority: str, now: datetime) -> None:
    _require_notice_items(incident)
    _require_no_notice_decision(incident)
    recipients = list(incident.affected_users.all())
    if not recipients and not note:
        raise DomainError("没有可以站内通知的账户：请登记需通知的账户，或说明以其他方式（短信、公告）通知。")
    message = incident_notice_text(incident)
    if len(message) > NOTICE_MAX:
        raise DomainError(f"通知共 {len(message)} 字，超过站内通知上限 {NOTICE_MAX} 字，请精简各项说明。")
    notification_send(
        recipients=recipients, case=None, kind="incident", message=message, key=f"incident:{incident.pk}"
    )
    incident.people_notified_at = now


def _waive_notice(incident: SecurityIncident, note: str, authority: str, now: datetime) -> None:
    _require_no_notice_decision(incident)
    if not note:
        raise DomainError("请说明不通知个人的理由（个人信息保护法第五十七条第二款）。")
    incident.notice_waived_reason = note[:2000]


def _close(incident: SecurityIncident, note: str, authority: str, now: datetime) -> None:
    if not (incident.people_notified_at or incident.notice_waived_reason):
        raise DomainError("结案前须通知受影响的个人，或记录不通知的理由。")
    incident.closed_at = now


ACTIONS: Final[dict[str, IncidentAction]] = {
    "contain": IncidentAction(gettext_noop("已控制事态"), (S.OPEN,), S.CONTAINED, _contain),
    "report": IncidentAction(gettext_noop("报告主管部门"), (S.CONTAINED,), S.REPORTED, _report),
    "notify_people": IncidentAction(
        gettext_noop("通知受影响的个人"), (S.CONTAINED, S.REPORTED), None, _notify_people
    ),
    "waive_notice": IncidentAction(
        gettext_noop("记录不通知个人的理由"), (S.CONTAINED, S.REPORTED), None, _waive_notice
    ),
    "close": IncidentAction(gettext_noop("结案"), (S.REPORTED,), S.CLOSED, _close),
}


@transaction.atomic
def incident_act(
    *, actor: User, incident_id: int, action: str, note: str = "", authority: str = ""
) -> SecurityIncident:
    """Run one action of the table: check the state, apply its effect, move, append a step."""
    incident = incident_get(actor=actor, incident_id=incident_id, for_write=True)
    spec = ACTIONS.get(action)
    if spec is None:
        raise DomainError("未知的处置动作。")
    if incident.state not in spec.allowed_from:
        raise ConflictError(f"事件处于“{incident.get_state_display()}”状态，不能{spec.label}。")
    from_state, note = incident.state, note.strip()
    spec.apply(incident, note, authority, clock.now())
    if spec.to is not None:
        incident.state = spec.to
    incident.save()
    _step(incident, actor=actor, action=action, from_state=from_state, note=note or incident.authority)
    return incident
