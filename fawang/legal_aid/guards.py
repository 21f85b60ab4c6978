"""Guards of the legal-aid lifecycle (cases/workflow/legal_aid.py): each returns a Chinese refusal naming the
statutory provision, or None. They read the application the legal-aid module recorded for the case; a bare
case without one is checked only on what the case itself carries (ADR 0021).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from fawang.cases.models import Case
from fawang.cases.states import Status
from fawang.core import clock
from fawang.directory.models import Practitioner, PractitionerKind
from fawang.eligibility.engine import Matter
from fawang.legal_aid.codes import REFUSAL_GROUNDS, TERMINATION_GROUNDS
from fawang.legal_aid.models import Assignment, Decision, DecisionKind, LegalAidApplication, Objection
from fawang.legal_aid.selectors import aid_policy_for, latest_snapshot

AID_PERSONNEL = frozenset(
    {PractitionerKind.LAWYER, PractitionerKind.GRASSROOTS_WORKER, PractitionerKind.LEGAL_AID_STAFF}
)
CAPITAL_MIN_YEARS = 3  # Art.26
PROVISIONAL_DAYS = 7  # Art.44(1)
REJECT_GROUNDS = {
    "not_competent": "不属于本机构受理，已告知向有权受理的法律援助机构申请（法律援助法第三十八条）"
}


def _application(case: Case) -> LegalAidApplication | None:
    return LegalAidApplication.objects.filter(case_id=case.pk).first()


def not_a_notice(case: Case, payload: Mapping[str, Any]) -> str | None:
    app = _application(case)
    if app is not None and app.is_notice:
        return "办案机关通知指派的案件应“受理办案机关通知”，不审查经济困难状况（法律援助法第二十五条、第三十六条）。"
    return None


def is_a_notice(case: Case, payload: Mapping[str, Any]) -> str | None:
    app = _application(case)
    if app is None or not app.is_notice:
        return "只有人民法院、人民检察院、公安机关通知指派的案件可以直接受理指派（法律援助法第三十六条）。"
    return None


def one_time_notice(case: Case, payload: Mapping[str, Any]) -> str | None:
    app = _application(case)
    notice = getattr(app, "missing_notice", None) if app is not None else None
    if notice is not None:
        issued = clock.to_local(notice.created_at).date().isoformat()
        return f"已于{issued}一次性告知需补充的全部材料，不得再次要求补充（法律援助法第四十三条，C6）。"
    return None


def reply_period_over(case: Case, payload: Mapping[str, Any]) -> str | None:
    app = _application(case)
    notice = getattr(app, "missing_notice", None) if app is not None else None
    if notice is not None and clock.local_today() <= notice.reply_by:
        return f"补充材料期限（{notice.reply_by.isoformat()}）尚未届满，不能视为撤回申请（法律援助法第四十三条）。"
    return None


def hardship_verified(case: Case, payload: Mapping[str, Any]) -> str | None:
    """C4: a grant records how hardship was verified, unless the means test is exempt or not required."""
    app = _application(case)
    if app is None or app.is_notice:
        return None
    snapshot = latest_snapshot(application=app)
    if snapshot is not None and snapshot.verdict == "ineligible":
        return "按已登记的事实，资格审查结论为不符合条件；请更正事实后重新审查，或作出不予法律援助的决定。"
    if snapshot is not None and snapshot.means_test in ("exempt", "not_required"):
        return None
    if not (payload.get("verification_mode") or app.verification_mode):
        return "请记录经济困难状况的核查方式：信息共享查询或个人诚信承诺（法律援助法第四十一条，C4）。"
    return None


def refusal_ground(case: Case, payload: Mapping[str, Any]) -> str | None:
    if _application(case) is not None and payload.get("ground") not in REFUSAL_GROUNDS:
        options = "、".join(g.label for g in REFUSAL_GROUNDS.values())
        return f"不予法律援助须写明法定事由，请选择：{options}。"
    return None


def reject_ground(case: Case, payload: Mapping[str, Any]) -> str | None:
    if _application(case) is not None and payload.get("ground") not in REJECT_GROUNDS:
        return (
            "法律援助申请不能“不予受理”：材料不全的应一次性告知，不符合条件的应作出不予法律援助决定；"
            "不属于本机构受理的，选择事由“" + REJECT_GROUNDS["not_competent"] + "”。"
        )
    return None


def _practitioner(payload: Mapping[str, Any]) -> Practitioner | None:
    try:
        return (
            Practitioner.objects.select_related("institution")
            .filter(pk=int(payload["practitioner_id"]))
            .first()
        )
    except (KeyError, TypeError, ValueError):
        return None


def years_of_practice_reached(start: date, today: date, years: int) -> bool:
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        anniversary = date(start.year + years, 3, 1)
    return anniversary <= today


def _criminal(app: LegalAidApplication) -> bool:
    return app.is_notice or app.matter == Matter.CRIMINAL_DEFENCE


def other_side_firm(case: Case, app: LegalAidApplication) -> tuple[int, str] | None:
    """C21: the firm of the lawyer aiding the opposing party, when the other side is aided too."""
    requester_id = case.requester_id
    others = LegalAidApplication.objects.exclude(pk=app.pk).filter(case__status__in=_OPEN)
    linked = []
    if app.opposing_party_id is not None:
        linked += list(others.filter(case__requester_id=app.opposing_party_id))
    if requester_id is not None:
        linked += list(others.filter(opposing_party_id=requester_id))
    for other in linked:
        current = (
            Assignment.objects.select_related("practitioner__institution")
            .filter(application=other, ended_at__isnull=True)
            .first()
        )
        if current is not None:
            return current.practitioner.institution_id, current.practitioner.institution.name
    return None


_OPEN = [Status.GRANTED, Status.ASSIGNED, Status.IN_PROGRESS, Status.UNDER_REVIEW]


def assignable(case: Case, payload: Mapping[str, Any]) -> str | None:
    """Art.16, 25, 26 (C10) and the different-firms rule when both sides are aided (C21)."""
    practitioner = _practitioner(payload)
    if practitioner is None:
        return "未找到指定的法律援助人员。"
    if not practitioner.active:
        return f"{practitioner.name}已不在岗，不能指派。"
    if practitioner.kind not in AID_PERSONNEL:
        return f"{practitioner}不是法律援助人员：只能指派律师、基层法律服务工作者或法律援助机构工作人员（法律援助法第十二条、第十六条）。"
    app = _application(case)
    if app is None:
        return None
    if _criminal(app) and practitioner.kind != PractitionerKind.LAWYER:
        return "刑事辩护法律援助只能指派律师（法律援助法第二十五条、第二十六条）。"
    if app.capital_case and not years_of_practice_reached(
        practitioner.practice_start, clock.local_today(), CAPITAL_MIN_YEARS
    ):
        return (
            "可能被判处无期徒刑、死刑的案件和死刑复核案件，应当指派具有三年以上相关执业经历的律师"
            f"（法律援助法第二十六条）；{practitioner.name}自{practitioner.practice_start.isoformat()}起执业，不足三年。"
        )
    other = other_side_firm(case, app)
    if other is not None and other[0] == practitioner.institution_id:
        return (
            f"对方当事人也获得法律援助，其承办人员属于{other[1]}；双方受援人应由不同律师事务所的人员承办"
            "（利益冲突回避，C21）。"
        )
    return None


def different_practitioner(case: Case, payload: Mapping[str, Any]) -> str | None:
    if str(case.handler_practitioner_id or "") == str(payload.get("practitioner_id") or ""):
        return "更换法律援助人员须指派另一名人员。"
    return None


def provisional_grounds(case: Case, payload: Mapping[str, Any]) -> str | None:
    """C8, Art.44: fewer than 7 days to a limitation or statutory deadline, or urgent preservation."""
    app = _application(case)
    if app is None:
        return "请先登记法律援助申请，记录时效届满日或保全需要（法律援助法第四十四条）。"
    if app.urgent_preservation:
        return None
    deadline = app.limitation_deadline
    if deadline is not None and 0 <= (deadline - clock.local_today()).days < PROVISIONAL_DAYS:
        return None
    return "先行提供法律援助仅限距法定时效或期限届满不足七日，或需立即申请保全、先予执行的情形（法律援助法第四十四条）。"


def provisional_pending(case: Case, payload: Mapping[str, Any]) -> str | None:
    app = _application(case)
    if app is None or app.provisional_at is None:
        return "该案件未先行提供法律援助。"
    if Decision.objects.filter(application=app, kind=DecisionKind.GRANT).exists():
        return "已作出给予法律援助的决定。"
    return None


def termination_ground(case: Case, payload: Mapping[str, Any]) -> str | None:
    if (
        payload.get("ground") not in TERMINATION_GROUNDS
    ):  # a new step: required with or without an application
        return "终止法律援助须选择法律援助法第四十八条规定的情形之一（C12）。"
    return None


def _last_adverse(app: LegalAidApplication) -> Decision | None:
    return (
        Decision.objects.filter(application=app, kind__in=[DecisionKind.REFUSE, DecisionKind.TERMINATE])
        .order_by("-decided_at", "-id")
        .first()
    )


def _pending(app: LegalAidApplication) -> Objection | None:
    return Objection.objects.filter(application=app, outcome="").first()


def objectionable(case: Case, payload: Mapping[str, Any]) -> str | None:
    """C11: only refusals and terminations, one pending objection at a time, within the configured window."""
    app = _application(case)
    if app is None:
        return None if case.status == Status.REFUSED else "只能对不予法律援助或终止法律援助的决定提出异议。"
    decision = _last_adverse(app)
    if decision is None or (case.status == Status.RESOLVED and decision.kind != DecisionKind.TERMINATE):
        return "只能对不予法律援助或终止法律援助的决定提出异议（法律援助法第四十九条）。"
    if (
        case.status == Status.RESOLVED
        and Decision.objects.filter(application=app, decided_at__gt=decision.decided_at).exists()
    ):
        return "只能对不予法律援助或终止法律援助的决定提出异议（法律援助法第四十九条）。"
    if _pending(app) is not None:
        return "已有异议正在审查，请等待司法行政部门的决定。"
    if Objection.objects.filter(decision=decision).exists():
        return "对该决定的异议已经审查完毕；对维持决定不服的，可以依法申请行政复议或者提起行政诉讼。"
    policy = aid_policy_for(region=case.region, on=clock.local_today())
    if policy is not None and policy.objection_window_days is not None:
        decided = clock.to_local(decision.decided_at).date()
        if (clock.local_today() - decided).days > policy.objection_window_days:
            return f"异议应在收到决定之日起{policy.objection_window_days}日内提出（{policy.source}），已超过期限。"
    return None


def objection_pending(case: Case, payload: Mapping[str, Any]) -> str | None:
    app = _application(case)
    if app is None or _pending(app) is None:
        return "没有待审查的异议。"
    return None


def no_pending_objection(case: Case, payload: Mapping[str, Any]) -> str | None:
    app = _application(case)
    if app is not None and _pending(app) is not None:
        return "异议正在审查中，暂不能归档（法律援助法第四十九条）。"
    return None


def was_terminated(case: Case, payload: Mapping[str, Any]) -> str | None:
    app = _application(case)
    decision = _last_adverse(app) if app is not None else None
    if decision is None or decision.kind != DecisionKind.TERMINATE:
        return "该案件不是被终止的法律援助案件。"
    return None


def closing_filed(case: Case, payload: Mapping[str, Any]) -> str | None:
    app = _application(case)
    if app is None:
        return None
    closing = getattr(app, "closing", None)
    if closing is None or not closing.documents.exists():
        return "结案须先提交法律文书副本和办理情况报告（法律援助法第五十条，C13）。"
    return None
