"""The pure contract review engine (J10), table-tested: for each of the 15 contract types, each clause present is
found and absent is missing; each numeric risk at, just below and just above its statutory figure; each wording
risk present, negated and absent; type detection; the choice of the dated rule tables."""

from __future__ import annotations

from datetime import date

import pytest

from fawang.contract_review.engine.model import ClauseRule, Kind, Report, ReviewError, RiskRule, Status
from fawang.contract_review.engine.review import MAX_CHARS, detect_types, detected_type, review
from fawang.contract_review.rules import CONTRACT_TYPE_TABLES, GENERAL_TABLES, ORDER

TODAY = date(2026, 6, 1)
ON = date(2024, 6, 1)  # one-year LPR 3.45 % (2023-08-21 fixing): four times is 13.8 %
NEUTRAL = "甲乙双方经友好商量，订立本合同，共同遵守。"


def _review(key: str, text: str, *, on: date | None = ON) -> Report:
    return review(text=text, contract_type=key, on=on, today=TODAY)


def _status(key: str, rule: str, text: str, *, on: date | None = ON) -> Status:
    (finding,) = [f for f in _review(key, text, on=on).findings if f.rule_id == rule]
    return finding.status


# ---- clauses: present → found ----------------------------------------------------------------------------------------

CLAUSES: list[tuple[str, str, str]] = [
    # general (民法典第四百七十条, 第四百九十条), through the types that list them
    ("sale", "parties", "甲方：张三，身份证号码：320826198001011234，住址：淮安市清江浦区淮海路1号。"),
    ("sale", "price", "合同总价款为人民币伍万元整。"),
    ("sale", "performance", "乙方应于2024年3月1日前在甲方仓库交付全部货物。"),
    ("sale", "breach", "任何一方违反本合同约定的，应当赔偿对方因此受到的损失。"),
    ("sale", "disputes", "因本合同发生争议的，双方协商解决；协商不成的，向淮安市清江浦区人民法院起诉。"),
    ("sale", "signature", "甲方（签字）：        乙方（签字）："),
    # 房屋租赁 (Art.704)
    ("lease", "lease.property", "甲方将位于淮安市清江浦区淮海路8号3栋201室的房屋出租给乙方。"),
    ("lease", "lease.use", "该房屋用于居住，乙方不得擅自改变房屋用途。"),
    ("lease", "lease.term", "租赁期限为三年，自2024年1月1日起至2026年12月31日止。"),
    ("lease", "lease.rent", "月租金为人民币2500元。"),
    ("lease", "lease.payment", "租金按季度支付，乙方应于每季度第一个月的5日前转账支付。"),
    ("lease", "lease.repair", "房屋及附属设施的维修由甲方负责。"),
    # 房屋买卖 (Art.596, 598, 612, 209)
    (
        "house_sale",
        "house_sale.location",
        "该房屋坐落于淮安市淮安区翔宇大道99号5幢1单元602室，建筑面积120平方米。",
    ),
    ("house_sale", "house_sale.title", "不动产权证书号为苏（2020）淮安市不动产权第0012345号。"),
    ("house_sale", "house_sale.encumbrance", "甲方保证该房屋未设定抵押，也未被司法机关查封。"),
    ("house_sale", "house_sale.price", "该房屋成交价为人民币壹佰贰拾万元整。"),
    ("house_sale", "house_sale.payment", "乙方于签约当日支付首付款36万元，余款通过银行按揭贷款支付。"),
    ("house_sale", "house_sale.delivery", "甲方应于2024年6月30日前交房。"),
    ("house_sale", "house_sale.transfer", "双方应于乙方付清首付款后30日内共同办理过户手续。"),
    # 买卖 (Art.596)
    ("sale", "sale.name", "货物名称：联合收割机，品牌：雷沃，型号：GK100。"),
    ("sale", "sale.quantity", "数量：2台。"),
    ("sale", "sale.quality", "质量符合国家标准，为全新合格产品。"),
    ("sale", "sale.inspection", "乙方应在收货后七日内验收，逾期未提出异议的视为合格。"),
    ("sale", "sale.settlement", "货款以银行转账方式一次性付清。"),
    # 民间借贷 (Art.668)
    ("loan", "loan.amount", "甲方向乙方出借人民币100,000元（大写：壹拾万元整）。"),
    ("loan", "loan.purpose", "借款用于经营周转。"),
    ("loan", "loan.interest", "借款年利率为8%。"),
    ("loan", "loan.term", "借款期限为一年，自2024年1月1日起至2024年12月31日止。"),
    ("loan", "loan.repayment", "乙方应于到期日一次性归还本金和利息。"),
    # 保证 (Art.684)
    ("guarantee", "guarantee.debt", "丙方为乙方在借款合同项下的债务人民币20万元提供保证。"),
    ("guarantee", "guarantee.due", "主债务履行期限为2024年1月1日至2024年12月31日。"),
    ("guarantee", "guarantee.mode", "丙方承担连带责任保证。"),
    ("guarantee", "guarantee.scope", "保证范围包括借款本金、利息、违约金和实现债权的费用。"),
    ("guarantee", "guarantee.period", "保证期间为主债务履行期限届满之日起两年。"),
    # 劳动合同 (劳动合同法 Art.16, 17)
    (
        "labour",
        "labour.employer",
        "甲方（用人单位）名称：淮安某某食品有限公司，住所：淮安市经济技术开发区枚乘路10号，法定代表人：王五。",
    ),
    ("labour", "labour.worker", "乙方（劳动者）姓名：赵六，居民身份证号码：320802199505051234。"),
    ("labour", "labour.term", "本合同为固定期限劳动合同，合同期限为三年。"),
    ("labour", "labour.job", "乙方的工作岗位为包装工。"),
    ("labour", "labour.place", "工作地点为淮安市经济技术开发区。"),
    ("labour", "labour.hours", "甲方实行标准工时制度，每日工作8小时，每周至少休息一日。"),
    ("labour", "labour.pay", "乙方月工资为4500元，甲方于每月15日前发放上月工资。"),
    ("labour", "labour.insurance", "甲方依法为乙方缴纳社会保险。"),
    ("labour", "labour.protection", "甲方为乙方提供必要的劳动保护用品和劳动条件。"),
    ("labour", "labour.signature", "甲方（盖章）：    乙方（签字）："),
    # 装修 (Art.771, 774; 住宅室内装饰装修管理办法 Art.32)
    (
        "renovation",
        "renovation.scope",
        "装修地址：淮安市清江浦区水渡口大道6号2栋1002室，装修面积约100平方米。",
    ),
    ("renovation", "renovation.quality", "施工质量应符合国家标准《住宅装饰装修工程施工规范》。"),
    ("renovation", "renovation.price", "工程总价款为人民币壹拾伍万元整。"),
    ("renovation", "renovation.materials", "本工程采用半包方式，主材由甲方自行采购。"),
    ("renovation", "renovation.schedule", "工期为90天，自2024年3月1日开工。"),
    ("renovation", "renovation.acceptance", "工程完工后，双方共同进行验收。"),
    ("renovation", "renovation.warranty", "保修期为二年，其中卫生间防水保修期为五年。"),
    # 建设工程施工 (Art.795)
    ("construction", "construction.scope", "乙方承建甲方位于淮安区某村的三层住宅楼，建筑面积约300平方米。"),
    ("construction", "construction.schedule", "工期为150天，2024年4月1日开工。"),
    ("construction", "construction.quality", "乙方应按照设计图纸施工，工程质量应达到合格标准。"),
    ("construction", "construction.price", "工程造价按每平方米1200元包工包料计算。"),
    ("construction", "construction.materials", "钢筋、水泥等主要材料由乙方采购。"),
    ("construction", "construction.payment", "主体封顶后甲方支付工程进度款的50%。"),
    ("construction", "construction.acceptance", "工程竣工后，甲方组织竣工验收。"),
    ("construction", "construction.warranty", "屋面防水保修期为五年。"),
    # 物业服务 (Art.938)
    ("property_service", "property_service.services", "物业服务内容包括公共区域保洁、绿化养护和秩序维护。"),
    ("property_service", "property_service.quality", "服务质量应达到本市住宅物业服务二级标准。"),
    ("property_service", "property_service.fee", "物业服务费按建筑面积每月每平方米1.2元收取，按季度交纳。"),
    ("property_service", "property_service.fund", "专项维修资金的使用按照国家有关规定执行。"),
    (
        "property_service",
        "property_service.premises",
        "物业服务用房位于小区3号楼一层，由物业服务人无偿使用。",
    ),
    ("property_service", "property_service.term", "服务期限为三年，自2024年1月1日起至2026年12月31日止。"),
    (
        "property_service",
        "property_service.handover",
        "合同终止时，物业服务人应当在10日内退出物业服务区域，并办理交接。",
    ),
    # 中介 (Art.961–964)
    ("brokerage", "brokerage.matter", "乙方为甲方提供房源信息、带看和促成交易的服务。"),
    ("brokerage", "brokerage.fee", "交易成交后，甲方按成交价的2%向乙方支付中介费。"),
    ("brokerage", "brokerage.no_deal", "未能促成交易的，乙方不得收取中介费。"),
    ("brokerage", "brokerage.disclosure", "乙方应如实向甲方报告房屋的产权和抵押情况。"),
    # 赠与 (Art.657, 659)
    ("gift", "gift.property", "甲方自愿将其所有的位于淮安市清江浦区某小区5栋301室的房屋赠与乙方。"),
    ("gift", "gift.acceptance", "乙方同意接受上述赠与。"),
    ("gift", "gift.transfer", "双方应于本合同签订后30日内办理房屋过户登记手续。"),
    # 委托 (Art.165, 919–921, 928)
    ("mandate", "mandate.matter", "甲方委托乙方代为办理房屋出售事宜。"),
    ("mandate", "mandate.authority", "委托权限为：代为签订房屋买卖合同，但无权代收房款。"),
    ("mandate", "mandate.term", "委托期限自2024年1月1日起至2024年6月30日止。"),
    ("mandate", "mandate.fee", "甲方向乙方支付报酬3000元。"),
    ("mandate", "mandate.expenses", "办理委托事务的费用由甲方负担。"),
    # 合伙 (Art.968, 970, 972, 976, 978)
    ("partnership", "partnership.contribution", "甲方出资人民币10万元，乙方出资人民币5万元。"),
    ("partnership", "partnership.profit", "合伙利润按出资比例分配。"),
    ("partnership", "partnership.loss", "合伙亏损由合伙人按出资比例分担。"),
    ("partnership", "partnership.affairs", "合伙事务由甲方执行，乙方负责财务管理。"),
    ("partnership", "partnership.term", "合伙期限为五年。"),
    ("partnership", "partnership.exit", "合伙人退伙的，应当提前30日通知其他合伙人。"),
    # 土地经营权流转 (农村土地承包法 Art.40)
    (
        "land_transfer",
        "land_transfer.parcel",
        "流转土地位于某村东组，四至：东至河沟，西至村道，南至张家地，北至李家地，面积20亩。",
    ),
    ("land_transfer", "land_transfer.term", "流转期限为10年，自2024年1月1日起至2033年12月31日止。"),
    ("land_transfer", "land_transfer.use", "流转土地用于种植水稻、小麦。"),
    ("land_transfer", "land_transfer.rights", "双方的权利和义务如下。"),
    ("land_transfer", "land_transfer.price", "流转费每亩每年800元，于每年12月31日前支付。"),
    (
        "land_transfer",
        "land_transfer.compensation",
        "流转期间土地被依法征收的，土地补偿费归甲方所有，地上青苗补偿费归乙方所有。",
    ),
    # 离婚协议 (Art.1076, 1084–1087, 1089)
    ("divorce", "divorce.parties", "男方：孙七，居民身份证号码：320802198808081234。"),
    ("divorce", "divorce.consent", "双方自愿离婚。"),
    ("divorce", "divorce.custody", "婚生女孙小花随女方生活，由女方直接抚养。"),
    ("divorce", "divorce.support", "男方每月支付抚养费1500元，至孩子年满十八周岁止。"),
    ("divorce", "divorce.visitation", "男方可以每月探望孩子两次，女方应予协助。"),
    ("divorce", "divorce.property", "位于淮安市某小区的房屋归女方所有。"),
    ("divorce", "divorce.debts", "双方确认无共同债务。"),
    ("divorce", "divorce.signature", "男方（签名）：      女方（签名）："),
]


