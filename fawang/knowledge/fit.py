"""Service fit rules (J4-J6): which public legal services suit a question. No database, no I/O; the texts are in
the active interface language (L8), which is all it takes from Django.

`matter_guess` reads the question for the legal-aid matter codes of the eligibility engine (法律援助法第三十一条
and the criminal routes); `needs_detect` spots needs that are not categories (a notarial act, an appraisal, a
neighbour dispute); `services_suggest` turns category + matter + needs into suggestions with reasons.
The legal-aid suggestion is advisory only (J6): it names the provision the matter may fall under and the facts the
legal-aid centre will check; it never says the person qualifies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fawang.eligibility.engine.facts import FACT_LABELS, Matter
from fawang.eligibility.engine.scope import MATTER_PROVISIONS


class Need(StrEnum):
    NOTARISATION = "notarisation"
    APPRAISAL = "appraisal"
    NEIGHBOUR = "neighbour"


class Service(StrEnum):
    """Codes match `cases.states.ServiceType` where a 工单 of that type exists."""

    LEGAL_AID = "legal_aid"
    MEDIATION = "mediation"
    NOTARY = "notary"
    APPRAISAL = "appraisal"
    LAWYER_REFERRAL = "lawyer_referral"
    CONSULTATION = "consultation"


SERVICE_LABELS: Final = {
    Service.LEGAL_AID: _("法律援助"),
    Service.MEDIATION: _("人民调解"),
    Service.NOTARY: _("公证"),
    Service.APPRAISAL: _("司法鉴定"),
    Service.LAWYER_REFERRAL: _("律师服务"),
    Service.CONSULTATION: _("人工法律咨询"),
}


@dataclass(frozen=True)
class ServiceSuggestion:
    service: Service
    label: str
    reason: str
    basis: str = ""  # the provision the suggestion rests on, when there is one


# Ordered: the first matching row wins. Patterns describe the matters of 法律援助法 art. 31, 24, 29, not questions.
MATTER_PATTERNS: Final[tuple[tuple[Matter, re.Pattern[str]], ...]] = (
    (Matter.STATE_COMPENSATION, re.compile(r"国家赔偿|冤假错案|错判|错误羁押")),
    (Matter.SURVIVOR_PENSION, re.compile(r"抚恤")),
    (Matter.MAINTENANCE, re.compile(r"赡养|抚养费|扶养费|生活费|不养老人|不管老人|不给.{0,4}孩子.{0,4}钱")),
    (
        Matter.LABOUR_RELATION_OR_PAY,
        re.compile(r"工资|欠薪|工钱|劳动报酬|加班费|劳动关系|拖欠.{0,6}(?:工资|工钱|报酬)|讨薪"),
    ),
    (
        Matter.PERSONAL_INJURY,
        re.compile(
            r"工伤|交通事故|车祸|被车撞|撞伤|医疗事故|误诊|手术.{0,6}(?:失败|死亡|残)|食物中毒|假药|劣药"
        ),
    ),
    (
        Matter.SOCIAL_INSURANCE_OR_ASSISTANCE,
        re.compile(r"社保|社会保险|养老保险|医疗保险|失业保险|低保|最低生活保障|社会救助|特困"),
    ),
    (Matter.ENVIRONMENTAL_DAMAGE, re.compile(r"污染|排污|噪声扰民|生态破坏")),
    (
        Matter.CIVIL_CAPACITY,
        re.compile(r"无民事行为能力|限制民事行为能力|精神病.{0,6}监护|老年痴呆.{0,6}监护"),
    ),
    (
        Matter.CRIMINAL_VICTIM,
        re.compile(r"(?:被害人|受害人|自诉).{0,10}(?:起诉|告|追究|赔偿)|被(?:打|砍|骗|强奸|抢)"),
    ),
    (
        Matter.CRIMINAL_DEFENCE,
        re.compile(r"被(?:抓|拘留|逮捕|刑拘|判刑|公诉)|犯罪嫌疑人|取保候审|辩护|坐牢|判几年"),
    ),
)

NEED_PATTERNS: Final[dict[Need, re.Pattern[str]]] = {
    Need.NOTARISATION: re.compile(
        r"公证|遗嘱|委托书|声明书|赠与|出国|留学|学历证明|继承.{0,6}(?:房|手续|过户)"
    ),
    Need.APPRAISAL: re.compile(r"鉴定|伤残|伤情|等级评定|笔迹|亲子|DNA|精神病|医疗损害|过错参与度"),
    Need.NEIGHBOUR: re.compile(r"邻居|邻里|相邻|宅基地|楼上|楼下|漏水|通行|采光|排水|界址|地界"),
}

CRIMINAL_MATTERS: Final = frozenset({Matter.CRIMINAL_DEFENCE, Matter.CRIMINAL_VICTIM})
MEDIATION_CATEGORIES: Final = frozenset(
    {"婚姻家庭", "债权债务", "交通事故", "医疗纠纷", "人身损害", "房产纠纷", "消费权益"}
)
APPRAISAL_CATEGORIES: Final = frozenset({"交通事故", "医疗纠纷", "人身损害"})
NOTARY_CATEGORIES: Final = frozenset({"涉外法律"})
LAWYER_CATEGORIES: Final = frozenset(
    {"刑事辩护", "行政诉讼", "公司法", "知识产权", "海事海商", "建设工程", "涉外法律"}
)
_MEANS_FACTS: Final = ("monthly_income_per_capita", "household_size", "has_large_assets")


def matter_guess(question: str) -> Matter | None:
    """The legal-aid matter the question most likely concerns, or None (advisory, J6)."""
    for matter, pattern in MATTER_PATTERNS:
        if pattern.search(question):
            return matter
    return None


def needs_detect(question: str) -> frozenset[Need]:
    return frozenset(need for need, pattern in NEED_PATTERNS.items() if pattern.search(question))


def _legal_aid(matter: Matter) -> ServiceSuggestion:
    provision = MATTER_PROVISIONS[matter]
    # The provision's words and the fact names come from the eligibility engine, in Chinese unless translated there.
    params = {
        "provision": gettext(provision.text),
        "checks": gettext("、").join(gettext(FACT_LABELS[name]) for name in _MEANS_FACTS),
    }
    if matter in CRIMINAL_MATTERS:
        reason = (
            gettext(
                "刑事案件中%(provision)s的，可以申请法律援助；被通知辩护的情形由办案机关直接通知。"
                "法律援助机构会审查：%(checks)s。"
            )
            % params
        )
    else:
        reason = (
            gettext(
                "您的事项可能属于“%(provision)s”，在法律援助事项范围内。是否符合经济困难条件，"
                "由法律援助机构依据当地标准审查，需要了解：%(checks)s。本建议不是审查决定。"
            )
            % params
        )
    return ServiceSuggestion(
        Service.LEGAL_AID, str(SERVICE_LABELS[Service.LEGAL_AID]), reason, gettext(provision.citation)
    )


def services_suggest(
    *, category: str, matter: Matter | None, needs: frozenset[Need] = frozenset()
) -> list[ServiceSuggestion]:
    """Suggested services, most specific first. A human consultation is always offered last."""
    out: list[ServiceSuggestion] = []
    if matter is not None and matter in MATTER_PROVISIONS:
        out.append(_legal_aid(matter))
    if Need.NEIGHBOUR in needs or category in MEDIATION_CATEGORIES:
        if Need.NEIGHBOUR in needs:
            reason = gettext("邻里纠纷可以先申请人民调解：免费，双方自愿，达成的调解协议可以申请司法确认。")
        else:
            reason = gettext(
                "%(category)s纠纷可以先申请人民调解：免费，双方自愿，达成的调解协议可以申请司法确认。"
            ) % {"category": gettext(category)}
        out.append(
            ServiceSuggestion(
                Service.MEDIATION,
                str(SERVICE_LABELS[Service.MEDIATION]),
                reason,
                gettext("人民调解法第四条、第三十三条"),
            )
        )
    if Need.NOTARISATION in needs or category in NOTARY_CATEGORIES:
        out.append(
            ServiceSuggestion(
                Service.NOTARY,
                str(SERVICE_LABELS[Service.NOTARY]),
                gettext("遗嘱、委托、声明、赠与、继承及出境使用的文书等，可以向公证机构申请办理公证。"),
                gettext("公证法第十一条"),
            )
        )
    if Need.APPRAISAL in needs or category in APPRAISAL_CATEGORIES:
        out.append(
            ServiceSuggestion(
                Service.APPRAISAL,
                str(SERVICE_LABELS[Service.APPRAISAL]),
                gettext(
                    "伤残等级、医疗过错、笔迹、亲子关系等专门性问题，可以委托司法鉴定机构鉴定，鉴定意见可作为证据。"
                ),
                gettext("司法鉴定程序通则第二条"),
            )
        )
    if category in LAWYER_CATEGORIES or matter in CRIMINAL_MATTERS:
        out.append(
            ServiceSuggestion(
                Service.LAWYER_REFERRAL,
                str(SERVICE_LABELS[Service.LAWYER_REFERRAL]),
                gettext("此类事项专业性较强、程序要求严格，建议尽早委托律师。"),
            )
        )
    out.append(
        ServiceSuggestion(
            Service.CONSULTATION,
            str(SERVICE_LABELS[Service.CONSULTATION]),
            gettext(
                "如需结合具体情况的解答，可转人工咨询：拨打 12348，或到就近的公共法律服务中心（站、室）。"
            ),
        )
    )
    return out
