"""Reads of contract review (J10): the contract types, one entry point that runs the engine, and the report laid
out for the page with its citations linked through the statute citation service (one lookup per report).

The HTML form and the REST serializer both call `contract_review_run`, so the page and the API share one code path
(STYLE §2). Nothing is stored: no model, no session data, no audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from fawang.contract_review.engine.model import Finding, Kind, Report, Status
from fawang.contract_review.engine.review import latest, review
from fawang.contract_review.rules import ORDER
from fawang.statutes.services import citation_check

# Shown with every report, in the words of the calculators' and the consultation page's notices.
NOTICE = _(
    "以上结果由系统根据您提供的合同文字按法律规定自动检查，仅供参考，不构成律师意见，也不是法院、仲裁机构的决定。"
    "系统只检查常见的条款和风险，没有提示的地方不等于没有问题。每份合同情况不同，如需专业解答，请拨打 12348 公共法律"
    "服务热线，或到就近的公共法律服务中心（站、室）咨询。"
)


@dataclass(frozen=True)
class ContractType:
    key: str
    title: str
    summary: str


def contract_type_list() -> list[ContractType]:
    """The 15 contract types, in the order the pages list them."""
    return [ContractType(key, latest(key).title, latest(key).summary) for key in ORDER]


def contract_review_run(
    *, text: str, contract_type: str | None, signed_on: date | None, today: date
) -> Report:
    """Review a contract. Raises `ReviewError` (a Chinese message and the field it concerns)."""
    return review(text=text, contract_type=contract_type or None, on=signed_on, today=today)


@dataclass(frozen=True)
class CitationPiece:
    """A piece of a citation: linked to the statute page when the corpus holds it, plain text otherwise."""

    text: str
    url: str = ""
    title: str = ""


def citation_links(citations: Iterable[str]) -> dict[str, tuple[CitationPiece, ...]]:
    """Each citation cut into pieces, the articles found linked. All citations are resolved in one call of the
    statute citation service (J8), on the citations joined one per line."""
    unique = list(dict.fromkeys(c for c in citations if c))
    joined = "\n".join(unique)
    results = citation_check(text=joined) if joined else []
    links: dict[str, tuple[CitationPiece, ...]] = {}
    start = 0
    for citation in unique:
        end = start + len(citation)
        pieces: list[CitationPiece] = []
        cursor = start
        for result in results:
            if not (cursor <= result.start and result.end <= end):
                continue
            if result.start > cursor:
                pieces.append(CitationPiece(joined[cursor : result.start]))
            pieces.append(CitationPiece(joined[result.start : result.end], result.url, result.law_title))
            cursor = result.end
        if cursor < end:
            pieces.append(CitationPiece(joined[cursor:end]))
        links[citation] = tuple(pieces)
        start = end + 1
    return links


@dataclass(frozen=True)
class Row:
    finding: Finding
    citation: tuple[CitationPiece, ...]


@dataclass(frozen=True)
class ReportView:
    """The report grouped the way the page shows it: risks first, then missing clauses, then what is fine."""

    report: Report
    risks: list[Row]
    missing: list[Row]
    found: list[Row]
    clear: list[Row]

    @property
    def counts(self) -> dict[str, int]:
        return {"risk": len(self.risks), "missing": len(self.missing), "found": len(self.found)}


def report_view(report: Report) -> ReportView:
    links = citation_links(f.citation for f in report.findings)

    def rows(*statuses: Status, kind: Kind | None = None) -> list[Row]:
        return [
            Row(f, links.get(f.citation, ()))
            for f in report.findings
            if f.status in statuses and (kind is None or f.kind == kind)
        ]

    return ReportView(
        report=report,
        risks=rows(Status.RISK),
        missing=rows(Status.MISSING),
        found=rows(Status.FOUND, Status.NOT_APPLICABLE),
        clear=rows(Status.CLEAR),
    )