@pytest.mark.parametrize(("key", "rule", "text"), CLAUSES)
def test_a_clause_that_is_there_is_found(key: str, rule: str, text: str) -> None:
    """J10: each clause the statute lists, written as contracts write it, is found, with its span."""
    report = _review(key, text)
    (finding,) = [f for f in report.findings if f.rule_id == rule]
    assert (finding.kind, finding.status) == (Kind.CLAUSE, Status.FOUND)
    assert finding.span is not None
    assert text[finding.span.start : finding.span.end] == finding.span.text
    assert finding.span.text in finding.span.quote


@pytest.mark.parametrize("key", ORDER)
def test_every_clause_is_missing_from_a_text_without_it(key: str) -> None:
    """J10: absent → missing, with the plain explanation and the citation."""
    clauses = [f for f in _review(key, NEUTRAL).findings if f.kind == Kind.CLAUSE]
    assert clauses
    assert {f.status for f in clauses} == {Status.MISSING}
    assert all(
        f.span is None and f.explanation.startswith("没有找到") and f.citation.startswith("《")
        for f in clauses
    )


def test_every_clause_rule_has_a_row_above() -> None:
    table_rules = {(key, c.id) for key in ORDER for table in CONTRACT_TYPE_TABLES[key] for c in table.clauses}
    assert table_rules <= {(key, rule) for key, rule, _ in CLAUSES}


