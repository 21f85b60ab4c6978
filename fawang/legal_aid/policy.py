"""The local legal-aid policy as the public sees it (C1-C3, C18, C19, C22; issue 6): the hardship standard in
force for the region today, the Art.31 scope, the Art.32 and Art.42 exemptions, the materials to bring, the
local figures that have a source, and the agencies with their addresses. Read only; nothing here is personal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from fawang.directory.models import Institution, InstitutionKind
from fawang.eligibility.engine import Matter
from fawang.eligibility.engine.money import format_fen
from fawang.eligibility.engine.rules import HardshipRule
from fawang.eligibility.engine.scope import GROUND_PROVISIONS, GROUP_PROVISIONS, MATTER_PROVISIONS, Provision
from fawang.eligibility.selectors import rules_current
from fawang.legal_aid.models import AidPolicy
from fawang.legal_aid.selectors import aid_policy_for
from fawang.regions.models import Region, RegionLevel
from fawang.regions.selectors import region_path_name

ART31 = tuple(
    MATTER_PROVISIONS[m]
    for m in (
        Matter.STATE_COMPENSATION,
        Matter.SOCIAL_INSURANCE_OR_ASSISTANCE,
        Matter.SURVIVOR_PENSION,
        Matter.MAINTENANCE,
        Matter.LABOUR_RELATION_OR_PAY,
        Matter.CIVIL_CAPACITY,
        Matter.PERSONAL_INJURY,
        Matter.ENVIRONMENTAL_DAMAGE,
    )
)
# Art.31(9): "法律、法规、规章规定的其他情形" — local lists are not coded yet (docs/legal-aid.md, gaps).
ART31_OTHER = Provision("法律援助法第三十一条第（九）项", "法律、法规、规章规定的其他情形（以本地规定为准）")
CRIMINAL = tuple(
    MATTER_PROVISIONS[m] for m in (Matter.CRIMINAL_DEFENCE, Matter.CRIMINAL_VICTIM, Matter.RETRIAL_PETITION)
)
ART32 = tuple(g.provision for g in GROUND_PROVISIONS.values())
ART42 = tuple(g.provision for g in GROUP_PROVISIONS.values())

# What to bring (法律援助法第四十一条、第四十三条; 2012 办理法律援助案件程序规定 第九条至第十二条; C19).
MATERIALS: tuple[StrOrPromise, ...] = (
    gettext_lazy(
        "申请人身份证件（居民身份证、户口簿等）；代为申请的，还须代理人身份证件和代理权限证明（如监护关系证明、授权委托书）"
    ),
    gettext_lazy(
        "经济困难状况：可以由法律援助机构通过信息共享查询，或者由申请人签署个人诚信承诺（第四十一条）"
    ),
    gettext_lazy(
        "属于第四十二条情形的，提供相应证明（如低保、特困、优抚证明，残疾证，司法救助决定书等），免予核查经济困难状况"
    ),
    gettext_lazy("与所申请法律援助事项有关的材料（如劳动合同、工资条、判决书、起诉状、仲裁文书、证据清单）"),
)


@dataclass(frozen=True)
class Standard:
    instrument: str
    effective_from: date
    description: str
    threshold: str  # "" when the local figure is not published in the rule data
    comparison: str
    asset_test: str | None
    judicial_assistance: str  # the source where a 司法救助 decision proves hardship (C22), else ""
    version: str


@dataclass(frozen=True)
class PublicPolicy:
    region: Region
    place: str
    on: date
    standard: Standard | None
    standard_note: str
    local: AidPolicy | None
    agencies: tuple[Institution, ...]


def _standard(rule: HardshipRule) -> Standard:
    threshold = rule.standard.threshold()
    comparison = _("不超过（含）") if rule.comparison.value.value == "at_or_below" else _("低于")
    mutual = rule.judicial_assistance_mutual
    return Standard(
        instrument=rule.instrument.value,
        effective_from=rule.effective_from.value,
        description=rule.standard.describe(),
        threshold="" if threshold is None else format_fen(int(threshold + Fraction(1, 2))),
        comparison=comparison,
        asset_test=rule.asset_test.value,
        judicial_assistance=mutual.source if mutual.value else "",
        version=rule.version,
    )


def policy_regions() -> QuerySet[Region]:
    """Places that have a legal-aid agency (county level and up, Art.12), for the page's chooser."""
    return (
        Region.objects.filter(
            institutions__kind=InstitutionKind.LEGAL_AID_CENTRE, level__lte=RegionLevel.COUNTY
        )
        .distinct()
        .order_by("code")
    )


def aid_public_policy(*, region: Region, on: date) -> PublicPolicy:
    place = region_path_name(region=region)
    selection = rules_current().book.select(place, on)
    standard = _standard(selection.rule) if selection.rule is not None else None
    note = "" if standard is not None else (selection.reason or _("本地区经济困难标准尚未录入。"))
    agencies = tuple(
        Institution.objects.filter(
            kind=InstitutionKind.LEGAL_AID_CENTRE, region__code__startswith=region.code[:6]
        ).order_by("region__code", "name")
    )
    return PublicPolicy(
        region=region,
        place=place,
        on=on,
        standard=standard,
        standard_note=note,
        local=aid_policy_for(region=region, on=on),
        agencies=agencies,
    )
