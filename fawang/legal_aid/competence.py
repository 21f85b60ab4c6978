"""Which legal-aid agency is competent (法律援助法第三十八条, C20): a pure proposal from the recorded places.

Art.38: "对诉讼事项的法律援助，由申请人向办案机关所在地的法律援助机构提出申请；对非诉讼事项的法律援助，由申请人
向争议处理机关所在地或者事由发生地的法律援助机构提出申请。" Agencies are set up by county-level and higher justice
bureaus (Art.12), so a place is proposed at county level: the first six digits of its statistical code. A
notice from a court, procuratorate or police (Art.25, 28, 36) is a litigation matter of the notifying body.

No Django, no clock, no queries: the views and the transfer service turn region codes into agencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

ARTICLE = "法律援助法第三十八条"


class Proceeding(StrEnum):
    LITIGATION = "litigation"  # 诉讼事项 (and notices)
    NON_LITIGATION = "non_litigation"  # 非诉讼事项 (mediation, arbitration, negotiation, advice)


PROCEEDING_LABELS: dict[str, str] = {
    Proceeding.LITIGATION: "诉讼事项",
    Proceeding.NON_LITIGATION: "非诉讼事项（调解、仲裁、协商等）",
}


@dataclass(frozen=True, kw_only=True)
class CompetenceFacts:
    """Region codes (12-digit statistical codes) of the places Art.38 names; "" = not recorded."""

    proceeding: str = ""
    notice: bool = False
    body_region: str = ""  # 办案机关 (litigation) or 争议处理机关 (non-litigation) 所在地
    events_region: str = ""  # 事由发生地 (non-litigation only)
    agency_region: str = ""  # where the application was received


@dataclass(frozen=True)
class Candidate:
    county_code: str  # 12 digits, county level
    basis: str  # which place of Art.38 it comes from


@dataclass(frozen=True)
class Proposal:
    candidates: tuple[Candidate, ...]
    competent_here: bool | None  # None: not enough facts to say
    reason: str
    missing: tuple[str, ...] = ()

    @property
    def county_codes(self) -> tuple[str, ...]:
        return tuple(c.county_code for c in self.candidates)


def county_of(code: str) -> str:
    """The county-level code of a region code (province or city codes stay as they are)."""
    code = code.strip()
    if len(code) != 12 or not code.isdigit():
        return ""
    return code[:6] + "000000"


def propose_competent_agency(facts: CompetenceFacts) -> Proposal:
    """The county (or counties) whose legal-aid agency is competent, and whether the receiving one is."""
    proceeding = Proceeding.LITIGATION if facts.notice else facts.proceeding
    here = county_of(facts.agency_region)
    if proceeding not in (Proceeding.LITIGATION, Proceeding.NON_LITIGATION):
        return Proposal((), None, "请先登记申请事项属于诉讼事项还是非诉讼事项。", ("proceeding",))
    if proceeding == Proceeding.LITIGATION:
        body = county_of(facts.body_region)
        if not body:
            return Proposal(
                (),
                None,
                "诉讼事项由办案机关所在地的法律援助机构受理，请登记办案机关所在地。",
                ("body_region",),
            )
        candidates: tuple[Candidate, ...] = (Candidate(body, "办案机关所在地"),)
    else:
        seen: dict[str, str] = {}
        for code, basis in ((facts.body_region, "争议处理机关所在地"), (facts.events_region, "事由发生地")):
            county = county_of(code)
            if county and county not in seen:
                seen[county] = basis
            elif county:
                seen[county] = "争议处理机关所在地、事由发生地"
        if not seen:
            return Proposal(
                (),
                None,
                "非诉讼事项由争议处理机关所在地或者事由发生地的法律援助机构受理，请至少登记其中之一。",
                ("body_region", "events_region"),
            )
        candidates = tuple(Candidate(code, basis) for code, basis in seen.items())
    codes = tuple(c.county_code for c in candidates)
    if not here:
        return Proposal(candidates, None, f"按{ARTICLE}提出建议；未能确定受理机构所在的县级区划。")
    if here in codes:
        basis = next(c.basis for c in candidates if c.county_code == here)
        return Proposal(candidates, True, f"受理机构位于{basis}，依{ARTICLE}有权受理。")
    return Proposal(
        candidates,
        False,
        f"受理机构不在{'或'.join(c.basis for c in candidates)}，依{ARTICLE}应告知申请人向有权机构申请或移送。",
    )