def test_a_divorce_without_children_needs_no_child_clauses() -> None:
    """民法典第一千零七十六条: custody, support and visitation are needed only where there are children."""
    report = _review("divorce", "双方自愿离婚。双方婚后未生育子女。")
    statuses = {f.rule_id: f.status for f in report.findings}
    assert [statuses[r] for r in ("divorce.custody", "divorce.support", "divorce.visitation")] == [
        Status.NOT_APPLICABLE
    ] * 3
    assert statuses["divorce.consent"] == Status.FOUND


# ---- numeric risks: at, just below and just above ----------------------------------------------------------------------

NUMERIC: list[tuple[str, str, str, str, Status]] = [
    # 定金 ≤ 20 % of the price (民法典第五百八十六条)
    ("Art.586: exactly 20 %", "house_sale", "deposit_ratio", "房屋总价款100万元，定金20万元。", Status.CLEAR),
    (
        "Art.586: just below",
        "house_sale",
        "deposit_ratio",
        "房屋总价款1,000,000元，定金199,999元。",
        Status.CLEAR,
    ),
    (
        "Art.586: just above",
        "house_sale",
        "deposit_ratio",
        "房屋总价款1,000,000元，定金200,001元。",
        Status.RISK,
    ),
    (
        "Art.586: 二十万元 of 壹佰万元",
        "house_sale",
        "deposit_ratio",
        "总价款人民币壹佰万元整，定金二十万元。",
        Status.CLEAR,
    ),
    (
        "Art.586: 贰拾伍万 of 100万",
        "sale",
        "deposit_ratio",
        "货款总金额100万元。乙方支付定金贰拾伍万元。",
        Status.RISK,
    ),
    (
        "Art.586: 百分之三十",
        "renovation",
        "deposit_ratio",
        "甲方支付定金，定金为工程总价款的百分之三十。",
        Status.RISK,
    ),
    ("Art.586: 20%", "renovation", "deposit_ratio", "甲方支付定金，定金为工程总价款的20%。", Status.CLEAR),
    ("Art.586: no 定金", "house_sale", "deposit_ratio", "房屋总价款100万元。", Status.CLEAR),
    (
        "Art.586: 订金 is not 定金",
        "house_sale",
        "deposit_ratio",
        "房屋总价款100万元，订金50万元。",
        Status.CLEAR,
    ),
    # 租期 ≤ 20 years (Art.705)
    ("Art.705: exactly 20 years", "lease", "lease.term_limit", "租赁期限为二十年。", Status.CLEAR),
    (
        "Art.705: 19 years 11 months",
        "lease",
        "lease.term_limit",
        "租赁期限为十九年零十一个月。",
        Status.CLEAR,
    ),
    ("Art.705: 20 years 1 month", "lease", "lease.term_limit", "租赁期限为20年1个月。", Status.RISK),
    ("Art.705: 21 years", "lease", "lease.term_limit", "租期二十一年。", Status.RISK),
    (
        "Art.705: dates, exactly 20 years",
        "lease",
        "lease.term_limit",
        "租赁期限自2024年1月1日起至2043年12月31日止。",
        Status.CLEAR,
    ),
    (
        "Art.705: dates, one day more",
        "lease",
        "lease.term_limit",
        "租赁期限自2024年1月1日起至2044年1月1日止。",
        Status.RISK,
    ),
    # 利率 ≤ 4 × one-year LPR at the contract date (规定第二十五条; 2024-06-01: 3.45 % × 4 = 13.8 %)
    ("Art.25: exactly 4 × LPR", "loan", "loan.interest_cap", "借款年利率为13.8%。", Status.CLEAR),
    ("Art.25: just below", "loan", "loan.interest_cap", "借款年利率为13.79%。", Status.CLEAR),
    ("Art.25: just above", "loan", "loan.interest_cap", "借款年利率为13.81%。", Status.RISK),
    ("Art.25: monthly at the cap", "loan", "loan.interest_cap", "借款月利率1.15%。", Status.CLEAR),
    ("Art.25: 月息1.2%", "loan", "loan.interest_cap", "月息1.2%，按月付息。", Status.RISK),
    ("Art.25: 月息2分", "loan", "loan.interest_cap", "利息按月息2分计算。", Status.RISK),
    ("Art.25: 日利率万分之五", "loan", "loan.interest_cap", "借款利率按每日万分之五计算。", Status.RISK),
    ("Art.25: 百分之十", "loan", "loan.interest_cap", "借款年利率为百分之十。", Status.CLEAR),
    (
        "Art.25: LPR × 4",
        "loan",
        "loan.interest_cap",
        "借款利率按一年期贷款市场报价利率的四倍计算。",
        Status.CLEAR,
    ),
    (
        "Art.25: LPR × 4.5",
        "loan",
        "loan.interest_cap",
        "借款利率按一年期贷款市场报价利率的4.5倍计算。",
        Status.RISK,
    ),
    (
        "Art.25: monthly interest in 元",
        "loan",
        "loan.interest_cap",
        "借款本金10万元。每月支付利息1200元。",
        Status.RISK,
    ),
    (
        "Art.25: monthly interest in 元 below",
        "loan",
        "loan.interest_cap",
        "借款本金10万元。每月支付利息1000元。",
        Status.CLEAR,
    ),
    (
        "Art.29: overdue penalty per day",
        "loan",
        "loan.interest_cap",
        "借款年利率6%。逾期还款的，违约金按每日千分之一计算。",
        Status.RISK,
    ),
    ("Art.680: no interest", "loan", "loan.interest_cap", "本借款不计利息。", Status.CLEAR),
    # 试用期 (劳动合同法第十九条)
    (
        "Art.19: 1 year, 2 months (at)",
        "labour",
        "labour.probation",
        "合同期限为一年。试用期为二个月。",
        Status.CLEAR,
    ),
    (
        "Art.19: 1 year, 1 month (below)",
        "labour",
        "labour.probation",
        "合同期限为一年。试用期为1个月。",
        Status.CLEAR,
    ),
    (
        "Art.19: 1 year, 3 months (above)",
        "labour",
        "labour.probation",
        "合同期限为一年。试用期为3个月。",
        Status.RISK,
    ),
    (
        "Art.19: 1 year, 2 months 1 day",
        "labour",
        "labour.probation",
        "合同期限为一年。试用期为二个月零一天。",
        Status.RISK,
    ),
    (
        "Art.19: 11 months, 1 month",
        "labour",
        "labour.probation",
        "合同期限为十一个月，试用期一个月。",
        Status.CLEAR,
    ),
    (
        "Art.19: 11 months, 2 months",
        "labour",
        "labour.probation",
        "合同期限为十一个月，试用期两个月。",
        Status.RISK,
    ),
    (
        "Art.19: 3 months exactly, 1 month",
        "labour",
        "labour.probation",
        "合同期限为三个月，试用期一个月。",
        Status.CLEAR,
    ),
    (
        "Art.19: under 3 months, none allowed",
        "labour",
        "labour.probation",
        "合同期限为两个月，试用期十五天。",
        Status.RISK,
    ),
    (
        "Art.19: 3 years, 6 months",
        "labour",
        "labour.probation",
        "合同期限为三年。试用期为六个月。",
        Status.CLEAR,
    ),
    (
        "Art.19: 3 years, 7 months",
        "labour",
        "labour.probation",
        "合同期限为三年。试用期为七个月。",
        Status.RISK,
    ),
    (
        "Art.19: 2 years by dates, 2 months",
        "labour",
        "labour.probation",
        "合同期限自2024年1月1日起至2025年12月31日止，试用期两个月。",
        Status.CLEAR,
    ),
    (
        "Art.19: 2 years by dates, 3 months",
        "labour",
        "labour.probation",
        "合同期限自2024年1月1日起至2025年12月31日止，试用期三个月。",
        Status.RISK,
    ),
    (
        "Art.19: indefinite, 6 months",
        "labour",
        "labour.probation",
        "本合同为无固定期限劳动合同。试用期六个月。",
        Status.CLEAR,
    ),
    (
        "Art.19: task, 1 month",
        "labour",
        "labour.probation",
        "本合同以完成一定工作任务为期限。试用期一个月。",
        Status.RISK,
    ),
    ("Art.19: no probation", "labour", "labour.probation", "合同期限为一年。", Status.CLEAR),
    # 竞业限制 ≤ 2 years (Art.24)
    ("Art.24: 2 years", "labour", "labour.non_compete", "乙方离职后竞业限制期限为二年。", Status.CLEAR),
    ("Art.24: 23 months", "labour", "labour.non_compete", "竞业限制期限为二十三个月。", Status.CLEAR),
    ("Art.24: 25 months", "labour", "labour.non_compete", "竞业限制期限为25个月。", Status.RISK),
    (
        "Art.24: 3 years",
        "labour",
        "labour.non_compete",
        "乙方离职后三年内不得到生产同类产品的单位工作。",
        Status.RISK,
    ),
    # 保修期 (住宅室内装饰装修管理办法第三十二条; 建设工程质量管理条例第四十条)
    ("decoration: 2 years", "renovation", "renovation.warranty_min", "保修期为二年。", Status.CLEAR),
    ("decoration: 23 months", "renovation", "renovation.warranty_min", "保修期为二十三个月。", Status.RISK),
    ("decoration: 25 months", "renovation", "renovation.warranty_min", "保修期为二十五个月。", Status.CLEAR),
    ("decoration: 1 year", "renovation", "renovation.warranty_min", "本工程保修期一年。", Status.RISK),
    (
        "decoration: waterproof 5 years",
        "renovation",
        "renovation.waterproof_min",
        "保修期为二年，卫生间防水保修五年。",
        Status.CLEAR,
    ),
    (
        "decoration: waterproof 4 years 11 months",
        "renovation",
        "renovation.waterproof_min",
        "卫生间防水保修期四年零十一个月。",
        Status.RISK,
    ),
    (
        "decoration: waterproof 3 years",
        "renovation",
        "renovation.waterproof_min",
        "保修期为二年，防水工程保修期为三年。",
        Status.RISK,
    ),
    (
        "decoration: the general rule leaves waterproofing alone",
        "renovation",
        "renovation.warranty_min",
        "保修期为二年，防水工程保修期为三年。",
        Status.CLEAR,
    ),
    (
        "decoration: response time is not a warranty",
        "renovation",
        "renovation.warranty_min",
        "保修期为二年，乙方接到保修通知后3日内上门维修。",
        Status.CLEAR,
    ),
    (
        "construction: 2 years",
        "construction",
        "construction.warranty_min",
        "电气管线、给排水管道保修期为2年。",
        Status.CLEAR,
    ),
    (
        "construction: 1 year",
        "construction",
        "construction.warranty_min",
        "工程质量保修期为1年。",
        Status.RISK,
    ),
    (
        "construction: roof 5 years",
        "construction",
        "construction.waterproof_min",
        "屋面防水保修期为五年。",
        Status.CLEAR,
    ),
    (
        "construction: roof 4 years",
        "construction",
        "construction.waterproof_min",
        "屋面防水保修期为四年。",
        Status.RISK,
    ),
]


