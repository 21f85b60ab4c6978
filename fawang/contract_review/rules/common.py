"""Dated rule tables shared by every contract type (J10, contract review): the general clauses and risk checks of the
民法典's 合同编, the one-year LPR table, and the pattern pieces the type tables reuse. No Django.

Each table is a frozen dataclass with an `id`, a `version`, the first day it is in force (`valid_from`) and its
`source`. A review picks the latest table whose `valid_from` is on or before the contract's date. To follow an
amendment, append a new table with the new `valid_from`; never edit a table that has been in force
(docs/contract_review.md, "Adding or changing a rule").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fawang.contract_review.engine.model import (
    Check,
    ClauseRule,
    GeneralTable,
    LprFixing,
    LprTable,
    RiskRule,
)
from fawang.contract_review.engine.numbers import NUMBER_PATTERN
from fawang.contract_review.engine.text import IN, near

D = Decimal

CIVIL_CODE = "《中华人民共和国民法典》"
CIVIL_CODE_FROM = date(2021, 1, 1)  # 民法典第一千二百六十条: 本法自2021年1月1日起施行
CONTRACT_INTERPRETATION = "《最高人民法院关于适用〈中华人民共和国民法典〉合同编通则若干问题的解释》"


def articles(law: str, *numbers: str) -> str:
    """articles(CIVIL_CODE, "七百零四", "七百零五") → 《中华人民共和国民法典》第七百零四条、第七百零五条."""
    return law + "、".join(f"第{n}条" for n in numbers)


def civil(*numbers: str) -> str:
    return articles(CIVIL_CODE, *numbers)


# ---- pattern pieces ------------------------------------------------------------------------------------------------

AMOUNT = rf"(?:人民币|[¥￥])?\s*(?:{NUMBER_PATTERN})\s*(?:元|块|万)"
DATE = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月"
SIGNATURE = r"签字|签名|签章|盖章|按指印|捺印|按手印|手印|(?:签订|签署|签约)(?:日期|时间)"
NOT_LIABLE = (
    r"概不负责|一概不负|不负(?:任何)?责任|不承担(?:任何)?(?:法律)?(?:责任|赔偿)|后果自负|责任自负|自行(?:负责|承担)"
    r"|一律自负|与(?:甲方|乙方|本公司|本店|我方|出租人|发包人|出借人|公司|单位|用人单位)无关"
)
INJURY = r"人身|伤亡|伤害|受伤|死亡|伤残|意外|安全事故|安全问题"
WATERPROOF = r"防水|渗漏|防渗|卫生间|厨房|外墙|屋面"


# ---- general clauses: 民法典第四百七十条 (and 第四百九十条 for signatures) ---------------------------------------------

PARTIES = ClauseRule(
    id="parties",
    title="当事人的姓名或者名称和住所",
    patterns=(r"身份证|公民身份号码|统一社会信用代码|营业执照号|住所|住址",),
    citation=civil("四百七十"),
    advice="写明双方的姓名（单位写名称）、身份证号码（单位写统一社会信用代码）和住址。发生纠纷时，要凭这些信息找到对方、"
    "向法院起诉。",
)
PRICE = ClauseRule(
    id="price",
    title="价款或者报酬",
    patterns=(
        near(
            r"价款|价格|总价|价金|租金|报酬|费用|工程款|服务费|货款|房款|转让费|金额",
            AMOUNT,
            40,
        ),
    ),
    citation=civil("四百七十"),
    advice="写明要付多少钱，金额最好大写、小写都写。钱数没写清楚，最容易发生争议。",
)
PERFORMANCE = ClauseRule(
    id="performance",
    title="履行期限、地点和方式",
    patterns=(
        near(
            r"交付|交货|送货|提货|付款|支付|履行|完成|提供",
            r"期限|日期|时间|之前|以前|前|日内|天内|个月内|地点|方式|当日|当天",
            20,
        ),
        near(DATE, r"前|之前|以前", 10),
    ),
    citation=civil("四百七十"),
    advice="写明什么时候、在哪里、用什么方式交货、付款或者完成工作。不写清楚，对方拖延时很难认定违约。",
)
BREACH = ClauseRule(
    id="breach",
    title="违约责任",
    patterns=(r"违约责任|违约金|违约方|赔偿(?:对方|守约方)?(?:的)?(?:全部|一切)?损失|违反本(?:合同|协议)",),
    citation=civil("四百七十"),
    advice="写明一方不按约定履行时要承担什么责任，比如违约金、赔偿损失。没有写的，也可以要求赔偿损失，但要自己证明损失有多大。",
)
DISPUTES = ClauseRule(
    id="disputes",
    title="解决争议的方法",
    patterns=(
        near(r"争议|纠纷|分歧", r"协商|调解|仲裁|诉讼|起诉|人民法院|法院", 60),
        r"仲裁委员会",
    ),
    citation=civil("四百七十"),
    advice="写明发生纠纷时怎么解决：协商、调解，或者向哪里的法院起诉、向哪个仲裁委员会申请仲裁。注意：约定了仲裁，一般就不能再"
    "向法院起诉。",
)
SIGNED = ClauseRule(
    id="signature",
    title="签名、盖章或者按指印",
    patterns=(SIGNATURE,),
    citation=civil("四百九十"),
    advice="合同书要双方签名、盖章或者按指印才成立。签名处最好同时写明日期。",
)

# ---- general risk checks -------------------------------------------------------------------------------------------

INJURY_WAIVER = RiskRule(
    id="injury_waiver",
    title="免除人身伤害责任的条款",
    check=Check.PATTERN,
    citation=civil("五百零六"),
    patterns=(near(INJURY, NOT_LIABLE, 30),),
    advice="合同写了发生人身伤害“概不负责”“后果自负”一类的话。法律规定，造成对方人身损害的免责条款无效：真的受到伤害，"
    "仍然可以要求赔偿。签字前可以要求删掉或者改写。",
)
GROSS_FAULT_WAIVER = RiskRule(
    id="gross_fault_waiver",
    title="无论什么原因都不承担责任的条款",
    check=Check.PATTERN,
    citation=civil("五百零六", "四百九十七"),
    patterns=(
        near(r"故意|重大过失", NOT_LIABLE, 30),
        near(r"(?:无论|不论|不管)(?:任何|何种|什么)?原因", NOT_LIABLE, 20),
    ),
    advice="合同写了无论什么原因都不承担责任，或者故意、重大过失造成的财产损失也不赔。这样的免责条款无效；由对方事先拟好的"
    "格式条款，不合理地免除其责任、加重您的责任的，也无效。",
)
FINAL_SAY = RiskRule(
    id="final_say",
    title="“最终解释权”条款",
    check=Check.PATTERN,
    citation=civil("四百九十八"),
    patterns=(r"最终解释权|最后解释权",),
    advice="“最终解释权归某方”不能让对方一个人说了算。对格式条款的理解有争议时，按通常的理解解释；有两种以上解释的，"
    "作不利于提供格式条款一方的解释。",
)
DEPOSIT_RATIO = RiskRule(
    id="deposit_ratio",
    title="定金超过合同标的额的百分之二十",
    check=Check.DEPOSIT_RATIO,
    citation=civil("五百八十六"),
    limit=D("0.20"),
    advice="定金不能超过合同总价（标的额）的20%，超过的部分不产生定金的效力：违约时超出的部分不适用“不退”“双倍返还”，"
    "只能当作预付款退还。",
)
EARNEST_MONEY = RiskRule(
    id="earnest_money",
    title="写的是“订金”，不是“定金”",
    check=Check.PATTERN,
    citation=CONTRACT_INTERPRETATION + "第六十七条",
    patterns=(r"订金",),
    advice="合同写的是“订金”，又没有写明它是定金。这样的钱一般不适用定金罚则：违约的一方不会因此“不退”或者“双倍返还”，"
    "只能要求退还或者赔偿损失。如果本意是定金，请写成“定金”并写明它的作用。",
)

_GENERAL_SOURCE = (
    "《中华人民共和国民法典》（2021年1月1日起施行）第四百七十条、第四百九十条、第四百九十七条、第四百九十八条、"
    "第五百零六条、第五百八十六条"
)
GENERAL_TABLES: tuple[GeneralTable, ...] = (
    GeneralTable(
        id="civil-code-general",
        version="2021",
        valid_from=CIVIL_CODE_FROM,
        source=_GENERAL_SOURCE,
        clauses=(PARTIES, PRICE, PERFORMANCE, BREACH, DISPUTES, SIGNED),
        risks=(INJURY_WAIVER, GROSS_FAULT_WAIVER, FINAL_SAY, DEPOSIT_RATIO),
    ),
    GeneralTable(
        id="civil-code-general",
        version="2023",
        valid_from=date(2023, 12, 5),
        source=_GENERAL_SOURCE
        + "；《最高人民法院关于适用〈中华人民共和国民法典〉合同编通则若干问题的解释》（法释〔2023〕13号，"
        "2023年12月5日起施行）第六十七条",
        clauses=(PARTIES, PRICE, PERFORMANCE, BREACH, DISPUTES, SIGNED),
        risks=(INJURY_WAIVER, GROSS_FAULT_WAIVER, FINAL_SAY, DEPOSIT_RATIO, EARNEST_MONEY),
    ),
)

# ---- one-year LPR (贷款市场报价利率) ---------------------------------------------------------------------------------

# The fixings that changed the one-year LPR since the reform of 2019-08-20; a fixing stays in force until the next
# one. Extend the tuple at each change (published on the 20th of each month, or the next working day) and move
# `checked_through` to the last publication checked, even when the rate did not change.
LPR_TABLE = LprTable(
    id="lpr-1y",
    version="2025-05-20",
    valid_from=date(2019, 8, 20),
    source="中国人民银行授权全国银行间同业拆借中心公布的一年期贷款市场报价利率（LPR）",
    checked_through=date(2025, 10, 20),
    fixings=tuple(
        LprFixing(day, D(rate))
        for day, rate in (
            (date(2019, 8, 20), "0.0425"),
            (date(2019, 9, 20), "0.0420"),
            (date(2019, 11, 20), "0.0415"),
            (date(2020, 2, 20), "0.0405"),
            (date(2020, 4, 20), "0.0385"),
            (date(2021, 12, 20), "0.0380"),
            (date(2022, 1, 20), "0.0370"),
            (date(2022, 8, 22), "0.0365"),
            (date(2023, 6, 20), "0.0355"),
            (date(2023, 8, 21), "0.0345"),
            (date(2024, 7, 22), "0.0335"),
            (date(2024, 10, 21), "0.0310"),
            (date(2025, 5, 20), "0.0300"),
        )
    ),
)

__all__ = ["AMOUNT", "IN", "LPR_TABLE", "GENERAL_TABLES", "civil", "articles", "near"]
