"""Statutory codes of 法律援助法 (2021) used by the legal-aid module, each with its Chinese text and article.

Every refusal, termination or rejection names one of these grounds (issue 6: "every refusal names its
statutory ground"); decision documents print the citation next to the reasons (C5, C11, C12, C18).

L8: the labels, texts and citations are marked with gettext_noop, so they stay Chinese in the values (decision
documents, event reasons and the audit log are authoritative only in Chinese, ADR 0106) and pages translate them
where they show them (`{% translate value %}`, `lazy_choices`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy, gettext_noop
from django_stubs_ext import StrOrPromise

from fawang.eligibility.engine import ApplicantGroup, Ground, Matter
from fawang.legal_aid.competence import PROCEEDING_LABELS

LAW: Final = "《中华人民共和国法律援助法》"


@dataclass(frozen=True)
class StatutoryGround:
    code: str
    text: str
    citation: str

    @property
    def label(self) -> str:
        return f"{self.text}（{self.citation}）"


MATTER_LABELS: Final[dict[str, str]] = {
    Matter.STATE_COMPENSATION: gettext_noop("依法请求国家赔偿（第三十一条第一项）"),
    Matter.SOCIAL_INSURANCE_OR_ASSISTANCE: gettext_noop(
        "请求给予社会保险待遇或者社会救助（第三十一条第二项）"
    ),
    Matter.SURVIVOR_PENSION: gettext_noop("请求发给抚恤金（第三十一条第三项）"),
    Matter.MAINTENANCE: gettext_noop("请求给付赡养费、抚养费、扶养费（第三十一条第四项）"),
    Matter.LABOUR_RELATION_OR_PAY: gettext_noop("请求确认劳动关系或者支付劳动报酬（第三十一条第五项）"),
    Matter.CIVIL_CAPACITY: gettext_noop("请求认定无民事行为能力或者限制民事行为能力（第三十一条第六项）"),
    Matter.PERSONAL_INJURY: gettext_noop(
        "请求工伤、交通、食品药品、医疗事故人身损害赔偿（第三十一条第七项）"
    ),
    Matter.ENVIRONMENTAL_DAMAGE: gettext_noop("请求环境污染、生态破坏损害赔偿（第三十一条第八项）"),
    Matter.OTHER_CIVIL: gettext_noop("其他民事、行政事项（第三十一条所列以外）"),
    Matter.CRIMINAL_DEFENCE: gettext_noop("刑事案件犯罪嫌疑人、被告人申请辩护（第二十四条）"),
    Matter.CRIMINAL_VICTIM: gettext_noop("刑事被害人、自诉人、附带民事诉讼原告人申请代理（第二十九条）"),
    Matter.RETRIAL_PETITION: gettext_noop("申诉、再审案件（第三十三条）"),
}
MATTER_CHOICES: Final = [(code.value, MATTER_LABELS[code]) for code in Matter]

GROUND_LABELS: Final[dict[str, str]] = {
    Ground.MARTYR_RELATIVE: gettext_noop("英雄烈士近亲属为维护英雄烈士的人格权益（第三十二条第一项）"),
    Ground.GOOD_SAMARITAN: gettext_noop("因见义勇为行为主张相关民事权益（第三十二条第二项）"),
    Ground.WRONGFUL_CONVICTION: gettext_noop("再审改判无罪请求国家赔偿（第三十二条第三项）"),
    Ground.DOMESTIC_VIOLENCE_VICTIM: gettext_noop(
        "遭受虐待、遗弃或者家庭暴力的受害人主张相关权益（第三十二条第四项）"
    ),
}
GROUND_CHOICES: Final = [(code.value, GROUND_LABELS[code]) for code in Ground]

GROUP_LABELS: Final[dict[str, str]] = {
    ApplicantGroup.NO_FIXED_INCOME_VULNERABLE: gettext_noop(
        "无固定生活来源的未成年人、老年人、残疾人等特定群体（第四十二条第一项）"
    ),
    ApplicantGroup.SOCIAL_ASSISTANCE_RECIPIENT: gettext_noop(
        "社会救助、司法救助或者优抚对象（第四十二条第二项）"
    ),
    ApplicantGroup.MIGRANT_WORKER_PAY_OR_INJURY: gettext_noop(
        "申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员（第四十二条第三项）"
    ),
}
GROUP_CHOICES: Final = [(code.value, GROUP_LABELS[code]) for code in ApplicantGroup]


def _index(grounds: tuple[StatutoryGround, ...]) -> dict[str, StatutoryGround]:
    return {ground.code: ground for ground in grounds}


# Refusal (不予法律援助, Art.43: in writing, with reasons). The citation names the provision not met.
REFUSAL_GROUNDS: Final = _index(
    (
        StatutoryGround(
            "out_of_scope",
            gettext_noop("申请事项不属于法律援助范围"),
            gettext_noop("法律援助法第二十四条、第二十九条、第三十一条、第三十三条"),
        ),
        StatutoryGround(
            "means_failed",
            gettext_noop("申请人经济状况不符合经济困难标准"),
            gettext_noop("法律援助法第三十四条"),
        ),
        StatutoryGround(
            "not_truthful",
            gettext_noop("申请人未如实说明经济困难状况或者拒绝核查"),
            gettext_noop("法律援助法第四十一条"),
        ),
    )
)

# Termination (终止法律援助): the eight grounds of Art.48 (C12).
TERMINATION_GROUNDS: Final = _index(
    (
        StatutoryGround(
            "fraud",
            gettext_noop("受援人以欺骗或者其他不正当手段获得法律援助"),
            gettext_noop("法律援助法第四十八条第一项"),
        ),
        StatutoryGround(
            "concealment",
            gettext_noop("受援人故意隐瞒与案件有关的重要事实或者提供虚假证据"),
            gettext_noop("法律援助法第四十八条第二项"),
        ),
        StatutoryGround(
            "illegal_use",
            gettext_noop("受援人利用法律援助从事违法活动"),
            gettext_noop("法律援助法第四十八条第三项"),
        ),
        StatutoryGround(
            "means_changed",
            gettext_noop("受援人的经济状况发生变化，不再符合法律援助条件"),
            gettext_noop("法律援助法第四十八条第四项"),
        ),
        StatutoryGround(
            "case_ended",
            gettext_noop("案件终止审理或者已经被撤销"),
            gettext_noop("法律援助法第四十八条第五项"),
        ),
        StatutoryGround(
            "own_counsel",
            gettext_noop("受援人自行委托律师或者其他代理人"),
            gettext_noop("法律援助法第四十八条第六项"),
        ),
        StatutoryGround(
            "recipient_request",
            gettext_noop("受援人有正当理由要求终止法律援助"),
            gettext_noop("法律援助法第四十八条第七项"),
        ),
        StatutoryGround(
            "other_law", gettext_noop("法律法规规定的其他情形"), gettext_noop("法律援助法第四十八条第八项")
        ),
    )
)

DEEMED_WITHDRAWN = StatutoryGround(
    "deemed_withdrawn",
    gettext_noop("申请人未按要求补充材料或者作出说明，视为撤回申请"),
    gettext_noop("法律援助法第四十三条第二款"),
)
PROVISIONAL_GROUNDS: Final = _index(
    (
        StatutoryGround(
            "limitation",
            gettext_noop("距法定时效或者期限届满不足七日，需要及时提起诉讼或者申请仲裁、行政复议"),
            gettext_noop("法律援助法第四十四条第一项"),
        ),
        StatutoryGround(
            "preservation",
            gettext_noop("需要立即申请财产保全、证据保全或者先予执行"),
            gettext_noop("法律援助法第四十四条第二项"),
        ),
    )
)

OBJECTION_RIGHTS: Final = (
    "如对本决定有异议，可以向设立本法律援助机构的司法行政部门提出，司法行政部门应当自收到异议之日起五日内"
    "进行审查，作出维持或者责令改正的决定（法律援助法第四十九条）。"
)
RECONSIDERATION_RIGHTS: Final = (
    "对司法行政部门维持法律援助机构决定不服的，可以依法申请行政复议或者提起行政诉讼（法律援助法第四十九条）。"
)
HOTLINE: Final = "12348"
# Citations the decision services store on their own (acceptance, Art.36 and 43), marked for the pages (L8).
DECISION_CITATIONS: Final = (gettext_noop("法律援助法第三十六条"), gettext_noop("法律援助法第四十三条"))


class IntakeKind(models.TextChoices):
    APPLICATION = "application", gettext_lazy("公民申请")
    NOTICE = "notice", gettext_lazy("办案机关通知指派（第二十五条、第二十八条）")  # C1, C9: no means test


class NotifierKind(models.TextChoices):
    COURT = "court", gettext_lazy("人民法院")
    PROCURATORATE = "procuratorate", gettext_lazy("人民检察院")
    POLICE = "police", gettext_lazy("公安机关")


class VerificationMode(models.TextChoices):
    """C4, Art.41: how economic hardship was verified."""

    DATA_SHARING = "data_sharing", gettext_noop("信息共享查询")
    PLEDGE = "pledge", gettext_noop("个人诚信承诺")


# C20, Art.38. competence.py has no Django, so its labels are marked for the catalogue here.
_PROCEEDING_MSGIDS: Final = (gettext_noop("诉讼事项"), gettext_noop("非诉讼事项（调解、仲裁、协商等）"))
PROCEEDING_CHOICES: Final = [(str(code), gettext_lazy(label)) for code, label in PROCEEDING_LABELS.items()]


def lazy_choices(choices: list[tuple[str, str]]) -> list[tuple[str, StrOrPromise]]:
    """Choices whose labels are marked with gettext_noop, translated when a page shows them (L8)."""
    return [(value, gettext_lazy(label)) for value, label in choices]
