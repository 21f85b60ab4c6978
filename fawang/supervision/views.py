"""Supervisor dashboards (K2), drill-down to the cases behind a number, Excel export, supervision orders (K3),
surveys, and the public disclosure page (G2, C15, K7). Thin: parse, check jurisdiction, call, render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import user_is_staff_member, user_roles
from fawang.cases.languages import languages_offered
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user, case_list_for_user, case_roles_for_user
from fawang.cases.states import DueState
from fawang.core import clock
from fawang.core.access import public
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.evaluation.selectors import rectification_list_for_user
from fawang.people.selectors import person_contact_route
from fawang.regions.models import Region, RegionLevel
from fawang.regions.selectors import region_ancestors
from fawang.supervision import services
from fawang.supervision.indicators import (
    INDICATORS_BY_CODE,
    UNIT_LABELS,
    IndicatorValue,
    Unit,
    indicator_cases,
    indicator_compute_all,
)
from fawang.supervision.measures import child_prefix_length
from fawang.supervision.models import Publication, Questionnaire, SupervisionOrder
from fawang.supervision.periods import Scope, period_parse, scope_make, year_to_date
from fawang.supervision.selectors import (
    AtRisk,
    at_risk_summary,
    case_count_by_language,
    open_cases,
    publication_list_public,
    questionnaire_list_for_user,
    supervision_home_region,
    supervision_order_get_for_user,
    supervision_order_list_for_user,
    supervision_prefixes,
    supervision_region_check,
)
from fawang.supervision.tables import XLSX, Table, table_to_xlsx

EXPORT_ROW_LIMIT = 2000


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError("请先登录。")
    return request.user


def _staff(request: HttpRequest) -> User:
    """Supervision pages show staff records (event log, internal orders): staff only, never the requester (M4)."""
    user = _user(request)
    if not user_is_staff_member(user=user):
        raise PermissionDeniedError("督办页面仅供工作人员使用。")
    return user


def _refuse(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "supervision/error.html", {"message": exc.message}, status=exc.status_code)


def _scope(request: HttpRequest, region: Region) -> Scope:
    default_from, default_to = year_to_date()
    raw_from, raw_to = request.GET.get("from", ""), request.GET.get("to", "")
    date_from = period_parse(raw_from, "开始日期") if raw_from else default_from
    date_to = period_parse(raw_to, "结束日期") if raw_to else default_to
    return scope_make(region=region, date_from=date_from, date_to=date_to)


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFoundError(f"未找到区划代码 {code}。")
    return region


def _period_query(scope: Scope) -> str:
    return f"from={scope.date_from}&to={scope.date_to}"


def _display(value: IndicatorValue) -> str:
    if not value.available:
        return _("暂无数据")
    if value.value is None:
        return "—"
    return f"{value.value}%" if value.unit is Unit.PERCENT else str(value.value)


def _status(value: IndicatorValue) -> str:
    if value.meets_target is None:
        return "—"
    return _("达标") if value.meets_target else _("未达标")


def _cases_url(scope: Scope, code: str, key: str | None = None) -> str:
    url = f"{reverse('supervision:cases')}?region={scope.region.code}&{_period_query(scope)}&indicator={code}"
    return url + (f"&key={key}" if key else "")


def _indicator_table(scope: Scope, values: list[IndicatorValue]) -> Table:
    rows: list[tuple[Any, ...]] = []
    links: list[str | None] = []
    for v in values:
        if v.unit is Unit.BREAKDOWN:
            continue
        target = "—" if v.target is None else (f"{v.target}%" if v.unit is Unit.PERCENT else str(v.target))
        rows.append(
            (
                _(v.name),
                _display(v),
                _(UNIT_LABELS[v.unit]),
                target,
                _status(v),
                v.numerator,
                v.denominator,
                v.reason,
            )
        )
        links.append(_cases_url(scope, v.code) if INDICATORS_BY_CODE[v.code].cases else None)
    return Table(
        "indicators",
        _("主要指标"),
        (_("指标"), _("数值"), _("单位"), _("目标"), _("达标情况"), _("分子/数量"), _("分母"), _("说明")),
        rows,
        links,
    )


def _breakdown_table(scope: Scope, value: IndicatorValue) -> Table:
    rows: list[tuple[Any, ...]] = [(label, n) for _, label, n in value.breakdown]
    links: list[str | None] = [_cases_url(scope, value.code, key) for key, _, _ in value.breakdown]
    return Table(value.code.replace(".", "_"), _(value.name), (_("分组"), _("工单数")), rows, links)


def _children_table(scope: Scope, by_region: IndicatorValue, at_risk: AtRisk) -> Table:
    region = scope.region
    if region.level == RegionLevel.VILLAGE:
        return Table("children", _("下级区划"), (_("区划"), _("受理量"), _("未办结超期")), [], [])
    length = child_prefix_length(region)
    volumes = {key: n for key, _, n in by_region.breakdown}
    rows: list[tuple[Any, ...]] = []
    links: list[str | None] = []
    for child in region.children.order_by("code"):
        rows.append(
            (child.name, volumes.get(child.code, 0), at_risk.overdue_by_child.get(child.code[:length], 0))
        )
        links.append(f"{reverse('supervision:region', args=[child.code])}?{_period_query(scope)}")
    return Table("children", _("下级区划"), (_("区划"), _("受理量"), _("未办结超期")), rows, links)


def _units_table(scope: Scope, at_risk: AtRisk) -> Table:
    rows: list[tuple[Any, ...]] = [(e["unit"], e["overdue"], e["due_soon"]) for e in at_risk.units]
    due_url = f"{reverse('supervision:cases')}?region={scope.region.code}&due="
    return Table(
        "units",
        _("超期和即将到期工单（按承办单位）"),
        (_("承办单位"), _("已超期"), _("即将到期")),
        rows,
        [due_url + "overdue" for _ in rows],
    )


def _rectification_table(user: User, scope: Scope) -> Table:
    rows = (
        rectification_list_for_user(user=user, open_only=True)
        .filter(region__code__startswith=scope.prefix)
        .values_list("owner_label")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner_label")
    )
    return Table(
        "rectifications",
        _("未办结差评整改（按责任单位）"),
        (_("责任单位"), _("未办结")),
        [tuple(r) for r in rows],
        [],
    )


def _orders_table(user: User, scope: Scope) -> Table:
    orders = supervision_order_list_for_user(user=user).filter(case__region__code__startswith=scope.prefix)[
        :200
    ]
    rows: list[tuple[Any, ...]] = [
        (o.case.reference, o.case.title, o.due_at.strftime("%Y-%m-%d"), o.get_state_display()) for o in orders
    ]
    links: list[str | None] = [reverse("supervision:case", args=[o.case.reference]) for o in orders]
    return Table("orders", _("督办中的工单"), (_("工单"), _("事项"), _("督办期限"), _("状态")), rows, links)


def _language_table(user: User, scope: Scope) -> list[Table]:
    """A12: requests by intake language; shown where the deployment offers more than 普通话."""
    if not languages_offered():
        return []
    rows: list[tuple[Any, ...]] = [
        (label, n) for _, label, n in case_count_by_language(user=user, scope=scope)
    ]
    return [Table("languages", _("受理量（按受理语言）"), (_("受理语言"), _("工单数")), rows, [])]


def _dashboard_tables(user: User, scope: Scope, values: list[IndicatorValue]) -> list[Table]:
    by_code = {v.code: v for v in values}
    at_risk = at_risk_summary(user=user, region=scope.region, child_length=child_prefix_length(scope.region))
    return [
        _indicator_table(scope, values),
        _children_table(scope, by_code["volume.by_region"], at_risk),
        _units_table(scope, at_risk),
        _rectification_table(user, scope),
        _orders_table(user, scope),
        *(
            _breakdown_table(scope, by_code[c])
            for c in ("volume.by_month", "volume.by_channel", "volume.by_service", "volume.by_category")
        ),
        *_language_table(user, scope),
    ]


def _export(user: User, table: Table, subtitle: str, object_id: str) -> HttpResponse:
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="supervision.table",
        object_id=object_id[:64],
        summary=f"{table.title} rows={len(table.rows)} {subtitle}",
    )
    response = HttpResponse(table_to_xlsx(table, subtitle=subtitle), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{table.key}.xlsx"'
    return response


def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        region = supervision_home_region(user=user)
    except DomainError as exc:
        return _refuse(request, exc)
    query = request.GET.urlencode()
    return redirect(reverse("supervision:region", args=[region.code]) + (f"?{query}" if query else ""))


def region_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    try:
        region = _region(code)
        supervision_region_check(user=user, region=region)
        scope = _scope(request, region)
        values = indicator_compute_all(region=region, date_from=scope.date_from, date_to=scope.date_to)
    except DomainError as exc:
        return _refuse(request, exc)
    tables = _dashboard_tables(user, scope, values)
    subtitle = _("%(region)s %(start)s 至 %(end)s") % {
        "region": region.name,
        "start": scope.date_from,
        "end": scope.date_to,
    }
    wanted = request.GET.get("export")
    if wanted:
        table = next((t for t in tables if t.key == wanted), None)
        if table is None:
            raise Http404
        return _export(user, table, subtitle, f"{region.code}:{wanted}")
    by_code = {v.code: v for v in values}
    prefixes = supervision_prefixes(user=user)
    crumbs = [r for r in region_ancestors(region=region) if any(r.code.startswith(p) for p in prefixes)]
    charts = {
        key: {
            "labels": [label for _, label, _ in by_code[code].breakdown],
            "values": [n for _, _, n in by_code[code].breakdown],
        }
        for key, code in (
            ("months", "volume.by_month"),
            ("channels", "volume.by_channel"),
            ("services", "volume.by_service"),
        )
    }
    context = {
        "region": region,
        "scope": scope,
        "crumbs": crumbs,
        "tables": [(t, list(zip(t.rows, t.links or [None] * len(t.rows), strict=True))) for t in tables],
        "charts": charts,
        "total": by_code["volume.total"].value,
        "is_supervisor": Role.SUPERVISOR in user_roles(user=user),
        "period_query": _period_query(scope),
    }
    return render(request, "supervision/dashboard.html", context)


def _drilldown_cases(user: User, request: HttpRequest) -> tuple[QuerySet[Case], str, Scope]:
    region = _region(request.GET.get("region", ""))
    supervision_region_check(user=user, region=region)
    scope = _scope(request, region)
    due = request.GET.get("due", "")
    code = request.GET.get("indicator", "")
    if due in (DueState.OVERDUE, DueState.DUE_SOON):
        rows = open_cases(user=user, region=region).filter(due_state=due)
        label = _("%(region)s %(due)s的未办结工单") % {"region": region.name, "due": DueState(due).label}
    else:
        if code not in INDICATORS_BY_CODE:
            raise DomainError("请从指标或表格中的数字进入工单明细。")
        key = request.GET.get("key") or None
        found = indicator_cases(code=code, scope=scope, key=key)
        if found is None:
            raise DomainError(f"“{INDICATORS_BY_CODE[code].name}”不是按工单统计的指标，没有工单明细。")
        rows = case_list_for_user(user=user).filter(pk__in=found.values("pk"))
        name = _(INDICATORS_BY_CODE[code].name) + (_("（%(key)s）") % {"key": key} if key else "")
        label = _("%(region)s %(indicator)s %(start)s 至 %(end)s") % {
            "region": region.name,
            "indicator": name,
            "start": scope.date_from,
            "end": scope.date_to,
        }
    rows = rows.select_related("region", "requester", "handler_site", "handler_institution").order_by(
        "-submitted_at"
    )
    return rows, label, scope


def _requester_name(case: Case) -> str:
    if case.requester is None:
        return ""
    if case.confidential:
        return _("（保密）")
    name = case.requester.name
    return name[:1] + "*" * max(len(name) - 1, 1)


def case_drilldown(request: HttpRequest) -> HttpResponse:
    """The 工单 behind a number (K2), only those in the user's scope; each drill-down is audited."""
    user = _user(request)
    try:
        rows, label, scope = _drilldown_cases(user, request)
    except DomainError as exc:
        return _refuse(request, exc)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="supervision.drilldown",
        object_id=scope.region.code,
        summary=request.GET.urlencode()[:500],
    )
    if request.GET.get("export") == "cases":
        limited = list(rows[:EXPORT_ROW_LIMIT])
        table = Table(
            "cases",
            _("工单明细"),
            (
                _("工单编号"),
                _("事项"),
                _("服务类型"),
                _("渠道"),
                _("状态"),
                _("辖区"),
                _("申请人"),
                _("受理时间"),
            ),
            [
                (
                    c.reference,
                    c.title,
                    c.get_service_type_display(),
                    c.get_channel_display(),
                    c.get_status_display(),
                    c.region.name,
                    _requester_name(c),
                    c.submitted_at.strftime("%Y-%m-%d"),
                )
                for c in limited
            ],
        )
        return _export(user, table, label, f"cases:{scope.region.code}")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/cases.html",
        {"page": page, "label": label, "query": query.urlencode(), "limit": EXPORT_ROW_LIMIT},
    )