@pytest.mark.parametrize(("_case", "key", "rule", "text", "status"), NUMERIC)
def test_numeric_risks_at_and_around_their_limit(
    _case: str, key: str, rule: str, text: str, status: Status
) -> None:
    """J10: limits are strict (民法典第一千二百五十九条): a figure at the limit is allowed, above it is a risk."""
    assert _status(key, rule, text) == status


def test_a_risk_explains_the_numbers_and_points_at_the_words() -> None:
    text = "房屋总价款100万元，定金30万元。"
    (finding,) = [f for f in _review("house_sale", text).findings if f.rule_id == "deposit_ratio"]
    assert finding.status == Status.RISK
    assert finding.explanation.startswith("合同约定的定金300,000元是总价1,000,000元的30%，超过了20%。")
    assert finding.citation == "《中华人民共和国民法典》第五百八十六条"
    assert finding.span is not None
    assert finding.span.text == "定金30万元"


def test_the_interest_cap_follows_the_lpr_of_the_contract_date() -> None:
    """规定第二十五条: the LPR when the contract was made. 13 % is under 4 × 3.45 % (2024-06-01) but over 4 × 3.0 %
    (2025-06-01)."""
    text = "借款年利率为13%。"
    assert _status("loan", "loan.interest_cap", text, on=date(2024, 6, 1)) == Status.CLEAR
    assert _status("loan", "loan.interest_cap", text, on=date(2025, 6, 1)) == Status.RISK
    report = _review("loan", text, on=date(2025, 6, 1))
    (finding,) = [f for f in report.findings if f.rule_id == "loan.interest_cap"]
    assert "一年期LPR是3%（2025年5月20日公布），4倍是年利率12%" in finding.explanation
    assert [t.id for t in report.tables] == ["civil-code-general", "contract-loan", "lpr-1y"]


