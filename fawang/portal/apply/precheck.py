"""The legal-aid pre-check in plain Chinese (J6, J9): the eligibility engine run in advisory mode on the draft's
answers. It never decides and never blocks: the applicant can always apply, and the agency decides (Art.43)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_noop

from fawang.accounts.services import system_actor
from fawang.core import clock
from fawang.eligibility.engine import InputError
from fawang.eligibility.engine.jsonl import parse_facts
from fawang.eligibility.selectors import eligibility_evaluate
from fawang.eligibility.services import standards_ensure_seeded
from fawang.regions.models import Region
from fawang.regions.selectors import region_path_name

HEADLINES = {
    "eligible": ("good", gettext_noop("按您填写的情况，您很可能符合法律援助条件。")),
    "ineligible": ("bad", gettext_noop("按您填写的情况，您可能不符合法律援助条件。")),
    "unknown": ("unknown", gettext_noop("现在还判断不了，需要工作人员进一步了解情况。")),
}
ADVISORY = gettext_noop(
    "这只是根据您填写的内容自动测算的参考结果，不是决定。无论结果如何，您都可以提交申请，"
    "由法律援助机构审查后作出决定；对自动测算有疑问，可以要求工作人员人工审查（个人信息保护法第二十四条）。"
)


@dataclass(frozen=True)
class Precheck:
    tone: str
    headline: str
    reasons: list[str]
    missing: list[str]
    basis: list[str]
    advisory: str = ADVISORY  # the source text; pages get it translated from aid_precheck (L8)


def _facts(answers: dict[str, Any], region: Region | None) -> dict[str, Any]:
    assets = answers.get("has_large_assets")
    return {
        "date": clock.local_today().isoformat(),
        "agency_region": region_path_name(region=region) if region is not None else None,
        "matter": answers.get("matter") or None,
        "criminal_notice": False,
        "grounds": list(answers.get("grounds") or []),
        "applicant_groups": list(answers.get("applicant_groups") or []),
        "monthly_income_per_capita": answers.get("monthly_income_per_capita") or None,
        "household_size": answers.get("household_size"),
        "has_large_assets": {"yes": True, "no": False}.get(str(assets)),
        "hardship_expense": None,
    }


def aid_precheck(*, answers: dict[str, Any]) -> Precheck:
    region = Region.objects.filter(code=answers.get("township") or "").first()
    standards_ensure_seeded(actor=system_actor())
    try:
        facts = parse_facts(_facts(answers, region))
    except InputError as exc:
        return Precheck("unknown", gettext(HEADLINES["unknown"][1]), [str(exc)], [], [], gettext(ADVISORY))
    result, _ = eligibility_evaluate(facts=facts)
    tone, headline = HEADLINES[result.verdict.value]
    return Precheck(
        tone=tone,
        headline=gettext(headline),
        reasons=list(result.reasons),
        missing=[m.label for m in result.missing],
        basis=list(result.legal_basis),
        advisory=gettext(ADVISORY),
    )
