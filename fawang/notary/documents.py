"""Notary documents rendered from the stored record: the certificate (公证书) and the application form (E1, E5)."""

from __future__ import annotations

from fawang.core import clock
from fawang.core.pdf import Document
from fawang.notary.catalogue import matter_type
from fawang.notary.models import NotaryCertificate, NotaryMatter
from fawang.people.idcard import id_number_mask


def certificate_document(certificate: NotaryCertificate) -> Document:
    matter = certificate.matter
    person = matter.case.requester
    doc = Document(title="公证书", reference=certificate.number)
    doc.fields(
        [
            (
                "申请人",
                f"{person.name if person else ''}，身份证号{id_number_mask(person.id_number) if person and person.id_number else '未登记'}",
            ),
            ("公证事项", matter_type(matter.matter_code).label),
            ("用途", matter.purpose),
        ]
    )
    doc.paragraph(certificate.statement)
    doc.signatures(
        [
            ("公证员", certificate.notary.name),
            (matter.office.name, f"（钢印） {clock.to_local(certificate.issued_at):%Y年%m月%d日}"),
        ]
    )
    if matter.fee_waived:
        doc.paragraph(f"公证费：已减免。{matter.fee_waiver_basis}")
    if certificate.revoked_at:
        doc.paragraph(f"本公证书已于{clock.to_local(certificate.revoked_at):%Y年%m月%d日}经复查撤销。")
    return doc


def application_document(matter: NotaryMatter) -> Document:
    """公证申请表 with the six fields of 程序规则 Art.17 (E1)."""
    person = matter.case.requester
    doc = Document(title="公证申请表", reference=f"工单编号：{matter.case.reference}")
    doc.fields(
        [
            ("申请人", person.name if person else ""),
            (
                "代理人",
                f"{matter.agent_name}（{matter.agent_relationship}；{matter.agent_authority}）"
                if matter.is_proxy
                else "本人申请",
            ),
            ("申请公证的事项及用途", f"{matter_type(matter.matter_code).label}；{matter.purpose}"),
            ("申请公证的文书", matter.documents),
            ("提交证明材料件数", str(matter.proofs_count)),
            ("证人姓名及联系方式", matter.witnesses),
            ("申请日期", f"{matter.applied_on:%Y年%m月%d日}"),
            ("其他需要说明的情况", matter.other_notes),
        ]
    )
    doc.heading("材料清单（程序规则第18条）").items(
        [f"{m.label}：{m.get_state_display()}" for m in matter.materials.order_by("article_item", "id")]
    )
    doc.signatures([("申请人", matter.get_signed_by_display())])
    return doc
