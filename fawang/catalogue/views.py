"""Pages of the 事项清单 (G3, G4): the province editor under /work/catalogue/ and the public list at /services/."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from fawang.accounts.models import User
from fawang.catalogue.forms import RetireForm, ServiceItemForm
from fawang.catalogue.models import FREE_KINDS, ServiceItem, ServiceKind
from fawang.catalogue.selectors import (
    catalogue_item_get_for_user,
    catalogue_item_list_for_user,
    catalogue_item_list_public,
    catalogue_provinces_for_user,
    catalogue_public_provinces,
)
from fawang.catalogue.services import catalogue_item_create, catalogue_item_retire, catalogue_item_update
from fawang.core import clock
from fawang.core.access import public
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.regions.models import Region
from fawang.supervision.tables import XLSX, Cell, Table, table_to_xlsx

EXPORT_HEADERS = (
    "省（区、市）",
    "事项编码",
    "事项名称",
    "服务类别",
    "服务对象",
    "服务内容",
    "服务方式",
    "收费情况",
    "收费依据",
    "提供主体",
    "设立依据",
    "施行日期",
    "截止日期",
    "状态",
)

# Where a citizen starts the service of each kind on the portal, where it has a page.
APPLY_URLS: dict[ServiceKind, tuple[str, tuple[str, ...], StrOrPromise]] = {
    ServiceKind.EDUCATION: ("education:index", (), gettext_lazy("学法律")),
    ServiceKind.CONSULTATION: ("knowledge:ask", (), gettext_lazy("我要咨询")),
    ServiceKind.LEGAL_AID: ("portal:apply-start", ("legal-aid",), gettext_lazy("申请法律援助")),
    ServiceKind.MEDIATION: ("portal:apply-start", ("mediation",), gettext_lazy("申请人民调解")),
    ServiceKind.NOTARY: ("portal:apply-start", ("notary",), gettext_lazy("申请办理公证")),
    ServiceKind.APPRAISAL: ("portal:apply-start", ("appraisal",), gettext_lazy("了解司法鉴定")),
    ServiceKind.LAWYER: ("portal:directory", (), gettext_lazy("找律师")),
}


@dataclass(frozen=True)
class KindGroup:
    kind: ServiceKind
    free: bool
    items: list[ServiceItem]
    apply_url: str
    apply_label: StrOrPromise


def _groups(items: list[ServiceItem]) -> list[KindGroup]:
    groups = []
    for kind in ServiceKind:
        of_kind = [i for i in items if i.kind == kind]
        if not of_kind:
            continue
        name, args, label = APPLY_URLS.get(kind, ("", (), ""))
        groups.append(
            KindGroup(kind, kind in FREE_KINDS, of_kind, reverse(name, args=args) if name else "", label)
        )
    return groups


@public
@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """The province's items in force, grouped by kind (G3). ``?province=<12-digit code>`` picks the province; with
    only one publishing province it is shown directly."""
    provinces = list(catalogue_public_provinces())
    code = (request.GET.get("province") or "").strip()[:12]
    if not code and len(provinces) == 1:
        code = provinces[0].code
    context: dict[str, object] = {
        "provinces": provinces,
        "province": None,
        "groups": [],
        "free_kinds": FREE_KINDS,
    }
    if code:
        province = next((p for p in provinces if p.code == code), None)
        if province is None:
            context["error"] = _("未找到该省（区、市）公布的公共法律服务事项清单，请从列表中选择。")
            return render(request, "catalogue/public_list.html", context, status=404)
        on = clock.local_today()
        context.update(
            province=province,
            on=on,
            groups=_groups(list(catalogue_item_list_public(province=province, on=on))),
        )
    return render(request, "catalogue/public_list.html", context)


def _editor(request: HttpRequest) -> tuple[User, list[Region]]:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDeniedError()
    provinces = list(catalogue_provinces_for_user(user=user))
    if not provinces:
        raise PermissionDeniedError(_("事项清单由省级司法行政机关的管理员或督办管理员维护。"))
    return user, provinces


def _forbidden(request: HttpRequest, exc: DomainError) -> HttpResponse:
    title = _("未找到") if isinstance(exc, NotFoundError) else _("无权操作")
    return render(
        request, "catalogue/denied.html", {"title": title, "message": exc.message}, status=exc.status_code
    )


@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    """The editor's list; the kind filter swaps only the table for htmx requests."""
    try:
        user, provinces = _editor(request)
    except PermissionDeniedError as exc:
        return _forbidden(request, exc)
    items = catalogue_item_list_for_user(user=user)
    kind = request.GET.get("kind", "")
    if kind in ServiceKind.values:
        items = items.filter(kind=kind)
    context = {"items": items, "provinces": provinces, "kinds": ServiceKind.choices, "kind": kind}
    template = (
        "catalogue/partials/item_table.html" if getattr(request, "htmx", False) else "catalogue/manage.html"
    )
    return render(request, template, context)