def test_a_date_after_the_checked_lpr_fixings_carries_a_note() -> None:
    report = _review("loan", "借款年利率为10%。", on=date(2026, 5, 1))
    assert any(n.startswith("本系统收录的LPR核对到2025年10月20日") for n in report.notes)
    assert not any("LPR" in n for n in _review("loan", "借款年利率为10%。").notes)


# ---- wording risks: present, negated, absent -------------------------------------------------------------------------

WORDING: list[tuple[str, str, str, Status]] = [
    ("lease", "injury_waiver", "乙方在租住期间发生人身伤害的，甲方概不负责。", Status.RISK),
    ("lease", "gross_fault_waiver", "无论任何原因造成乙方财产损失，甲方均不承担任何责任。", Status.RISK),
    ("lease", "final_say", "本合同最终解释权归甲方所有。", Status.RISK),
    ("house_sale", "earnest_money", "乙方交付订金5000元。", Status.RISK),
    ("house_sale", "house_sale.dual_price", "双方同意按最低价网签备案。", Status.RISK),
    ("house_sale", "house_sale.dual_price", "双方另签阴阳合同。", Status.RISK),
    ("renovation", "renovation.load_bearing", "拆除客厅与餐厅之间的承重墙。", Status.RISK),
    ("renovation", "renovation.load_bearing", "乙方不得拆改承重墙。", Status.CLEAR),
    ("sale", "sale.no_return", "商品售出，概不退换。", Status.RISK),
    ("loan", "loan.interest_deducted", "利息在借款本金中预先扣除。", Status.RISK),
    ("loan", "loan.interest_deducted", "利息不得预先在本金中扣除。", Status.CLEAR),
    ("loan", "loan.compound", "逾期未还的利息计入本金，利滚利计算。", Status.RISK),
    ("guarantee", "guarantee.until_repaid", "保证人的保证责任直至借款本息全部还清之日止。", Status.RISK),
    ("labour", "labour.deposit", "乙方入职时应交纳押金500元。", Status.RISK),
    ("labour", "labour.deposit", "甲方扣押乙方身份证。", Status.RISK),
    ("labour", "labour.deposit", "甲方不收取乙方押金，不扣押乙方证件。", Status.CLEAR),
    ("labour", "labour.deposit", "甲方不得要求乙方提供担保或者收取保证金。", Status.CLEAR),
    ("labour", "labour.no_insurance", "乙方自愿放弃缴纳社会保险。", Status.RISK),
    ("labour", "labour.no_insurance", "社保费用已折算在工资中。", Status.RISK),
    ("labour", "labour.no_insurance", "甲方为乙方缴纳社会保险，个人缴纳部分由乙方承担。", Status.CLEAR),
    ("labour", "labour.injury_waiver", "乙方在工作中受伤的，后果自负。", Status.RISK),
    ("labour", "labour.penalty", "乙方提前解除合同的，应向甲方支付违约金5000元。", Status.RISK),
    ("labour", "labour.penalty", "乙方违反服务期约定的，应当按照约定向甲方支付违约金。", Status.CLEAR),
    ("labour", "labour.penalty", "乙方违反竞业限制约定的，应向甲方支付违约金。", Status.CLEAR),
    ("labour", "labour.penalty", "甲方违反本合同约定解除合同的，应向乙方支付违约金。", Status.CLEAR),
    ("labour", "labour.penalty", "乙方违反保密义务的，应支付甲方违约金2万元。", Status.RISK),
    (
        "property_service",
        "property_service.utility_cutoff",
        "业主拖欠物业费的，物业服务人有权停水停电。",
        Status.RISK,
    ),
    (
        "property_service",
        "property_service.utility_cutoff",
        "物业服务人不得以停水停电方式催交物业费。",
        Status.CLEAR,
    ),
    (
        "property_service",
        "property_service.utility_cutoff",
        "小区计划停水检修时，应提前通知业主。",
        Status.CLEAR,
    ),
    ("brokerage", "brokerage.fee_without_deal", "无论是否成交，甲方均应支付中介费。", Status.RISK),
    ("brokerage", "brokerage.fee_without_deal", "未成交的，乙方不收取中介费。", Status.CLEAR),
    ("gift", "gift.irrevocable", "赠与人承诺永不反悔，不得撤销赠与。", Status.RISK),
    ("mandate", "mandate.blanket", "甲方全权委托乙方处理房屋出售事宜。", Status.RISK),
    ("mandate", "mandate.irrevocable", "本委托不可撤销。", Status.RISK),
    (
        "partnership",
        "partnership.guaranteed_return",
        "乙方每年获得固定回报5万元，不承担经营亏损。",
        Status.RISK,
    ),
    ("partnership", "partnership.external_liability", "合伙对外所负债务由甲方单独承担。", Status.RISK),
    ("land_transfer", "land_transfer.non_agricultural", "乙方可在流转土地上建设厂房。", Status.RISK),
    ("land_transfer", "land_transfer.non_agricultural", "乙方不得改变土地的农业用途。", Status.CLEAR),
    ("divorce", "divorce.no_visitation", "男方放弃探望权。", Status.RISK),
    ("divorce", "divorce.no_visitation", "女方不得阻挠男方探望孩子。", Status.CLEAR),
    ("divorce", "divorce.no_support", "男方不承担孩子的抚养费。", Status.RISK),
]


