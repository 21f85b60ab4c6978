"""Contract types about work, family and land (J10, contract review): 劳动合同, 离婚协议, 土地经营权流转. No Django.

劳动合同 follows 劳动合同法 (its Art.17 lists the required clauses) and 离婚协议 follows 民法典 Art.1076 (an agreement on
a personal relationship, Art.464 para.2), so neither uses the general clauses of Art.470. Every table is in force from
2021-01-01; see `rules.common` for the conventions.
"""

from __future__ import annotations

from decimal import Decimal

from fawang.contract_review.engine.model import Band, Check, ClauseRule, ContractTypeTable, RiskRule
from fawang.contract_review.rules.common import (
    AMOUNT,
    CIVIL_CODE,
    CIVIL_CODE_FROM,
    INJURY,
    SIGNATURE,
    articles,
    civil,
    near,
)

D = Decimal
LABOUR_LAW = "《中华人民共和国劳动合同法》"
LAND_LAW = "《中华人民共和国农村土地承包法》"
FAMILY_INTERPRETATION = "《最高人民法院关于适用〈中华人民共和国民法典〉婚姻家庭编的解释（一）》"


def labour(*numbers: str) -> str:
    return articles(LABOUR_LAW, *numbers)


def land(*numbers: str) -> str:
    return articles(LAND_LAW, *numbers)


# ---- 劳动合同 ------------------------------------------------------------------------------------------------------

