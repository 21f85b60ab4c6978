"""Appraisal documents rendered from the stored record: the opinion (意见书, F9) and material receipts (F2)."""

from __future__ import annotations

from fawang.appraisal.models import AppraisalMaterial, AppraisalOpinion, MaterialHandover
from fawang.core import clock
from fawang.core.pdf import Document


def opinion_document(opinion: AppraisalOpinion) -> Document:
    commission = opinion.commission
    doc = Document(title="司法鉴定意见书", reference=opinion.number)
    doc.heading("一、基本情况").fields(
        [
            ("委托人", f"{commission.client_name}（{commission.get_client_kind_display()}）"),
            ("委托鉴定事项", commission.matter),
            ("鉴定用途", commission.purpose),
            (
                "受理日期",
                f"{clock.to_local(commission.agreement.signed_at):%Y年%m月%d日}"
                if hasattr(commission, "agreement") and commission.agreement.signed_at
                else "",
            ),
            ("鉴定材料", "；".join(str(m) for m in commission.materials.all())),
        ]
    )
    doc.heading("二、基本案情").paragraph(commission.background or "—")
    doc.heading("三、检验过程和分析说明").paragraph(opinion.basis)
    doc.heading("四、鉴定意见").paragraph(opinion.conclusion)
    dissents = [s for s in opinion.signatures.select_related("practitioner") if s.dissent]
    if dissents:
        doc.heading("不同意见").items([f"{s.practitioner.name}：{s.dissent}" for s in dissents])
    doc.signatures(
        [
            (
                f"司法鉴定人 {s.practitioner.name}（执业证号 {s.practitioner.licence_number}）",
                f"已签名 {clock.to_local(s.signed_at):%Y年%m月%d日}",
            )
            for s in opinion.signatures.select_related("practitioner").order_by("signed_at", "id")
        ]
        + [(commission.institution.name, "（司法鉴定专用章）")]
    )
    return doc


def receipt_document(receipt: MaterialHandover) -> Document:
    commission = receipt.commission
    materials = AppraisalMaterial.objects.filter(pk__in=receipt.material_ids).order_by("id")
    doc = Document(title="鉴定材料交接单", reference=f"交接单号：{receipt.receipt_number}")
    doc.fields(
        [
            ("委托人", commission.client_name),
            ("鉴定事项", commission.matter),
            ("交接类型", receipt.get_direction_display()),
            ("交接时间", f"{clock.to_local(receipt.at):%Y年%m月%d日 %H:%M}"),
        ]
    )
    doc.items(
        [
            f"{m.name}；{m.get_kind_display()}；数量{m.quantity}；性状{m.condition}；保管{m.storage}"
            for m in materials
        ]
    )
    doc.signatures([("移交人", receipt.handed_by), ("接收人", receipt.received_by)])
    return doc