@pytest.mark.parametrize(("key", "rule", "text", "status"), WORDING)
def test_wording_risks(key: str, rule: str, text: str, status: Status) -> None:
    assert _status(key, rule, text) == status


@pytest.mark.parametrize("key", ORDER)
def test_no_risk_fires_on_a_text_without_any(key: str) -> None:
    risks = [f for f in _review(key, NEUTRAL).findings if f.kind == Kind.RISK]
    assert risks
    assert {f.status for f in risks} == {Status.CLEAR}


def test_every_risk_rule_has_a_row_above() -> None:
    rows = {(key, rule) for _, key, rule, _, _ in NUMERIC} | {(key, rule) for key, rule, _, _ in WORDING}
    for key in ORDER:
        (table,) = CONTRACT_TYPE_TABLES[key]
        assert {(key, r.id) for r in table.risks} <= rows


# ---- type detection ----------------------------------------------------------------------------------------------

DETECTION: list[tuple[str, str]] = [
    ("房屋租赁合同\n出租人：张三 承租人：李四", "lease"),
    ("租房协议", "lease"),
    ("借款合同\n出借人：张三 借款人：李四", "loan"),
    ("借条\n今借到张三人民币伍万元整。", "loan"),
    ("劳动合同书", "labour"),
    ("车辆买卖合同", "sale"),
    ("二手房买卖合同", "house_sale"),
    ("商品房买卖合同", "house_sale"),
    ("家庭装饰装修工程施工合同", "renovation"),
    ("农村自建房施工合同", "construction"),
    ("物业服务合同", "property_service"),
    ("房屋中介服务合同", "brokerage"),
    ("保证合同\n保证人：王五", "guarantee"),
    ("赠与合同", "gift"),
    ("授权委托书", "mandate"),
    ("合伙协议", "partnership"),
    ("土地经营权流转合同", "land_transfer"),
    ("土地租赁合同\n每亩每年租金800元", "land_transfer"),
    ("离婚协议书", "divorce"),
    # no title: the keywords decide
    ("出租人将房屋出租给承租人，租金每月2000元，押金2000元，租期一年。", "lease"),
    ("用人单位与劳动者约定试用期一个月，工资4000元，依法缴纳社会保险。", "labour"),
]