def _save(request: HttpRequest, item_id: int | None) -> HttpResponse:
    try:
        user, provinces = _editor(request)
        item = None if item_id is None else catalogue_item_get_for_user(user=user, item_id=item_id)
    except (PermissionDeniedError, NotFoundError) as exc:
        return _forbidden(request, exc)
    choices = [(p.pk, p.name) for p in provinces]
    initial = (
        ServiceItemForm.initial_for(item) if item is not None else {"effective_from": clock.local_today()}
    )
    form = ServiceItemForm(request.POST or None, provinces=choices, initial=initial)
    if item is not None:
        form.fields["province"].disabled = True  # an item stays in its province's list
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                by_pk = {p.pk: p for p in provinces}
                saved = catalogue_item_create(
                    actor=user, province=by_pk[form.cleaned_data["province"]], data=form.to_input()
                )
            else:
                saved = catalogue_item_update(actor=user, item=item, data=form.to_input())
        except DomainError as exc:  # G4 refusals, duplicates, other provinces
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("事项“%(name)s”已保存。") % {"name": saved.name})
            return redirect("catalogue:manage")
    context = {"form": form, "item": item, "retire_form": RetireForm()}
    return render(request, "catalogue/item_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, item_id: int) -> HttpResponse:
    return _save(request, item_id)


@require_POST
def retire(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        user, _provinces = _editor(request)
        item = catalogue_item_get_for_user(user=user, item_id=item_id)
    except (PermissionDeniedError, NotFoundError) as exc:
        return _forbidden(request, exc)
    form = RetireForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明停用原因。"))
        return redirect("catalogue:edit", item_id=item.pk)
    try:
        catalogue_item_retire(actor=user, item=item, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("catalogue:edit", item_id=item.pk)
    messages.success(request, _("事项“%(name)s”已停用，不再在公开清单中显示。") % {"name": item.name})
    return redirect("catalogue:manage")


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The editor's list as an Excel sheet, with the same columns as the published list; the export is audited."""
    try:
        user, provinces = _editor(request)
    except PermissionDeniedError as exc:
        return _forbidden(request, exc)
    with translation.override(settings.LANGUAGE_CODE):  # the official list, in Mandarin like its headers (L8)
        rows: list[tuple[Cell, ...]] = [
            (
                i.province.name,
                i.code,
                i.name,
                str(i.get_kind_display()),
                i.target_group,
                i.content,
                "、".join(i.mode_labels),
                str(i.get_fee_status_display()),
                i.fee_basis,
                i.provider_label,
                i.basis,
                i.effective_from.isoformat(),
                i.effective_to.isoformat() if i.effective_to else "",
                "公开" if i.active else f"已停用：{i.retire_reason}",
            )
            for i in catalogue_item_list_for_user(user=user)
        ]
    table = Table("service_items", "公共法律服务事项清单", EXPORT_HEADERS, rows)
    subtitle = "、".join(p.name for p in provinces)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="catalogue.ServiceItem",
        summary=f"{table.title} rows={len(rows)} {subtitle}",
    )
    response = HttpResponse(table_to_xlsx(table, subtitle=subtitle), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="service_items.xlsx"'
    return response