LABOUR = ContractTypeTable(
    id="contract-labour",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国劳动合同法》（2012年修正）第九条、第十六条、第十七条、第十九条、第二十二条至第二十六条；"
    "《中华人民共和国劳动法》第七十二条",
    key="labour",
    title="劳动合同",
    summary="到单位上班签的劳动合同、聘用合同。",
    title_patterns=(r"劳动合同", r"劳动(?:用工)?协议", r"聘用(?:合同|协议)", r"用工(?:合同|协议)"),
    keywords=(
        "用人单位",
        "劳动者",
        "试用期",
        "工资",
        "社会保险",
        "工作时间",
        "工作岗位",
        "劳动报酬",
        "加班",
        "休假",
    ),
    general=(),
    clauses=(
        ClauseRule(
            id="labour.employer",
            title="用人单位的名称、住所和法定代表人",
            patterns=(
                near(r"用人单位|甲方|公司", r"名称|住所|地址|法定代表人|主要负责人|统一社会信用代码", 20),
            ),
            citation=labour("十七"),
            advice="写明单位的全称、地址和法定代表人（或者主要负责人）。要和营业执照上的一致，发生争议时才找得到单位。",
        ),
        ClauseRule(
            id="labour.worker",
            title="劳动者的姓名、住址和身份证号码",
            patterns=(r"居民身份证|身份证|证件号码|公民身份号码",),
            citation=labour("十七"),
            advice="写明您的姓名、住址和身份证号码。",
        ),
        ClauseRule(
            id="labour.term",
            title="劳动合同期限",
            patterns=(
                r"合同期限|劳动合同期限|固定期限|无固定期限|以完成一定工作任务为期限|聘用期限|合同有效期",
            ),
            citation=labour("十七"),
            advice="写明合同是固定期限（从哪天到哪天）、无固定期限，还是以完成一定工作任务为期限。",
        ),
        ClauseRule(
            id="labour.job",
            title="工作内容（岗位）",
            patterns=(r"工作内容|工作岗位|岗位|职位|职务|工种",),
            citation=labour("十七"),
            advice="写明做什么工作、在什么岗位。单位以后要调岗，一般要和您协商。",
        ),
        ClauseRule(
            id="labour.place",
            title="工作地点",
            patterns=(r"工作地点|工作地址|工作场所|工作地",),
            citation=labour("十七"),
            advice="写明在哪里上班。",
        ),
        ClauseRule(
            id="labour.hours",
            title="工作时间和休息休假",
            patterns=(r"工作时间|工时|标准工时|综合计算工时|不定时工作|休息|休假|加班",),
            citation=labour("十七"),
            advice="写明每天工作几小时、每周休息几天，加班怎么算。",
        ),
        ClauseRule(
            id="labour.pay",
            title="劳动报酬（工资）",
            patterns=(
                near(r"工资|劳动报酬|薪酬|月薪|底薪|基本工资|计件", AMOUNT, 30),
                near(r"工资|劳动报酬|薪酬", r"标准|发放|支付", 10),
            ),
            citation=labour("十七", "二十"),
            advice="写明每月工资多少、哪天发。试用期工资不得低于约定工资的百分之八十，也不得低于当地最低工资标准。",
        ),
        ClauseRule(
            id="labour.insurance",
            title="社会保险",
            patterns=(r"社会保险|社保|五险|养老保险|医疗保险|工伤保险",),
            citation=labour("十七"),
            advice="写明单位为您缴纳社会保险（养老、医疗、工伤、失业、生育）。这是单位的法定义务。",
        ),
        ClauseRule(
            id="labour.protection",
            title="劳动保护、劳动条件和职业危害防护",
            patterns=(r"劳动保护|劳动条件|职业危害|职业病|劳动防护|安全生产|安全防护",),
            citation=labour("十七"),
            advice="写明单位提供的劳动保护用品、安全条件，以及岗位有没有职业危害、怎么防护。",
        ),
        ClauseRule(
            id="labour.signature",
            title="双方签字或者盖章",
            patterns=(SIGNATURE,),
            citation=labour("十六"),
            advice="劳动合同经单位和您在合同文本上签字或者盖章生效，一式两份，您自己要拿到一份。",
        ),
    ),
    risks=(
        RiskRule(
            id="labour.probation",
            title="试用期超过法定上限",
            check=Check.PROBATION,
            citation=labour("十九"),
            bands=(Band(D(0), D(0)), Band(D(3), D(1)), Band(D(12), D(2)), Band(D(36), D(6))),
            advice="试用期有上限：合同期限三个月以上不满一年的，不超过一个月；一年以上不满三年的，不超过二个月；三年以上"
            "固定期限和无固定期限的，不超过六个月；不满三个月或者以完成一定工作任务为期限的，不得约定试用期。",
        ),
        RiskRule(
            id="labour.non_compete",
            title="竞业限制超过二年",
            check=Check.NON_COMPETE,
            citation=labour("二十三", "二十四"),
            limit=D(24),
            advice="离职后的竞业限制期限不得超过二年，而且单位要在竞业限制期间按月给您经济补偿。",
        ),
        RiskRule(
            id="labour.penalty",
            title="由劳动者承担违约金",
            check=Check.WORKER_PENALTY,
            citation=labour("二十五"),
            advice="除了违反服务期约定（单位出钱专门培训过）和违反竞业限制约定以外，单位不得约定由劳动者承担违约金。提前"
            "离职、违反规章制度等情形要您付违约金的条款无效。",
        ),
        RiskRule(
            id="labour.deposit",
            title="收取押金、扣押证件",
            check=Check.PATTERN,
            citation=labour("九"),
            patterns=(
                r"押金|保证金|风险(?:抵押)?金|抵押金",
                near(r"扣押|扣留|押", r"身份证|毕业证|学历证|学位证|资格证|证件|证书|户口", 8),
            ),
            advice="单位不得扣押劳动者的身份证和其他证件，不得要求劳动者提供担保或者以其他名义收取财物（押金、保证金等）。"
            "已经交了的可以要求退还，也可以向劳动保障监察部门投诉。",
        ),
        RiskRule(
            id="labour.no_insurance",
            title="约定不缴社会保险",
            check=Check.PATTERN,
            citation=articles("《中华人民共和国劳动法》", "七十二"),
            patterns=(
                r"(?:不|无需|不予|不再|放弃)(?:为乙方|给乙方|为劳动者|为员工)?(?:缴纳|购买|参加|办理|交纳|缴|买)"
                r"(?:社会保险|社保|五险)",
                r"自愿放弃(?:缴纳|购买|参加)?(?:社会保险|社保|五险)",
                near(r"社会保险|社保", r"(?:折算|折合|包含|计入|并入)(?:在|到)?(?:工资|薪酬)", 8),
            ),
            advice="单位和劳动者必须依法参加社会保险。“自愿放弃社保”或者把社保折成工资的约定无效；单位不缴的，您可以要求"
            "补缴，也可以解除合同并要求经济补偿（劳动合同法第三十八条、第四十六条）。",
        ),
        RiskRule(
            id="labour.injury_waiver",
            title="工伤“概不负责”",
            check=Check.PATTERN,
            citation=labour("二十六"),
            patterns=(
                near(
                    INJURY + r"|工伤",
                    r"概不负责|一概不负|不负(?:任何)?责任|不承担(?:任何)?(?:法律)?(?:责任|赔偿)|后果自负|责任自负"
                    r"|自行(?:负责|承担)|一律自负|与(?:甲方|公司|单位|用人单位|本公司)无关",
                    30,
                ),
            ),
            advice="单位不能用合同免除自己的法定责任。工伤“概不负责”“后果自负”的约定无效：发生工伤，仍然按《工伤保险条例》"
            "享受工伤待遇。",
        ),
    ),
)

# ---- 离婚协议 ------------------------------------------------------------------------------------------------------

_NO_CHILDREN = (r"(?:无|没有|未生育|未育)(?:子女|孩子|小孩)|(?:无|没有)(?:生育|共同子女|婚生子女)",)
_NO_CHILDREN_REASON = "协议写明双方没有子女，不需要约定这一项。"

