"""The receipt of an online application (C7, A13): reference, handling unit, next steps and each material received
with its name, quantity and date. Stored as a snapshot and rendered as a page and as a PDF with the legal-aid
module's PDF helper (fpdf2 + Noto CJK)."""

from __future__ import annotations

from typing import Any

from fawang.cases.languages import DEFAULT_LANGUAGE
from fawang.cases.models import Case
from fawang.core import clock
from fawang.core.pdf import document_pdf
from fawang.legal_aid.intake import NEXT_STEPS
from fawang.portal.models import ApplicationDraft, ApplicationReceipt

TITLE = "网上申请材料接收回执"


def _unit(case: Case) -> str:
    if case.service_type == "legal_aid":
        from fawang.legal_aid.documents import agency_name

        return agency_name(case)
    handler = case.handler_practitioner or case.handler_institution or case.handler_site
    return str(handler) if handler is not None else f"{case.region.name}公共法律服务中心"


def receipt_issue(*, case: Case, draft: ApplicationDraft) -> ApplicationReceipt:
    """Write the receipt once per case (a resubmitted draft returns the first one)."""
    existing = ApplicationReceipt.objects.filter(case=case).first()
    if existing is not None:
        return existing
    now = clock.now()
    day = clock.to_local(now).date().isoformat()
    uploads = list(draft.uploads.all())
    items = [[u.label, u.quantity, day] for u in uploads]
    unit = _unit(case)
    content: dict[str, Any] = {
        "title": TITLE,
        "number": f"{case.reference}-WS",
        "reference": case.reference,
        "fields": [
            ["申请人", case.requester.name if case.requester else ""],
            ["事项", case.title],
            ["服务类型", case.get_service_type_display()],
            *(
                [["受理语言", case.get_language_display()]] if case.language != DEFAULT_LANGUAGE else []
            ),  # A12
            ["提交时间", clock.to_local(case.submitted_at).strftime("%Y-%m-%d %H:%M")],
            ["承办单位", unit],
        ],
        "paragraphs": [
            f"本平台已收到您的网上申请和下列材料，共{len(items)}项。"
            if items
            else "本平台已收到您的网上申请。您没有在网上上传材料，请按办理单位的通知提交。",
            f"后续办理：{NEXT_STEPS.get(case.service_type, '承办单位将与您联系。')}",
            f"查询进度：凭事项编号{case.reference}登录网上平台“我的事项”或拨打12348。",
        ],
        "items": items,
        "item_headings": ["收到的材料", "份数", "日期"],
        "basis": "材料接收回执载明每项材料的名称、数量和日期（C7）",
        "rights": [],
        "issuer": unit,
        "date": day,
    }
    return ApplicationReceipt.objects.create(case=case, number=content["number"], content=content)


def receipt_pdf(receipt: ApplicationReceipt) -> bytes:
    return document_pdf(receipt.content)
