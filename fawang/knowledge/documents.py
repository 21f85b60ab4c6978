"""The written consultation opinion (法律咨询意见书, J7) as a PDF, rendered from the approved snapshot only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fawang.core import clock
from fawang.core.pdf import Document
from fawang.knowledge.models import ConsultationOpinion

NUMBERS = "一二三四五"


def _cited(citations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for c in citations:
        flag = "" if c.get("status") == "ok" else f"（{c.get('status_label', '需复核')}）"
        lines.append(f"《{c.get('law_title', '')}》{c.get('article_label', '')}{flag}")
    return lines


def opinion_document(opinion: ConsultationOpinion) -> Document:
    """The approved text as it was frozen at approval; the date is the day it was released to the citizen."""
    s = opinion.snapshot
    issued = opinion.released_at or datetime.fromisoformat(str(s["approved_at"]))
    doc = Document(title=str(s["title"]), reference=f"文书编号：{s['number']}")
    doc.fields([("工单编号", str(s["reference"])), ("出具机构", str(s["institution"]))])
    sections = [
        ("咨询事项", str(s["question"])),
        ("咨询人陈述的事实", str(s.get("facts") or "")),
        ("答复意见", str(s["answer"])),
    ]
    cited = _cited(list(s.get("citations") or []))
    sections += [("引用的法律条文", "\n".join(cited)), ("建议", str(s.get("advice") or ""))]
    for number, (heading, text) in zip(NUMBERS, [(h, t) for h, t in sections if t], strict=False):
        doc.heading(f"{number}、{heading}")
        if heading == "引用的法律条文":
            doc.items(cited)
        else:
            doc.paragraph(text)
    doc.heading("告知").paragraph(str(s["notice"]))
    licence = f"（执业证号 {s['approver_licence']}）" if s.get("approver_licence") else ""
    doc.signatures(
        [
            ("答复人", str(s["answerer"])),
            ("审批人", f"{s['approver']}{licence}"),
            (str(s["institution"]), f"{clock.to_local(issued):%Y年%m月%d日}"),
        ]
    )
    return doc
