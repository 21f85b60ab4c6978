"""L6: which accessible services a legal-aid centre must offer and lacks (directory/accessibility.py), table-tested.

C17 (法律援助法 Art.45): the aid centre's window channel serves elderly and disabled people accessibly.

无障碍环境建设法 Art.41 para 1 obliges 法律援助机构; para 2 only encourages law firms, notary offices, appraisal
institutions and grassroots legal service offices. 法律援助法 Art.45: 无障碍设施设备和服务.
"""

from __future__ import annotations

import pytest

from fawang.directory.accessibility import AID_CENTRE_MINIMUM, missing_required, required_services
from fawang.directory.models import AccessibleService, InstitutionKind
from fawang.people.models import AdaptationNeed

S = AccessibleService
K = InstitutionKind
ALL = tuple(S.values)
MINIMUM = (S.BARRIER_FREE_ACCESS, S.SIGN_LANGUAGE, S.BRAILLE_LARGE_PRINT, S.HOME_VISIT)


@pytest.mark.parametrize(
    ("_case", "kind", "offered", "missing"),
    [
        ("an aid centre offering nothing lacks the whole minimum (Art.41 para 1; 法律援助法 Art.45)",
         K.LEGAL_AID_CENTRE, (), MINIMUM),
        ("an aid centre offering everything lacks nothing", K.LEGAL_AID_CENTRE, ALL, ()),
        ("an aid centre offering exactly the minimum lacks nothing", K.LEGAL_AID_CENTRE, MINIMUM, ()),
        ("no sign language: 国家通用手语 is required (Art.38; 法律援助法 Art.25(1)(ii))",
         K.LEGAL_AID_CENTRE, (S.BARRIER_FREE_ACCESS, S.BRAILLE_LARGE_PRINT, S.HOME_VISIT), (S.SIGN_LANGUAGE,)),
        ("no braille or large print (Art.38 国家通用盲文; Art.25(1)(ii) blind clients)",
         K.LEGAL_AID_CENTRE, (S.BARRIER_FREE_ACCESS, S.SIGN_LANGUAGE, S.HOME_VISIT), (S.BRAILLE_LARGE_PRINT,)),
        ("no barrier-free access: 法律援助法 Art.45 names 设施设备",
         K.LEGAL_AID_CENTRE, (S.SIGN_LANGUAGE, S.BRAILLE_LARGE_PRINT, S.HOME_VISIT), (S.BARRIER_FREE_ACCESS,)),
        ("remote service does not stand in for a home visit (Art.45: serve the person where they are)",
         K.LEGAL_AID_CENTRE, (S.BARRIER_FREE_ACCESS, S.SIGN_LANGUAGE, S.BRAILLE_LARGE_PRINT, S.REMOTE),
         (S.HOME_VISIT,)),
        ("priority, remote and accompaniment alone are not the minimum",
         K.LEGAL_AID_CENTRE, (S.PRIORITY, S.REMOTE, S.ACCOMPANIMENT), MINIMUM),
        ("an unknown code counts for nothing", K.LEGAL_AID_CENTRE, ("ramp", *MINIMUM[1:]),
         (S.BARRIER_FREE_ACCESS,)),
        ("a law firm is encouraged, not obliged (Art.41 para 2)", K.LAW_FIRM, (), ()),
        ("a notary office is encouraged, not obliged (Art.41 para 2)", K.NOTARY_OFFICE, (), ()),
        ("an appraisal institution is encouraged, not obliged (Art.41 para 2)", K.APPRAISAL_INSTITUTION, (), ()),
        ("a grassroots legal service office is encouraged, not obliged (Art.41 para 2)",
         K.GRASSROOTS_OFFICE, (), ()),
        ("a mediation committee is not an aid agency", K.MEDIATION_COMMITTEE, (), ()),
        ("a justice office (司法所) is not an aid agency", K.JUSTICE_OFFICE, (), ()),
    ],
)  # fmt: skip
def test_missing_required(
    _case: str, kind: str, offered: tuple[str, ...], missing: tuple[AccessibleService, ...]
) -> None:
    assert [r.service for r in missing_required(kind=kind, offered=offered)] == list(missing)


def test_every_requirement_cites_its_articles() -> None:
    assert [r.service for r in required_services(K.LEGAL_AID_CENTRE)] == list(MINIMUM)
    for requirement in AID_CENTRE_MINIMUM:
        assert "第四十一条" in requirement.basis or "第四十五条" in requirement.basis
        assert requirement.label == str(S(requirement.service).label)


NEEDS_MET = [
    ("L7 sign language: the same code, 国家通用手语 (Art.38)", AdaptationNeed.SIGN_LANGUAGE, S.SIGN_LANGUAGE),
    ("L7 braille: 国家通用盲文 (Art.38)", AdaptationNeed.BRAILLE, S.BRAILLE_LARGE_PRINT),
    ("L7 large print", AdaptationNeed.LARGE_PRINT, S.BRAILLE_LARGE_PRINT),
    ("L7 home visit: the same code", AdaptationNeed.HOME_VISIT, S.HOME_VISIT),
]


@pytest.mark.parametrize(("_case", "need", "met_by"), NEEDS_MET)
def test_an_aid_centre_meeting_the_minimum_meets_the_need(
    _case: str, need: AdaptationNeed, met_by: AccessibleService
) -> None:
    """L6 × L7: where the need and the service are the same thing they share the code."""
    assert met_by in MINIMUM
    if need.value in S.values:
        assert need.value == met_by.value


def test_only_the_interpreter_need_is_not_an_accessible_service() -> None:
    """An interpreter is a language (A12, L8), not a disability service: every other L7 need is in the table."""
    assert set(AdaptationNeed.values) - {need.value for _, need, _ in NEEDS_MET} == {"interpreter"}
