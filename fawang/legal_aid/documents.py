"""Issuing documents: number, content snapshot taken from the stored record at issue time (C5, C6, C7, C11)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.core import clock
from fawang.directory.models import Institution, InstitutionKind
from fawang.legal_aid.codes import HOTLINE
from fawang.legal_aid.models import Document, DocumentKind

ABBREVIATIONS = {
    DocumentKind.ACCEPTANCE_NOTICE: "SL",
    DocumentKind.MATERIALS_RECEIPT: "JS",
    DocumentKind.MISSING_ITEMS_NOTICE: "BZ",
    DocumentKind.GRANT_DECISION: "GY",
    DocumentKind.REFUSAL_DECISION: "BY",
    DocumentKind.ASSIGNMENT_NOTICE: "ZP",
    DocumentKind.TERMINATION_DECISION: "ZZ",
    DocumentKind.OBJECTION_DECISION: "YY",
    DocumentKind.WINDOW_RECEIPT: "HZ",
    DocumentKind.TRANSFER_LETTER: "YS",
}


def agency_name(case: Case) -> str:
    """The legal-aid agency of the case's county (Art.38), else the handling unit, else the county."""
    if (
        case.handler_institution is not None
        and case.handler_institution.kind == InstitutionKind.LEGAL_AID_CENTRE
    ):
        return case.handler_institution.name
    agency = (
        Institution.objects.filter(
            kind=InstitutionKind.LEGAL_AID_CENTRE, region__code__startswith=case.region.code[:6]
        )
        .order_by("region__code")
        .first()
    )
    return agency.name if agency is not None else f"{case.region.name}法律援助机构"


def applicant_name(case: Case) -> str:
    return case.requester.name if case.requester is not None else "（未登记）"


def document_issue(
    *,
    case: Case,
    kind: DocumentKind,
    actor: User,
    fields: Sequence[tuple[str, str]],
    paragraphs: Sequence[str],
    items: Sequence[Sequence[Any]] = (),
    item_headings: Sequence[str] = ("材料名称", "份数", "日期"),
    basis: str = "",
    rights: Sequence[str] = (),
    issuer: str | None = None,
) -> Document:
    now = clock.now()
    seq = Document.objects.filter(case=case, kind=kind).count() + 1
    number = f"{case.reference}-{ABBREVIATIONS[kind]}{seq:02d}"
    content: dict[str, Any] = {
        "title": kind.label,
        "number": number,
        "reference": case.reference,
        "fields": [[label, value] for label, value in fields],
        "paragraphs": list(paragraphs),
        "items": [list(row) for row in items],
        "item_headings": list(item_headings),
        "basis": basis,
        "rights": list(rights),
        "issuer": issuer or agency_name(case),
        "date": clock.to_local(now).date().isoformat(),
        "hotline": HOTLINE,
    }
    return Document.objects.create(
        case=case, kind=kind, number=number, content=content, issued_by=actor, issued_at=now
    )