def case_view(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        user = _staff(request)
        case = case_get_for_user(user=user, reference=reference)  # audited (K2)
    except DomainError as exc:
        return _refuse(request, exc)
    roles = case_roles_for_user(user=user, case=case)
    context = {
        "case": case,
        "requester_name": _requester_name(case),
        # M14: the workbench's label, so a flagged requester's registered number is not shown here either.
        "requester_phone": person_contact_route(person=case.requester).phone_label
        if not case.confidential
        else "",
        "events": case.events.select_related("actor").order_by("at", "id"),
        "deadlines": case.deadlines.order_by("started_at"),
        "orders": SupervisionOrder.objects.filter(case=case).order_by("-issued_at"),
        "can_issue": Role.SUPERVISOR in roles,
        "ratings": case.ratings.all(),
    }
    return render(request, "supervision/case.html", context)


@require_POST
def order_issue(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    try:
        due_on = period_parse(request.POST.get("due_on", ""), "督办期限")
        services.supervision_order_issue(
            actor=user, reference=reference, due_on=due_on, instruction=request.POST.get("instruction", "")
        )
    except DomainError as exc:
        return _refuse(request, exc)
    messages.success(request, _("已督办。"))
    return redirect("supervision:case", reference=reference)


@require_POST
def order_reply(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        order = services.supervision_order_reply(actor=user, order_id=pk, reply=request.POST.get("reply", ""))
    except DomainError as exc:
        return _refuse(request, exc)
    messages.success(request, _("已报告办理情况。"))
    return redirect("workbench:case", reference=order.case.reference)


@require_POST
def order_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        order = services.supervision_order_close(actor=user, order_id=pk, note=request.POST.get("note", ""))
    except DomainError as exc:
        return _refuse(request, exc)
    messages.success(request, _("督办单已办结。"))
    return redirect("supervision:case", reference=order.case.reference)


def order_list(request: HttpRequest) -> HttpResponse:
    try:
        user = _staff(request)
    except DomainError as exc:
        return _refuse(request, exc)
    orders = supervision_order_list_for_user(user=user, open_only=request.GET.get("all") != "1")[:500]
    return render(request, "supervision/orders.html", {"orders": orders})


def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        user = _staff(request)
        order = supervision_order_get_for_user(user=user, order_id=pk)
    except DomainError as exc:
        return _refuse(request, exc)
    return redirect("supervision:case", reference=order.case.reference)


@require_POST
def publish(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    try:
        region = _region(code)
        date_from = period_parse(request.POST.get("from", ""), "开始日期")
        date_to = period_parse(request.POST.get("to", ""), "结束日期")
        publication = services.disclosure_publish(
            actor=user, region=region, date_from=date_from, date_to=date_to
        )
    except DomainError as exc:
        return _refuse(request, exc)
    messages.success(request, _("已发布到公开页面。"))
    return redirect("supervision:public-detail", pk=publication.pk)


# --- surveys ------------------------------------------------------------------------------------------------


def _bool(raw: str | None) -> bool | None:
    return {"1": True, "0": False}.get(raw or "")


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def survey_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        try:
            region = _region(request.POST.get("region", ""))
            services.questionnaire_create(
                actor=user,
                title=request.POST.get("title", ""),
                region=region,
                opens_on=period_parse(request.POST.get("opens_on", ""), "开始日期"),
                closes_on=period_parse(request.POST.get("closes_on", ""), "截止日期"),
                online=request.POST.get("online") == "1",
                intro=request.POST.get("intro", ""),
            )
        except DomainError as exc:
            return _refuse(request, exc)
        messages.success(request, _("已创建问卷。"))
        return redirect("supervision:surveys")
    if not supervision_prefixes(user=user):
        return _refuse(request, PermissionDeniedError("您没有督办监测权限。"))
    return render(
        request, "supervision/surveys.html", {"questionnaires": questionnaire_list_for_user(user=user)}
    )


def _survey_regions(questionnaire: Questionnaire) -> QuerySet[Region]:
    return Region.objects.filter(
        code__startswith=questionnaire.region.prefix, level__lte=RegionLevel.TOWNSHIP
    ).order_by("code")


def _survey_submit(request: HttpRequest, questionnaire: Questionnaire, actor: User | None) -> None:
    region = _region(request.POST.get("region", ""))
    raw_day = request.POST.get("responded_on", "")
    services.survey_response_record(
        actor=actor,
        questionnaire=questionnaire,
        region=region,
        responded_on=period_parse(raw_day, "调查日期") if raw_day else clock.local_today(),
        aware=_bool(request.POST.get("aware")),
        first_choice=_bool(request.POST.get("first_choice")),
        satisfaction=_int(request.POST.get("satisfaction")),
        comment=request.POST.get("comment", ""),
        idempotency_key=request.POST.get("idempotency_key") or None,
    )


@require_http_methods(["GET", "POST"])
def survey_enter(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    questionnaire = questionnaire_list_for_user(user=user).filter(pk=pk).first()
    if questionnaire is None:
        return _refuse(request, NotFoundError())
    if request.method == "POST":
        try:
            _survey_submit(request, questionnaire, user)
        except DomainError as exc:
            return _refuse(request, exc)
        messages.success(request, _("已录入一份答卷。"))
        return redirect("supervision:survey-enter", pk=pk)
    context = {
        "q": questionnaire,
        "regions": _survey_regions(questionnaire),
        "staff": True,
        "key": uuid.uuid4().hex,
    }
    return render(request, "supervision/survey_form.html", context)


@public
@require_http_methods(["GET", "POST"])
def survey_online(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = Questionnaire.objects.filter(pk=pk, online=True).select_related("region").first()
    if questionnaire is None:
        raise Http404
    if request.method == "POST":
        try:
            _survey_submit(request, questionnaire, None)
        except DomainError as exc:
            return _refuse(request, exc)
        return render(request, "supervision/survey_thanks.html", {"q": questionnaire})
    context = {
        "q": questionnaire,
        "regions": _survey_regions(questionnaire),
        "staff": False,
        "key": uuid.uuid4().hex,
    }
    return render(request, "supervision/survey_form.html", context)


# --- public disclosure --------------------------------------------------------------------------------------


@public
def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "supervision/public_list.html", {"publications": publication_list_public()[:100]})


@public
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication: Publication | None = publication_list_public().filter(pk=pk).first()
    if publication is None:
        raise Http404
    return render(request, "supervision/public_detail.html", {"p": publication})
