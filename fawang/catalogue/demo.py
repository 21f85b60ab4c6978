"""Demo 事项清单 for the demo province, modelled on the national list of 司发通〔2019〕97号 (G3).

Written through catalogue_item_create by a province-level editor, so the demo obeys G4 like real data. Idempotent:
items whose code the province already has are left as they are. Bases name the law or document; article numbers
are given only where the article is the one that says it (法律援助法 Art.2, 人民调解法 Art.4).
"""

from __future__ import annotations

from datetime import date

from fawang.accounts.models import User
from fawang.catalogue.models import FeeStatus, ProviderKind, ServiceItem, ServiceKind, ServiceMode
from fawang.catalogue.services import ServiceItemInput, catalogue_item_create
from fawang.regions.models import Region

LIST_97 = "《公共法律服务事项清单》（司发通〔2019〕97号）"
SINCE = date(2019, 9, 27)
WINDOW, HOTLINE, ONLINE, VISIT = (
    ServiceMode.WINDOW,
    ServiceMode.HOTLINE,
    ServiceMode.ONLINE,
    ServiceMode.VISIT,
)


def _item(
    order: int,
    kind: ServiceKind,
    name: str,
    *,
    target_group: str,
    content: str,
    modes: tuple[str, ...],
    fee_status: FeeStatus,
    provider_kind: ProviderKind,
    basis: str,
    fee_basis: str = "",
    provider_name: str = "",
) -> ServiceItemInput:
    return ServiceItemInput(
        code=f"GF{order:03d}",
        name=name,
        kind=kind,
        target_group=target_group,
        content=content,
        modes=modes,
        fee_status=fee_status,
        fee_basis=fee_basis,
        provider_kind=provider_kind,
        provider_name=provider_name,
        basis=basis,
        effective_from=SINCE,
        order=order,
    )


