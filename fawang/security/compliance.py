"""The personal-information compliance audit report (M13; 个人信息保护法 Art.54) and the officer's contact (Art.52).

One read over the records the platform already keeps: the audit log (who read, revealed or exported personal data,
and when), incidents (M11), data-subject requests against their due dates (M9), the retention log (M10), sign-in failures and the
audit chain (M6). The figures are for a period of whole local days; `findings` turns them into what an auditor
must follow up. The report names staff accounts, not citizens, and its production is itself audited.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import ExtractHour
from django.utils.translation import gettext as _

from fawang.accounts.models import User
from fawang.accounts.selectors import user_is_admin
from fawang.accounts.services import SYSTEM_USERNAME
from fawang.core import clock
from fawang.core.audit import audit_chain_verify, audit_record
from fawang.core.errors import PermissionDeniedError
from fawang.core.models import AuditAction, AuditEntry
from fawang.security.models import DataRequest, DataRequestKind, IncidentState, RetentionRun, SecurityIncident
from fawang.security.retention import RULES
from fawang.supervision.periods import period_check

PERSONAL_DATA_ACTIONS = (AuditAction.VIEW, AuditAction.REVEAL, AuditAction.EXPORT)
# Full reveals and exports outside office hours are what an auditor samples first (local time, [22:00, 07:00)).
OFF_HOURS_START, OFF_HOURS_END = 22, 7
TOP_ACTORS = 10


@dataclass(frozen=True)
class ActorRow:
    actor: str
    view: int
    reveal: int
    export: int

    @property
    def total(self) -> int:
        return self.view + self.reveal + self.export


@dataclass(frozen=True)
class RequestRow:
    kind: str
    label: str
    received: int
    decided: int
    decided_late: int
    open: int
    open_overdue: int


@dataclass(frozen=True)
class RetentionRow:
    category: str
    label: str
    days: int | None
    real_runs: int
    purged: int
    last_real_run: datetime | None


@dataclass(frozen=True)
class ComplianceReport:
    date_from: date
    date_to: date
    generated_at: datetime
    officer: dict[str, str]
    actions: dict[str, int]
    actors: int
    top_actors: list[ActorRow]
    off_hours: int
    off_hours_actors: list[str]
    requests: list[RequestRow]
    retention: list[RetentionRow]
    login_failures: int
    incidents: int
    incidents_open: int
    chain_checked: int
    chain_first_bad_id: int | None
    findings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for row, raw in zip(self.top_actors, data["top_actors"], strict=True):
            raw["total"] = row.total
        return data


def pi_officer_contact() -> dict[str, str]:
    """The configured officer (FAWANG_PI_OFFICER_*); empty values are left out, so {} means not configured."""
    officer: dict[str, str] = getattr(settings, "FAWANG_PI_OFFICER", {})
    return {key: value for key, value in officer.items() if value}


def _bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    start = datetime.combine(date_from, time.min, tzinfo=clock.LOCAL_TZ)
    return start, datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=clock.LOCAL_TZ)


def _access(entries: Any) -> tuple[dict[str, int], int, list[ActorRow]]:
    reads = entries.filter(action__in=PERSONAL_DATA_ACTIONS)
    actions = {
        row["action"]: row["n"] for row in entries.values("action").annotate(n=Count("id")).order_by("action")
    }
    per_actor = (
        reads.values("actor_label")
        .annotate(
            view=Count("id", filter=Q(action=AuditAction.VIEW)),
            reveal=Count("id", filter=Q(action=AuditAction.REVEAL)),
            export=Count("id", filter=Q(action=AuditAction.EXPORT)),
            n=Count("id"),
        )
        .order_by("-n", "actor_label")
    )
    top = [
        ActorRow(actor=r["actor_label"], view=r["view"], reveal=r["reveal"], export=r["export"])
        for r in per_actor[:TOP_ACTORS]
    ]
    return actions, reads.values("actor_label").distinct().count(), top


def _off_hours(entries: Any) -> tuple[int, list[str]]:
    rows = (
        entries.filter(action__in=(AuditAction.REVEAL, AuditAction.EXPORT))
        .annotate(hour=ExtractHour("at", tzinfo=clock.LOCAL_TZ))
        .filter(Q(hour__gte=OFF_HOURS_START) | Q(hour__lt=OFF_HOURS_END))
    )
    actors = rows.values_list("actor_label", flat=True).distinct().order_by("actor_label")
    return rows.count(), list(actors)


def _late(decided_at: datetime | None, due_on: date) -> bool:
    return decided_at is not None and clock.to_local(decided_at).date() > due_on


def _requests(start: datetime, end: datetime, date_to: date) -> list[RequestRow]:
    rows = []
    for kind in DataRequestKind:
        of_kind = DataRequest.objects.filter(kind=kind)
        decided = of_kind.filter(decided_at__gte=start, decided_at__lt=end)
        # Open at the end of the period: not decided by then (a later decision does not rewrite the past).
        still_open = of_kind.filter(submitted_at__lt=end).filter(
            Q(decided_at__isnull=True) | Q(decided_at__gte=end)
        )
        rows.append(
            RequestRow(
                kind=kind.value,
                label=str(kind.label),
                received=of_kind.filter(submitted_at__gte=start, submitted_at__lt=end).count(),
                decided=decided.count(),
                decided_late=len(
                    [at for due, at in decided.values_list("due_on", "decided_at") if _late(at, due)]
                ),
                open=still_open.count(),
                # Due on a day that has ended by the end of the period (or by now, for a period ending today).
                open_overdue=still_open.filter(
                    due_on__lt=min(date_to + timedelta(days=1), clock.local_today())
                ).count(),
            )
        )
    return rows


def _retention(start: datetime, end: datetime) -> list[RetentionRow]:
    days: dict[str, int] = settings.FAWANG_RETENTION_DAYS
    rows = []
    for rule in RULES:
        real = RetentionRun.objects.filter(category=rule.category, dry_run=False)
        in_period = real.filter(at__gte=start, at__lt=end)
        last = real.filter(at__lt=end).order_by("-at").values_list("at", flat=True).first()
        rows.append(
            RetentionRow(
                category=rule.category,
                label=rule.label,
                days=days.get(rule.category),
                real_runs=in_period.count(),
                purged=sum(in_period.values_list("purged", flat=True)),
                last_real_run=last,
            )
        )
    return rows


def _request_and_retention_findings(report: ComplianceReport) -> list[str]:
    found = []
    for row in report.requests:
        if row.open_overdue:
            found.append(
                _("%(kind)s请求 %(n)s 件逾期未处理（个人信息保护法第五十条）。")
                % {"kind": row.label, "n": row.open_overdue}
            )
        if row.decided_late:
            found.append(
                _("%(kind)s请求 %(n)s 件超过答复期限才处理。") % {"kind": row.label, "n": row.decided_late}
            )
    for ret in report.retention:
        if ret.category != "audit_log" and not ret.real_runs:
            found.append(_("期间内未执行“%(rule)s”的到期清理（M10）。") % {"rule": _(ret.label)})
    return found


def _findings(report: ComplianceReport) -> list[str]:
    found = []
    if not report.officer:
        found.append(
            _("未公布个人信息保护负责人联系方式（个人信息保护法第五十二条；配置 FAWANG_PI_OFFICER_*）。")
        )
    if report.chain_first_bad_id is not None:
        found.append(
            _("审计日志哈希链在第 %(id)s 条处断开，须立即核查（M6）。") % {"id": report.chain_first_bad_id}
        )
    found += _request_and_retention_findings(report)
    if report.off_hours:
        names = _("、").join(report.off_hours_actors[:5])
        found.append(
            _("非工作时间查看完整信息或导出 %(n)s 次（%(names)s），请抽查其事由。")
            % {"n": report.off_hours, "names": names}
        )
    if report.incidents_open:
        found.append(
            _("期间内发现的个人信息安全事件 %(n)s 起尚未结案（M11）。") % {"n": report.incidents_open}
        )
    denied = report.actions.get(AuditAction.DENIED.value, 0)
    if denied:
        found.append(_("越权访问被拒绝 %(n)s 次，请核查相关账户。") % {"n": denied})
    return found


def compliance_report_build(*, actor: User, date_from: date, date_to: date) -> ComplianceReport:
    """Build the report for whole local days date_from..date_to (M13): for system administrators, and for the
    system actor of the command that operators run on the server."""
    if not (actor.username == SYSTEM_USERNAME or user_is_admin(user=actor)):
        raise PermissionDeniedError("只有系统管理员可以生成个人信息保护合规审计报告。")
    period_check(date_from, date_to)
    start, end = _bounds(date_from, date_to)
    entries = AuditEntry.objects.filter(at__gte=start, at__lt=end)
    actions, actors, top = _access(entries)
    off_hours, off_hours_actors = _off_hours(entries)
    chain = audit_chain_verify()
    incidents = SecurityIncident.objects.filter(detected_at__gte=start, detected_at__lt=end)
    report = ComplianceReport(
        date_from=date_from,
        date_to=date_to,
        generated_at=clock.now(),
        officer=pi_officer_contact(),
        actions=actions,
        actors=actors,
        top_actors=top,
        off_hours=off_hours,
        off_hours_actors=off_hours_actors,
        requests=_requests(start, end, date_to),
        retention=_retention(start, end),
        login_failures=actions.get(AuditAction.LOGIN_FAILED.value, 0),
        incidents=incidents.count(),
        incidents_open=incidents.exclude(state=IncidentState.CLOSED).count(),
        chain_checked=chain.checked,
        chain_first_bad_id=chain.first_bad_id,
    )
    report.findings.extend(_findings(report))
    # Written after the figures, so the report does not count its own production.
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="security.ComplianceReport",
        object_id=f"{date_from}..{date_to}",
        summary=f"个人信息保护合规审计报告 {date_from} 至 {date_to}，发现 {len(report.findings)} 项",
    )
    return report