DIVORCE = ContractTypeTable(
    id="contract-divorce",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第一千零七十六条、第一千零七十七条、第一千零八十四条至第一千零八十七条、"
    "第一千零八十九条；《最高人民法院关于适用〈中华人民共和国民法典〉婚姻家庭编的解释（一）》第五十二条",
    key="divorce",
    title="离婚协议",
    summary="夫妻协议离婚，约定孩子抚养、财产和债务。",
    title_patterns=(r"(?:自愿)?离婚协议(?:书)?",),
    keywords=("离婚", "男方", "女方", "抚养", "探望", "子女", "夫妻共同财产", "婚生", "抚养费", "婚姻登记"),
    general=(),
    clauses=(
        ClauseRule(
            id="divorce.parties",
            title="双方的身份信息",
            patterns=(r"身份证|公民身份号码|证件号码",),
            citation=civil("一千零七十六"),
            advice="写明男女双方的姓名、身份证号码。离婚协议是书面协议，要双方亲自到婚姻登记机关申请离婚登记。",
        ),
        ClauseRule(
            id="divorce.consent",
            title="双方自愿离婚",
            patterns=(r"自愿离婚|同意离婚|协议离婚|感情(?:确已|已经)?破裂",),
            citation=civil("一千零七十六"),
            advice="写明双方是自愿离婚。",
        ),
        ClauseRule(
            id="divorce.custody",
            title="子女由谁直接抚养",
            patterns=(
                r"抚养权|直接抚养|监护",
                near(r"随|由", r"(?:男方|女方|父亲|母亲|父|母)[^。;\n]{0,4}?(?:生活|抚养)", 10),
            ),
            citation=civil("一千零八十四"),
            advice="写明孩子跟谁生活。父母离婚后，对孩子仍然都有抚养、教育、保护的权利和义务；孩子满八周岁的，要尊重孩子"
            "的真实意愿。",
            not_needed=_NO_CHILDREN,
            not_needed_reason=_NO_CHILDREN_REASON,
        ),
        ClauseRule(
            id="divorce.support",
            title="抚养费",
            patterns=(near(r"抚养费|生活费|教育费", r"元|万|每月|每年|承担|负担|支付|给付", 20),),
            citation=civil("一千零八十五"),
            advice="写明不跟孩子生活的一方每月给多少抚养费、给到孩子多大、怎么给。",
            not_needed=_NO_CHILDREN,
            not_needed_reason=_NO_CHILDREN_REASON,
        ),
        ClauseRule(
            id="divorce.visitation",
            title="探望子女",
            patterns=(r"探望|看望|探视",),
            citation=civil("一千零八十六"),
            advice="写明不跟孩子生活的一方什么时候、怎么探望孩子，另一方应当协助。",
            not_needed=_NO_CHILDREN,
            not_needed_reason=_NO_CHILDREN_REASON,
        ),
        ClauseRule(
            id="divorce.property",
            title="夫妻共同财产的分割",
            patterns=(near(r"财产|房屋|房产|存款|车辆|汽车|股票|股权|家具", r"归|分割|所有|分配|各自", 20),),
            citation=civil("一千零八十七"),
            advice="写明房子、存款、车等共同财产归谁，得到房子的一方是否给另一方补偿、什么时候过户。",
        ),
        ClauseRule(
            id="divorce.debts",
            title="债务的处理",
            patterns=(r"债务|欠款|借款|贷款|负债",),
            citation=civil("一千零八十九"),
            advice="写明夫妻共同债务由谁还。注意：你们之间的约定不能对抗债权人，共同债务的债权人仍可以找任何一方还。",
        ),
        ClauseRule(
            id="divorce.signature",
            title="双方签名",
            patterns=(SIGNATURE,),
            citation=civil("一千零七十六"),
            advice="离婚协议要双方亲自签名，并写明日期。",
        ),
    ),
    risks=(
        RiskRule(
            id="divorce.no_visitation",
            title="不准探望子女",
            check=Check.PATTERN,
            citation=civil("一千零八十六"),
            patterns=(
                r"(?:放弃|不得|不准|不许|不能|禁止)(?:(?!阻|妨|干涉|拒绝)[^。;\n]){0,4}(?:探望|看望|探视)",
            ),
            advice="不直接抚养孩子的一方有探望孩子的权利，这是法律规定的权利，只有法院才能因为不利于孩子身心健康而中止探望。"
            "协议写“不准探望”或者“放弃探望权”，不能剥夺这个权利。",
        ),
        RiskRule(
            id="divorce.no_support",
            title="一方不承担抚养费",
            check=Check.PATTERN,
            citation=civil("一千零八十五") + "；" + FAMILY_INTERPRETATION + "第五十二条",
            patterns=(
                r"(?:不承担|不负担|不支付|不给付|无需(?:支付|承担|负担)|免除|放弃)[^。;\n]{0,4}抚养费",
            ),
            advice="可以约定由直接抚养孩子的一方负担全部抚养费；但这一方的能力明显不能保障孩子所需费用、影响孩子健康成长的，"
            "这个约定法院不支持。孩子在必要时也可以要求另一方增加抚养费。",
        ),
    ),
    notes=(
        "协议离婚要双方亲自到婚姻登记机关申请；自婚姻登记机关收到申请之日起三十日内，任何一方不愿意离婚的，可以撤回申请"
        f"（{CIVIL_CODE}第一千零七十七条）。",
    ),
)

