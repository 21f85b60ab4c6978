"""Mediation documents rendered from the stored record (D4, D6, D8): the agreement (调解协议书), the termination
notice (终止调解告知书) and the judicial-confirmation application with its pack."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from fawang.core import clock
from fawang.core.pdf import Document
from fawang.mediation.models import (
    AgreementKind,
    JudicialConfirmation,
    MediationAgreement,
    MediationCase,
    MediationTermination,
)
from fawang.mediation.selectors import CONTACT_ITEMS, party_service_contact, party_service_contact_items
from fawang.people.idcard import id_number_mask

if TYPE_CHECKING:
    from fawang.mediation.registry import Register

ROUTES = "可以依法通过仲裁、行政、司法等途径维护自己的权利"


def _when(moment: datetime | None) -> str:
    return f"{clock.to_local(moment):%Y年%m月%d日}" if moment else ""


def _parties(mediation: MediationCase) -> list[tuple[str, str]]:
    rows = []
    for party in mediation.parties.select_related("person").order_by("side", "id"):
        person = party.person
        idn = id_number_mask(person.id_number) if person.id_number else "未登记"
        address = party_service_contact(party=party, missing="未登记").address  # M14
        rows.append((party.get_side_display(), f"{person.name}，身份证号{idn}，住址{address}"))
    return rows


def agreement_document(agreement: MediationAgreement) -> Document:
    """人民调解法 Art.29: parties; facts, issues, responsibilities; terms, manner and time of performance;
    signatures of every party, the mediator and the committee seal; one copy per party and one for the file."""
    mediation = agreement.mediation
    signed = {s.party_id: s for s in agreement.signatures.all()}
    parties = list(mediation.parties.select_related("person").order_by("side", "id"))
    title = "人民调解协议书" if agreement.kind == AgreementKind.WRITTEN else "口头调解协议记录"
    doc = Document(title=title, reference=f"编号：{agreement.number}")
    doc.heading("一、当事人基本情况").fields(_parties(mediation))
    doc.heading("二、纠纷主要事实").paragraph(agreement.facts)
    doc.heading("三、争议事项").paragraph(agreement.issues)
    doc.heading("四、各方当事人的责任").paragraph(agreement.responsibilities)
    doc.heading("五、经调解，自愿达成如下协议").paragraph(agreement.terms)
    doc.fields(
        [
            ("履行方式", agreement.performance_manner),
            ("履行期限", f"{agreement.performance_due:%Y年%m月%d日}前"),
        ]
    )
    if agreement.kind == AgreementKind.WRITTEN:
        doc.paragraph(
            "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
            f"本协议一式{len(parties) + 1}份，当事人各执一份，人民调解委员会留存一份。"
        )
    else:
        doc.paragraph(
            "本口头调解协议自各方当事人达成协议之日起生效，由人民调解员记录存档（人民调解法第28条、第30条）。"
        )
    rows = []
    for party in parties:
        sig = signed.get(party.pk)
        rows.append(
            (
                f"当事人 {party.person.name}",
                f"{sig.get_method_display()} {_when(sig.signed_at)}" if sig else "",
            )
        )
    rows.append(
        (
            f"人民调解员 {agreement.mediator.name}",
            f"已签名 {_when(agreement.mediator_signed_at)}" if agreement.mediator_signed_at else "",
        )
    )
    if agreement.kind == AgreementKind.WRITTEN:
        rows.append(
            (
                mediation.committee.name,
                f"（印章） {_when(agreement.sealed_at)}" if agreement.sealed_at else "",
            )
        )
    doc.signatures(rows)
    doc.paragraph(f"生效日期：{_when(agreement.effective_at) or '尚未生效'}")
    return doc


def termination_document(termination: MediationTermination) -> Document:
    """终止调解告知书 (人民调解法 Art.26; D6)."""
    mediation = termination.mediation
    doc = Document(title="终止调解告知书", reference=f"工单编号：{mediation.case.reference}")
    doc.fields(_parties(mediation))
    doc.paragraph(
        f"你们之间的纠纷（{mediation.case.title}），经{mediation.committee.name}调解，因以下原因终止调解："
    )
    doc.fields([("终止理由", termination.get_ground_display()), ("情况说明", termination.explanation)])
    doc.paragraph(
        f"根据《中华人民共和国人民调解法》第二十六条，现告知：当事人{ROUTES}，"
        "包括申请仲裁、请求有关行政机关处理，或者向人民法院提起诉讼。"
    )
    doc.signatures([(mediation.committee.name, f"（印章） {_when(termination.notified_at)}")])
    return doc


def confirmation_document(confirmation: JudicialConfirmation) -> Document:
    """Joint application for judicial confirmation with its pack (人民调解法 Art.33; 最高法 2011 规定; D8)."""
    mediation = confirmation.mediation
    agreement = MediationAgreement.objects.get(mediation=mediation)
    doc = Document(title="司法确认申请书", reference=f"调解协议编号：{agreement.number}")
    doc.fields([("受理法院", confirmation.court)] + _parties(mediation))
    doc.paragraph(
        f"申请人于{_when(agreement.effective_at)}经{mediation.committee.name}调解达成调解协议，"
        "现依据《中华人民共和国人民调解法》第三十三条共同申请人民法院确认该调解协议有效。"
        "申请人保证出于真实意思表示，不存在恶意串通、规避法律的行为。"
    )
    # The contact lines are printed as they stand today, not as stored at application: a party flagged since then
    # must not have the registered address or number printed (M14).
    pack = [i for i in confirmation.pack if i["item"] not in CONTACT_ITEMS]
    pack += party_service_contact_items(mediation)
    doc.heading("附：申请材料清单").items([f"{i['item']}：{i['detail']}" for i in pack])
    doc.signatures([(f"申请人 {p.person.name}", "") for p in mediation.parties.select_related("person")])
    doc.paragraph(f"申请日期：{_when(confirmation.applied_at)}")
    return doc


def court_notice_document(reg: Register) -> Document:
    """人民调解委员会设立及人员组成情况通报 to the basic court (人民调解法 Art.6; D10), from the register."""
    place, t = reg.region.name, reg.totals
    doc = Document(
        title="人民调解委员会设立及人员组成情况通报", reference=f"{place} · 截至{reg.on:%Y年%m月%d日}"
    )
    doc.paragraph(f"{place}人民法院：")
    doc.paragraph(
        f"根据《中华人民共和国人民调解法》第六条，现将本辖区人民调解委员会设立及人员组成情况通报如下："
        f"共有人民调解委员会{len(reg.rows)}个，委员{t['members']}人，其中妇女{t['women']}人、"
        f"少数民族{t['minorities']}人；{reg.since:%Y年%m月%d日}至{reg.on:%Y年%m月%d日}受理纠纷"
        f"{t['accepted']}件，达成调解协议{t['agreed']}件，终止调解{t['terminated']}件。"
    )
    for row in reg.rows:
        doc.heading(f"{row.committee.name}（{row.committee.region.name}）")
        members = "、".join(
            f"{m.name}（{m.get_role_display()}，任期至{m.term_end:%Y年%m月}）" for m in row.members
        )
        doc.fields(
            [
                ("委员", members or "无在任委员"),
                ("组成情况", "；".join(row.problems) or "符合人民调解法第八条"),
            ]
        )
    changes = [f"{m.committee.name}：{m.name}任职（{m.term_start:%Y-%m-%d}）" for m in reg.joined]
    changes += [f"{m.committee.name}：{m.name}离任（{m.left_on:%Y-%m-%d}）" for m in reg.left]
    doc.heading("期间人员调整").items(changes or ["无"])
    doc.signatures([(f"{place}司法局", f"（印章） {clock.local_today():%Y年%m月%d日}")])
    return doc