DEMO_ITEMS: tuple[ServiceItemInput, ...] = (
    _item(
        10,
        ServiceKind.EDUCATION,
        "法治宣传教育",
        target_group="社会公众",
        content="宪法和法律法规宣传，普法讲座、法治文化活动，以案释法，为重点对象提供学法用法指导。",
        modes=(WINDOW, ONLINE, VISIT),
        fee_status=FeeStatus.FREE,
        provider_kind=ProviderKind.JUSTICE_BUREAU,
        provider_name="市、区县司法局，司法所，公共法律服务中心（站、室）",
        basis=f"《中央宣传部、司法部关于开展法治宣传教育的第八个五年规划（2021－2025年）》；{LIST_97}",
    ),
    _item(
        20,
        ServiceKind.CONSULTATION,
        "法律咨询",
        target_group="社会公众",
        content="解答日常生活、生产经营中遇到的法律问题，提供法律意见，引导通过合法途径解决纠纷。",
        modes=(WINDOW, HOTLINE, ONLINE),
        fee_status=FeeStatus.FREE,
        provider_kind=ProviderKind.SERVICE_CENTRE,
        provider_name="公共法律服务中心（站、室）值班律师、基层法律服务工作者",
        basis=LIST_97,
    ),
    _item(
        21,
        ServiceKind.CONSULTATION,
        "村（居）法律顾问服务",
        target_group="村（居）民委员会和村（居）民",
        content="为村（社区）提供法律咨询、参与矛盾纠纷化解、协助起草审核村规民约和合同、开展法治宣传。",
        modes=(VISIT, WINDOW),
        fee_status=FeeStatus.FREE,
        provider_kind=ProviderKind.LAW_FIRM,
        provider_name="律师、基层法律服务工作者担任的村（居）法律顾问",
        basis=LIST_97,
    ),
    _item(
        30,
        ServiceKind.LEGAL_AID,
        "民事、行政法律援助",
        target_group="经济困难公民和符合法定条件的其他当事人",
        content="为符合条件的当事人无偿提供法律咨询、代理等法律服务，如请求支付劳动报酬、给予社会保险待遇、请求给付赡养费抚养费扶养费等事项。",
        modes=(WINDOW, ONLINE, HOTLINE),
        fee_status=FeeStatus.FREE,
        provider_kind=ProviderKind.LEGAL_AID_CENTRE,
        provider_name="市、区县法律援助中心",
        basis="《中华人民共和国法律援助法》第二条（无偿提供法律服务）及第三十一条、第三十二条",
    ),
    _item(
        31,
        ServiceKind.LEGAL_AID,
        "刑事法律援助和值班律师法律帮助",
        target_group="符合法定条件的犯罪嫌疑人、被告人及其他刑事诉讼当事人",
        content="为符合条件的犯罪嫌疑人、被告人指派辩护律师；值班律师提供法律咨询、程序选择建议等法律帮助。",
        modes=(WINDOW,),
        fee_status=FeeStatus.FREE,
        provider_kind=ProviderKind.LEGAL_AID_CENTRE,
        provider_name="市、区县法律援助中心",
        basis="《中华人民共和国法律援助法》；《中华人民共和国刑事诉讼法》",
    ),
    _item(
        40,
        ServiceKind.MEDIATION,
        "人民调解",
        target_group="民间纠纷当事人",
        content="调解婚姻家庭、邻里、物业、损害赔偿等民间纠纷，达成调解协议的可以申请司法确认。",
        modes=(WINDOW, VISIT, ONLINE),
        fee_status=FeeStatus.FREE,
        provider_kind=ProviderKind.MEDIATION_COMMITTEE,
        provider_name="村（居）、乡镇（街道）人民调解委员会和行业性、专业性人民调解委员会",
        basis="《中华人民共和国人民调解法》第四条（调解民间纠纷不收取任何费用）",
    ),
    _item(
        50,
        ServiceKind.GUIDANCE,
        "12348公共法律服务热线",
        target_group="社会公众",
        content="7×24小时法律咨询、法律服务指引和法律援助申请指引，受理投诉建议并转办。",
        modes=(HOTLINE,),
        fee_status=FeeStatus.FREE,
        provider_kind=ProviderKind.HOTLINE,
        basis=LIST_97,
    ),
    _item(
        51,
        ServiceKind.GUIDANCE,
        "12348法网网络法律服务",
        target_group="社会公众",
        content="在线法律咨询、法律服务机构和人员查询、办事指南、在线申请和进度查询。",
        modes=(ONLINE,),
        fee_status=FeeStatus.FREE,
        provider_kind=ProviderKind.ONLINE,
        basis=LIST_97,
    ),
    _item(
        60,
        ServiceKind.LAWYER,
        "律师服务",
        target_group="公民、法人和其他组织",
        content="担任法律顾问，代理民事、行政诉讼和非诉讼法律事务，刑事辩护，出具法律意见。",
        modes=(WINDOW,),
        fee_status=FeeStatus.CHARGED,
        fee_basis="按律师服务收费管理规定，由律师事务所与委托人协商签订委托合同确定",
        provider_kind=ProviderKind.LAW_FIRM,
        basis="《中华人民共和国律师法》",
    ),
    _item(
        70,
        ServiceKind.NOTARY,
        "公证服务",
        target_group="自然人、法人和其他组织",
        content="办理继承、遗嘱、委托、声明、合同、学历、亲属关系等公证事项，提供保全证据、提存等服务。",
        modes=(WINDOW, ONLINE),
        fee_status=FeeStatus.CHARGED,
        fee_basis="按价格主管部门会同司法行政部门制定的公证收费标准收取；符合法律援助条件的按规定减免",
        provider_kind=ProviderKind.NOTARY_OFFICE,
        basis="《中华人民共和国公证法》",
    ),
    _item(
        80,
        ServiceKind.APPRAISAL,
        "司法鉴定",
        target_group="办案机关和诉讼当事人",
        content="法医类、物证类、声像资料和环境损害司法鉴定。",
        modes=(WINDOW,),
        fee_status=FeeStatus.CHARGED,
        fee_basis="按本市司法鉴定收费管理规定和收费标准收取",
        provider_kind=ProviderKind.APPRAISAL_INSTITUTION,
        basis="《全国人民代表大会常务委员会关于司法鉴定管理问题的决定》；《司法鉴定程序通则》",
    ),
    _item(
        90,
        ServiceKind.ARBITRATION,
        "商事仲裁",
        target_group="平等主体的公民、法人和其他组织",
        content="根据仲裁协议受理合同纠纷和其他财产权益纠纷，作出裁决或制作调解书。",
        modes=(WINDOW, ONLINE),
        fee_status=FeeStatus.CHARGED,
        fee_basis="按《仲裁委员会仲裁收费办法》收取案件受理费和处理费",
        provider_kind=ProviderKind.ARBITRATION_COMMISSION,
        basis="《中华人民共和国仲裁法》",
    ),
    _item(
        100,
        ServiceKind.OTHER,
        "基层法律服务",
        target_group="公民、法人和其他组织",
        content="提供法律咨询，代理民事和行政诉讼、非诉讼法律事务，协助调解。",
        modes=(WINDOW,),
        fee_status=FeeStatus.CHARGED,
        fee_basis="按本市基层法律服务收费规定收取",
        provider_kind=ProviderKind.GRASSROOTS_OFFICE,
        basis="《基层法律服务所管理办法》；《基层法律服务工作者管理办法》",
    ),
    _item(
        110,
        ServiceKind.OTHER,
        "法律职业资格证书申领",
        target_group="通过国家统一法律职业资格考试的人员",
        content="受理法律职业资格申请，审核后颁发法律职业资格证书。",
        modes=(WINDOW, ONLINE),
        fee_status=FeeStatus.FREE,
        provider_kind=ProviderKind.JUSTICE_BUREAU,
        provider_name="市司法局",
        basis="《国家统一法律职业资格考试实施办法》",
    ),
)


def catalogue_demo_build(*, actor: User, province: Region) -> int:
    """Add the demo items the province does not have yet; return how many were added."""
    existing = set(ServiceItem.objects.filter(province=province).values_list("code", flat=True))
    added = 0
    for data in DEMO_ITEMS:
        if data.code not in existing:
            catalogue_item_create(actor=actor, province=province, data=data)
            added += 1
    return added
