"""Service fit rules (J4-J6): pure, table-tested. The legal-aid rows cite 法律援助法 art. 31 / 24 / 29."""

from __future__ import annotations

import pytest

from fawang.eligibility.engine.facts import Matter
from fawang.knowledge.fit import Need, Service, matter_guess, needs_detect, services_suggest


@pytest.mark.parametrize(
    ("_case", "question", "matter"),
    [
        ("art.31(1) 国家赔偿", "被错误羁押两年，怎么申请国家赔偿", Matter.STATE_COMPENSATION),
        (
            "art.31(2) 社会保险待遇",
            "公司一直没给我交社保，能要求补缴吗",
            Matter.SOCIAL_INSURANCE_OR_ASSISTANCE,
        ),
        ("art.31(2) 社会救助", "家里困难，低保申请被拒了", Matter.SOCIAL_INSURANCE_OR_ASSISTANCE),
        ("art.31(3) 抚恤金", "父亲因公牺牲，抚恤金一直没发", Matter.SURVIVOR_PENSION),
        ("art.31(4) 赡养费", "儿子不给赡养费怎么办", Matter.MAINTENANCE),
        ("art.31(4) 抚养费", "离婚后前夫不付抚养费", Matter.MAINTENANCE),
        ("art.31(5) 劳动报酬", "老板拖欠工资三个月了", Matter.LABOUR_RELATION_OR_PAY),
        ("art.31(5) 确认劳动关系", "没签合同怎么证明劳动关系", Matter.LABOUR_RELATION_OR_PAY),
        ("art.31(7) 工伤", "在工地上受了工伤，老板不管", Matter.PERSONAL_INJURY),
        ("art.31(7) 交通事故", "出了车祸对方不赔钱", Matter.PERSONAL_INJURY),
        ("art.31(7) 医疗事故", "医院误诊导致病情加重", Matter.PERSONAL_INJURY),
        ("art.31(8) 环境污染", "工厂排污把鱼塘的鱼都毒死了", Matter.ENVIRONMENTAL_DAMAGE),
        ("art.31(6) 民事行为能力", "怎么申请认定老人为无民事行为能力人", Matter.CIVIL_CAPACITY),
        ("art.29 被害人", "我被打成轻伤，想追究对方刑事责任", Matter.CRIMINAL_VICTIM),
        ("art.24 犯罪嫌疑人", "儿子被刑拘了，请不起律师", Matter.CRIMINAL_DEFENCE),
        ("outside the list", "买的房子开发商延期交房", None),
        ("empty", "", None),
    ],
)
def test_matter_guess(_case: str, question: str, matter: Matter | None) -> None:
    assert matter_guess(question) == matter


@pytest.mark.parametrize(
    ("_case", "question", "needs"),
    [
        ("will", "想立一份遗嘱，怎么办才有效", {Need.NOTARISATION}),
        ("appraisal", "车祸后伤残等级怎么鉴定", {Need.APPRAISAL}),
        ("neighbour", "楼上邻居家漏水把我家泡了", {Need.NEIGHBOUR}),
        ("two needs", "邻居说宅基地界址不对，要鉴定", {Need.NEIGHBOUR, Need.APPRAISAL}),
        ("none", "借钱不还怎么办", set()),
    ],
)
def test_needs_detect(_case: str, question: str, needs: set[Need]) -> None:
    assert needs_detect(question) == needs


@pytest.mark.parametrize(
    ("_case", "category", "matter", "needs", "services"),
    [
        (
            "maintenance in a family dispute: legal aid art.31(4), mediation",
            "婚姻家庭",
            Matter.MAINTENANCE,
            set(),
            [Service.LEGAL_AID, Service.MEDIATION, Service.CONSULTATION],
        ),
        (
            "unpaid wages: legal aid art.31(5) only",
            "劳动纠纷",
            Matter.LABOUR_RELATION_OR_PAY,
            set(),
            [Service.LEGAL_AID, Service.CONSULTATION],
        ),
        (
            "traffic injury: legal aid art.31(7), mediation, appraisal",
            "交通事故",
            Matter.PERSONAL_INJURY,
            {Need.APPRAISAL},
            [Service.LEGAL_AID, Service.MEDIATION, Service.APPRAISAL, Service.CONSULTATION],
        ),
        (
            "neighbour dispute outside art.31: mediation",
            "侵权",
            None,
            {Need.NEIGHBOUR},
            [Service.MEDIATION, Service.CONSULTATION],
        ),
        (
            "a will: notarisation",
            "婚姻家庭",
            None,
            {Need.NOTARISATION},
            [Service.MEDIATION, Service.NOTARY, Service.CONSULTATION],
        ),
        (
            "criminal defence art.24: legal aid and a lawyer",
            "刑事辩护",
            Matter.CRIMINAL_DEFENCE,
            set(),
            [Service.LEGAL_AID, Service.LAWYER_REFERRAL, Service.CONSULTATION],
        ),
        ("company law: a lawyer", "公司法", None, set(), [Service.LAWYER_REFERRAL, Service.CONSULTATION]),
        (
            "other_civil is not in art.31: no legal aid",
            "合同纠纷",
            Matter.OTHER_CIVIL,
            set(),
            [Service.CONSULTATION],
        ),
        ("nothing known: a human", "综合咨询", None, set(), [Service.CONSULTATION]),
    ],
)
def test_services_suggest(
    _case: str, category: str, matter: Matter | None, needs: set[Need], services: list[Service]
) -> None:
    suggestions = services_suggest(category=category, matter=matter, needs=frozenset(needs))
    assert [s.service for s in suggestions] == services


def test_legal_aid_suggestion_is_advisory_and_cites_the_item() -> None:
    [aid, *_] = services_suggest(category="劳动纠纷", matter=Matter.LABOUR_RELATION_OR_PAY)
    assert aid.basis == "法律援助法第三十一条第（五）项"
    assert "请求确认劳动关系或者支付劳动报酬" in aid.reason
    assert "本建议不是审查决定" in aid.reason
    assert "家庭人均月收入" in aid.reason


def test_criminal_suggestion_cites_art_24() -> None:
    [aid, *_] = services_suggest(category="刑事辩护", matter=Matter.CRIMINAL_DEFENCE)
    assert aid.basis == "法律援助法第二十四条"
