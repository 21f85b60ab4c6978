"""Accessible service of legal service institutions (L6; C17 at the window): which services a legal-aid centre
must offer.

无障碍环境建设法 Art.41 obliges 法律援助机构 to serve disabled and elderly people accessibly and only *encourages*
law firms, notary offices, appraisal institutions and grassroots legal service offices to; 法律援助法 Art.45 says the
aid agency provides 无障碍设施设备和服务 "according to the actual situation". Neither lists the services, so the
minimum below is a project decision (ADR 0104) read from the statutes:

* **the building** (法律援助法 Art.45: 设施设备): a person in a wheelchair must be able to get in;
* **the two national languages of disability** (无障碍环境建设法 Art.38: basic public services that use sign
  language or braille use 国家通用手语 and 国家通用盲文): blind, deaf and speech-impaired people are among the aid
  agency's statutory clients (法律援助法 Art.25(1)(ii)), so it must be able to talk with them and give them papers
  they can read (盲文 or large print for low vision and old age);
* **going to the person** (法律援助法 Art.45: 根据实际情况提供服务): someone who cannot reach the agency at all,
  bedridden, in hospital or in a care home, is served where they are.

Together they meet every L7 adaptation need on a person except an interpreter, which is a language (A12, L8), not a
disability service. Priority handling is not declared because the platform gives it already (G5: special-group tags
raise routing priority); remote service and accompaniment are welcome (无障碍环境建设法 Art.49; 残疾人保障法
Art.55 辅助性服务) but not the minimum. This is *Fixed*: no deployment setting removes any of them.

Pure: no I/O, no clock; the callers pass the institution's kind and its declared codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fawang.directory.models import AccessibleService, InstitutionKind

S = AccessibleService


@dataclass(frozen=True)
class Requirement:
    """One service a kind of institution must offer, with the articles it rests on (shown to supervisors)."""

    service: AccessibleService
    basis: str

    @property
    def label(self) -> str:
        return str(self.service.label)


AID_CENTRE_MINIMUM: tuple[Requirement, ...] = (
    Requirement(S.BARRIER_FREE_ACCESS, "法律援助法第四十五条；无障碍环境建设法第四十一条"),
    Requirement(
        S.SIGN_LANGUAGE,
        "无障碍环境建设法第三十八条、第四十一条；法律援助法第二十五条第一款第二项、第四十五条",
    ),
    Requirement(
        S.BRAILLE_LARGE_PRINT,
        "无障碍环境建设法第三十八条、第四十一条；法律援助法第二十五条第一款第二项、第四十五条",
    ),
    Requirement(S.HOME_VISIT, "法律援助法第四十五条；无障碍环境建设法第四十一条"),
)


def required_services(kind: str) -> tuple[Requirement, ...]:
    """What an institution of this kind must offer: the minimum for legal-aid centres, nothing (encouraged only,
    无障碍环境建设法 Art.41 para 2) for the others."""
    return AID_CENTRE_MINIMUM if kind == InstitutionKind.LEGAL_AID_CENTRE else ()


def missing_required(*, kind: str, offered: Iterable[str]) -> list[Requirement]:
    """The required services the institution does not offer, in the order of the table. Other services offered do
    not stand in for a missing one (a video call does not replace a home visit)."""
    have = set(offered)
    return [requirement for requirement in required_services(kind) if requirement.service not in have]