# ---- 土地经营权流转 ------------------------------------------------------------------------------------------------

LAND = ContractTypeTable(
    id="contract-land-transfer",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国农村土地承包法》（2018年修正，2019年1月1日起施行）第三十八条、第四十条",
    key="land_transfer",
    title="土地经营权流转合同",
    summary="农村承包地出租（转包）、入股，流转土地经营权。",
    title_patterns=(
        r"土地(?:经营权)?流转(?:合同|协议)",
        r"土地(?:承包经营权)?(?:流转|转包|出租|租赁)(?:合同|协议)",
        r"承包地(?:流转|出租|转包)(?:合同|协议)",
        r"农村土地(?:承包)?(?:经营权)?(?:流转|出租|租赁)",
    ),
    keywords=("流转", "亩", "承包地", "土地经营权", "发包方", "地块", "种植", "四至", "村民委员会", "流转费"),
    general=("parties", "breach", "disputes", "signature"),
    clauses=(
        ClauseRule(
            id="land_transfer.parcel",
            title="流转土地的名称、坐落、面积和质量等级",
            patterns=(r"坐落|四至|地块|面积|质量等级|土地等级", r"[0-9.一二三四五六七八九十百千]+\s*亩"),
            citation=land("四十"),
            advice="写明是哪块地：地名、位置（四至：东西南北挨着谁）、面积（亩）和等级，最好附上地块图。",
        ),
        ClauseRule(
            id="land_transfer.term",
            title="流转期限和起止日期",
            patterns=(near(r"流转期限|期限|租期|起止", r"年|至|到|止", 20),),
            citation=land("四十", "三十八"),
            advice="写明从哪天到哪天。流转期限不得超过承包期的剩余期限。",
        ),
        ClauseRule(
            id="land_transfer.use",
            title="流转土地的用途",
            patterns=(r"用途|种植|养殖|农业生产|农业经营|耕种",),
            citation=land("四十", "三十八"),
            advice="写明地用来种什么、养什么。流转后不得改变土地的农业用途。",
        ),
        ClauseRule(
            id="land_transfer.rights",
            title="双方的权利和义务",
            patterns=(
                r"权利(?:和|与|及)?义务",
                near(r"甲方|乙方|流出方|流入方|受让方|出让方", r"权利|义务", 4),
            ),
            citation=land("四十"),
            advice="写明双方各自要做什么：比如谁负责水利设施、到期后地怎么还、地上的附着物怎么处理。",
        ),
        ClauseRule(
            id="land_transfer.price",
            title="流转价款和支付方式",
            patterns=(
                near(
                    r"流转(?:价款|费|费用|金)|租金|土地租金|承包费|转包费", AMOUNT + r"|斤|公斤|千克|粮", 30
                ),
                near(r"每亩|亩", r"元|斤|公斤", 10),
            ),
            citation=land("四十"),
            advice="写明每亩每年多少钱（或者多少斤粮食）、哪天付、怎么付。",
        ),
        ClauseRule(
            id="land_transfer.compensation",
            title="土地被征收、征用、占用时补偿费归谁",
            patterns=(near(r"征收|征用|占用|拆迁", r"补偿|归属|归|所有", 30),),
            citation=land("四十"),
            advice="写明地被依法征收、征用、占用时，各项补偿费归谁，例如地上青苗和附着物的补偿归投入的人。",
        ),
    ),
    risks=(
        RiskRule(
            id="land_transfer.non_agricultural",
            title="改变土地的农业用途",
            check=Check.PATTERN,
            citation=land("三十八"),
            patterns=(
                r"非农(?:业)?(?:建设|用途)",
                near(r"建|修建|盖|建设|兴建", r"厂房|房屋|住宅|别墅|仓库|商铺|楼", 6),
                near(r"改变", r"(?:农业)?用途", 6),
                r"(?:挖|取)(?:土|沙|砂)",
            ),
            advice="土地经营权流转不得改变土地的农业用途，不得破坏农业综合生产能力和农业生态环境。在承包地上建厂房、盖房子、"
            "挖沙取土等是违法的，这部分约定可能无效，还会受到处罚。",
        ),
    ),
)

TABLES: tuple[ContractTypeTable, ...] = (LABOUR, DIVORCE, LAND)