@pytest.mark.parametrize(("text", "key"), DETECTION)
def test_the_type_is_detected_from_the_text(text: str, key: str) -> None:
    suggestions = detect_types(text)
    assert detected_type(suggestions) == key
    assert suggestions[0].key == key


@pytest.mark.parametrize("text", [NEUTRAL, "本协议一式两份。", "借款合同 租赁合同"])
def test_no_type_is_detected_when_the_text_does_not_say(text: str) -> None:
    assert detected_type(detect_types(text)) is None


def test_the_detected_type_is_used_when_none_is_chosen_and_a_choice_overrides_it() -> None:
    text = "房屋租赁合同\n月租金2000元。"
    detected = review(text=text, contract_type=None, on=ON, today=TODAY)
    assert (detected.contract_type, detected.type_source) == ("lease", "detected")
    chosen = review(text=text, contract_type="loan", on=ON, today=TODAY)
    assert (chosen.contract_type, chosen.type_source) == ("loan", "chosen")
    assert chosen.suggestions[0].key == "lease"


# ---- dated tables and refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "on", "version", "has_earnest_rule"),
    [
        ("the day before 合同编通则解释", date(2023, 12, 4), "2021", False),
        ("the day it took effect", date(2023, 12, 5), "2023", True),
        ("民法典 took effect", date(2021, 1, 1), "2021", False),
    ],
)
def test_the_general_table_in_force_on_the_contract_date_is_used(
    _case: str, on: date, version: str, has_earnest_rule: bool
) -> None:
    report = _review("house_sale", "乙方交付订金5000元。", on=on)
    assert report.tables[0].id == "civil-code-general"
    assert report.tables[0].version == version
    assert any(f.rule_id == "earnest_money" for f in report.findings) is has_earnest_rule


