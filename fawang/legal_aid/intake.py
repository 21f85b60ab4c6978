"""Window intake (实体平台, issue 6 item 1): likely duplicates (A16), the receipt (A13) and its content.

The intake page itself is the workbench's (`/work/intake/`); these services keep its rules in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from fawang.accounts.models import User
from fawang.cases.languages import DEFAULT_LANGUAGE
from fawang.cases.models import Case
from fawang.cases.states import TERMINAL_STATUSES, ServiceType, Status
from fawang.core import clock
from fawang.directory.models import WindowPost
from fawang.legal_aid.codes import HOTLINE
from fawang.legal_aid.documents import agency_name
from fawang.legal_aid.models import WindowReceipt
from fawang.people.models import Person

NEXT_STEPS: dict[str, str] = {
    ServiceType.CONSULTATION: "如需进一步帮助，可凭工单编号到窗口、拨打12348热线或登录网上平台咨询。",
    ServiceType.LEGAL_AID: "法律援助机构将自受理之日起七日内审查并作出决定；材料不齐全的，将一次性告知需补充的材料，补充期间不计入审查期限（法律援助法第四十三条）。",
    ServiceType.MEDIATION: "人民调解委员会将在征得各方同意后安排调解，并通知您调解时间和地点。",
    ServiceType.NOTARY: "请按公证处告知的时间，携带身份证件和材料原件到公证处办理。",
    ServiceType.APPRAISAL: "司法鉴定通常由办案机关委托；鉴定机构将在七个工作日内决定是否受理。",
}


def intake_duplicates_find(*, person: Person | None, service_type: str) -> QuerySet[Case]:
    """A16: the same person's still-open 工单 of the same service type."""
    if person is None or person.pk is None:
        return Case.objects.none()
    return (
        Case.objects.filter(requester=person, service_type=service_type)
        .exclude(status__in=[*TERMINAL_STATUSES, Status.RESOLVED])
        .order_by("-submitted_at")
    )


def _unit(case: Case, clerk_site: str) -> str:
    if case.service_type == ServiceType.LEGAL_AID:
        return agency_name(case)
    handler = case.handler_practitioner or case.handler_institution or case.handler_site
    return str(handler) if handler is not None else clerk_site


@transaction.atomic
def window_receipt_create(
    *,
    actor: User,
    case: Case,
    items: Sequence[tuple[str, int]],
    answered_on_spot: bool,
    answer: str = "",
    clerk_site: str = "",
    duplicate_of: Case | None = None,
    override_reason: str = "",
    window: WindowPost | None = None,
) -> WindowReceipt:
    existing = WindowReceipt.objects.filter(case=case).first()
    if existing is not None:  # the same form submitted twice (idempotency key): the first receipt
        return existing
    steps = (
        f"已当场解答：{answer}"
        if answered_on_spot
        else NEXT_STEPS.get(case.service_type, "承办单位将与您联系，可凭工单编号查询进度。")
    )
    return WindowReceipt.objects.create(
        case=case,
        items=[{"name": name, "quantity": quantity} for name, quantity in items],
        answered_on_spot=answered_on_spot,
        handling_unit=_unit(case, clerk_site)[:200],
        next_steps=steps,
        duplicate_of=duplicate_of,
        duplicate_override_reason=override_reason[:300],
        clerk=actor,
        window=window,
    )


def window_receipt_content(receipt: WindowReceipt) -> dict[str, Any]:
    """The printable receipt (page and PDF): reference, items, handling unit, next steps, 12348."""
    case = receipt.case
    day = clock.to_local(receipt.created_at).date().isoformat()
    return {
        "title": "公共法律服务受理回执",
        "number": f"{case.reference}-HZ",
        "reference": case.reference,
        "fields": [
            ["申请人", case.requester.name if case.requester else "—"],
            ["事项", case.title],
            ["服务类型", case.get_service_type_display()],
            *(
                [["受理语言", case.get_language_display()]] if case.language != DEFAULT_LANGUAGE else []
            ),  # A12
            ["受理时间", clock.to_local(case.submitted_at).strftime("%Y-%m-%d %H:%M")],
            *([["受理窗口", f"{receipt.window.site.name} {receipt.window}"]] if receipt.window else []),
            ["承办单位", receipt.handling_unit],
            ["优先办理", "是（特殊群体）" if case.priority != "normal" else "否"],
        ],
        "paragraphs": [
            f"后续办理：{receipt.next_steps}",
            f"查询进度：凭工单编号{case.reference}拨打{HOTLINE}或登录网上平台。",
        ],
        "items": [[i["name"], i["quantity"], day] for i in receipt.items],
        "item_headings": ["收取材料", "份数", "日期"],
        "basis": "",
        "rights": [],
        "issuer": receipt.handling_unit,
        "date": day,
    }