def test_the_signing_date_in_the_text_chooses_the_tables() -> None:
    text = "乙方交付订金5000元。\n签订日期：2023年12月4日"
    report = review(text=text, contract_type="house_sale", on=None, today=TODAY)
    assert (report.on, report.on_source) == (date(2023, 12, 4), "text")
    assert report.tables[0].version == "2021"
    assert report.notes[0] == "按合同中写的签订日期（2023年12月4日）适用当时的规定。"


def test_without_a_date_today_is_used() -> None:
    report = review(text="月租金2000元。", contract_type="lease", on=None, today=TODAY)
    assert (report.on, report.on_source) == (TODAY, "today")
    assert report.notes[0] == "合同中没有找到签订日期，按今天适用的规定审查。"


def test_a_signing_date_in_the_future_of_the_text_falls_back_to_today() -> None:
    report = review(text="签订日期：2027年1月1日", contract_type="lease", on=None, today=TODAY)
    assert (report.on, report.on_source) == (TODAY, "today")


@pytest.mark.parametrize(
    ("_case", "text", "key", "on", "field", "message"),
    [
        ("empty", "   \n ", "lease", None, "text", "请粘贴合同文字，或者上传 .txt、.docx 文件。"),
        (
            "too long",
            "租" * (MAX_CHARS + 1),
            "lease",
            None,
            "text",
            "合同文字太长（50,001字），一次最多审查50,000字。",
        ),
        (
            "unknown type",
            "月租金2000元。",
            "spaceship",
            None,
            "contract_type",
            "不支持这种合同类型：spaceship。",
        ),
        ("undetectable type", NEUTRAL, None, None, "contract_type", "无法自动判断合同类型，请选择合同类型。"),
        ("future date", "月租金2000元。", "lease", date(2026, 6, 2), "signed_on", "合同日期不能晚于今天。"),
        ("before 民法典", "月租金2000元。", "lease", date(2020, 12, 31), "signed_on", "自2021年1月1日起适用"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message(
    _case: str, text: str, key: str | None, on: date | None, field: str, message: str
) -> None:
    with pytest.raises(ReviewError) as refused:
        review(text=text, contract_type=key, on=on, today=TODAY)
    assert refused.value.field == field
    assert message in refused.value.message


def test_the_exact_text_limit_is_accepted() -> None:
    report = review(text="租" * MAX_CHARS, contract_type="lease", on=None, today=TODAY)
    assert report.contract_type == "lease"


def test_every_table_is_dated_and_sourced() -> None:
    """J10: dated rule tables, each with id, version, valid_from and source; citations name a statute."""
    tables = [t for key in ORDER for t in CONTRACT_TYPE_TABLES[key]] + list(GENERAL_TABLES)
    assert len(ORDER) == 15
    for table in tables:
        assert table.id
        assert table.version
        assert table.source.startswith("《")
        assert table.valid_from >= date(2021, 1, 1)
    for key in ORDER:
        for table in CONTRACT_TYPE_TABLES[key]:
            rules: list[ClauseRule | RiskRule] = [*table.clauses, *table.risks]
            for rule in rules:
                assert rule.citation.startswith("《")
                assert "第" in rule.citation
                assert rule.advice


def test_long_runs_of_digits_are_read_in_linear_time() -> None:
    """Identity numbers and account numbers are long digit runs; the number pattern takes each character by one
    branch only, so the longest text accepted is reviewed in milliseconds (bench/contract_review.py), not minutes."""
    text = ("身份证号码：320802199801011221，账号6222021234567890123；" * 2000)[:MAX_CHARS]
    for key in ("loan", "sale", "house_sale"):
        assert review(text=text, contract_type=key, on=ON, today=TODAY).contract_type == key
