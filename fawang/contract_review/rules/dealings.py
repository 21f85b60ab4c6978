"""Contract types about money and things (J10, contract review): 买卖, 民间借贷, 保证, 赠与, 委托, 合伙. No Django.
Every table is in force from 2021-01-01 (民法典); see `rules.common` for the conventions."""

from __future__ import annotations

from decimal import Decimal

from fawang.contract_review.engine.model import Check, ClauseRule, ContractTypeTable, RiskRule
from fawang.contract_review.engine.numbers import NUMBER_PATTERN
from fawang.contract_review.rules.common import (
    AMOUNT,
    CIVIL_CODE_FROM,
    DATE,
    articles,
    civil,
    near,
)

D = Decimal
PRIVATE_LENDING = "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》"
GUARANTEE_INTERPRETATION = "《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》"
CONSUMER_LAW = "《中华人民共和国消费者权益保护法》"
PARTNERSHIP_LAW = "《中华人民共和国合伙企业法》"

# ---- 买卖 ----------------------------------------------------------------------------------------------------------

SALE = ContractTypeTable(
    id="contract-sale",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第五百九十六条、第六百二十一条；《中华人民共和国消费者权益保护法》第二十四条、第二十六条",
    key="sale",
    title="买卖合同",
    summary="买卖货物、车辆、农产品、设备等（房屋请选“房屋买卖合同”）。",
    title_patterns=(
        r"(?:货物|商品|产品|设备|车辆|汽车|二手车|农产品|物品|粮食)(?:买卖|购销|销售|采购|购买|订购)(?:合同|协议)",
        r"(?<![房屋产宅])(?:买卖|购销|销售|采购|订购)(?:合同|协议)",
    ),
    keywords=("出卖人", "买受人", "卖方", "买方", "货物", "交货", "货款", "标的物", "验收", "型号"),
    general=(
        "parties",
        "price",
        "performance",
        "breach",
        "disputes",
        "signature",
        "injury_waiver",
        "gross_fault_waiver",
        "final_say",
        "deposit_ratio",
        "earnest_money",
    ),
    clauses=(
        ClauseRule(
            id="sale.name",
            title="买卖的是什么（名称、品牌、型号）",
            patterns=(r"标的物|货物名称|商品名称|产品名称|品名|品牌|型号|车架号|车辆识别代号|规格型号",),
            citation=civil("五百九十六"),
            advice="写明买的是什么东西：名称、品牌、型号、规格；车辆写车牌号和车架号。",
        ),
        ClauseRule(
            id="sale.quantity",
            title="数量",
            patterns=(
                r"数量",
                rf"(?:{NUMBER_PATTERN})\s*(?:件|台|辆|吨|套|箱|个(?!月)|公斤|千克|斤|只|头|批|部|米|袋)",
            ),
            citation=civil("五百九十六"),
            advice="写明买多少（件、台、吨、斤）。",
        ),
        ClauseRule(
            id="sale.quality",
            title="质量要求",
            patterns=(r"质量|品质|规格|标准|合格|成色|新旧程度|瑕疵|等级",),
            citation=civil("五百九十六"),
            advice="写明质量要求：新旧、等级、符合什么标准，二手物品写明现有的毛病。",
        ),
        ClauseRule(
            id="sale.inspection",
            title="检验标准、方法和期限",
            patterns=(r"检验|验收|验货|质检|检测|试用|试驾",),
            citation=civil("五百九十六", "六百二十一"),
            advice="写明收货后怎么检验、多少天内提出质量问题。约定了检验期限的，买方要在期限内通知卖方，逾期不通知的，视为"
            "数量、质量符合约定。",
        ),
        ClauseRule(
            id="sale.settlement",
            title="结算方式",
            patterns=(r"付款方式|支付方式|结算|转账|银行账户|现金|分期|一次性(?:付清|支付)|货到付款|预付",),
            citation=civil("五百九十六"),
            advice="写明用什么方式付款（转账、现金）、一次付清还是分期。",
        ),
    ),
    risks=(
        RiskRule(
            id="sale.no_return",
            title="“售出概不退换”",
            check=Check.PATTERN,
            citation=articles(CONSUMER_LAW, "二十四", "二十六"),
            patterns=(r"概不退换|不退不换", near(r"一经(?:售出|出售|购买|签收|付款)", r"不退|不换|概不", 6)),
            advice="“售出概不退换”如果是商家对消费者使用的格式条款，内容无效：商品不符合质量要求的，消费者仍可以依照国家"
            "规定或者约定退货、更换、修理。",
        ),
    ),
)

# ---- 民间借贷 ------------------------------------------------------------------------------------------------------

LOAN = ContractTypeTable(
    id="contract-loan",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第六百六十八条、第六百七十条、第六百七十五条、第六百八十条；《最高人民法院关于审理"
    "民间借贷案件适用法律若干问题的规定》（2020年第二次修正，法释〔2020〕17号，2021年1月1日起施行）第二十五条至第二十九条",
    key="loan",
    title="借款合同（民间借贷）",
    summary="个人之间、个人与企业之间借钱，借条、借款协议。",
    title_patterns=(r"借款(?:合同|协议)", r"借贷(?:合同|协议)", r"借条|借据|民间借贷"),
    keywords=("借款人", "出借人", "贷款人", "利息", "利率", "本金", "还款", "借款期限", "月息", "逾期"),
    general=("parties", "breach", "disputes", "signature"),
    clauses=(
        ClauseRule(
            id="loan.amount",
            title="借款金额和币种",
            patterns=(near(r"借款|借到|借给|借用|出借|本金|借款金额|借款数额", AMOUNT, 30),),
            citation=civil("六百六十八"),
            advice="写明借多少钱，大写、小写都写（如：人民币壹拾万元整，¥100,000元），并写明是转账还是现金交付。借款以"
            "实际交付的金额为准，转账记录是最好的证据。",
        ),
        ClauseRule(
            id="loan.purpose",
            title="借款用途",
            patterns=(r"用途|用于",),
            citation=civil("六百六十八"),
            advice="写明借款用来做什么。",
        ),
        ClauseRule(
            id="loan.interest",
            title="利率（或者不计利息）",
            patterns=(r"利率|利息|年息|月息|日息|无息|不计息|分利|LPR|贷款市场报价利率",),
            citation=civil("六百六十八", "六百八十"),
            advice="写明有没有利息、利率是多少。借款合同没有约定利息的，视为没有利息；自然人之间借款，对利息约定不明确的，"
            "也视为没有利息。",
        ),
        ClauseRule(
            id="loan.term",
            title="借款期限",
            patterns=(
                near(r"借款期限|借期|还款期限|还款日期|到期日|借款期", r"年|个月|日|天|至|到", 20),
                near(DATE, r"(?:之前|以前|前)[^。;\n]{0,6}?(?:归还|还清|偿还|还款|付清)", 12),
            ),
            citation=civil("六百六十八", "六百七十五"),
            advice="写明哪天之前还钱。没有约定还款期限的，借款人可以随时还，出借人也可以催告借款人在合理期限内还。",
        ),
        ClauseRule(
            id="loan.repayment",
            title="还款方式",
            patterns=(
                r"还款方式|归还方式|偿还方式|还本付息|等额|按月(?:还|付|归还|偿还)",
                r"分期(?:归还|偿还|还款)|一次性(?:归还|偿还|还清|还本)",
                near(r"归还|偿还|还款", r"转账|银行账户|账号|现金", 15),
            ),
            citation=civil("六百六十八"),
            advice="写明怎么还：一次还清还是分期，转账到哪个账户。通过银行转账还款，保留记录。",
        ),
    ),
    risks=(
        RiskRule(
            id="loan.interest_cap",
            title="利率超过一年期LPR的四倍",
            check=Check.INTEREST_CAP,
            citation=articles(PRIVATE_LENDING, "二十五", "二十八", "二十九"),
            limit=D(4),
            advice="借款利率最高不能超过合同成立时一年期贷款市场报价利率（LPR）的四倍；逾期利息、违约金和其他费用加在一起"
            "也不能超过这个上限。超过的部分，法院不支持。",
        ),
        RiskRule(
            id="loan.interest_deducted",
            title="利息预先从本金里扣除（“砍头息”）",
            check=Check.PATTERN,
            citation=civil("六百七十") + "；" + PRIVATE_LENDING + "第二十六条",
            patterns=(
                near(r"预先|提前|事先|先行|直接", r"扣除|扣减|扣留|扣下|扣掉", 6),
                # the gap may not hold a negation: 利息不得预先在本金中扣除 is the rule, not the risk
                r"利息(?:(?!不得|不能|不应|不可|禁止|严禁)[^。;!?\n]){0,10}?(?:从|在)?(?:借款|本金)(?:中|里)?"
                r"(?:预先|提前|先行|直接)?(?:扣除|扣减|扣留|扣掉)",
                r"砍头息",
            ),
            context=(r"利息|息",),
            advice="利息不能预先从本金里扣除。借10万元、实际只拿到9万元的，按实际拿到的9万元认定本金、计算利息，借条上写的"
            "金额不算数。",
        ),
        RiskRule(
            id="loan.compound",
            title="利滚利（把利息计入本金）",
            check=Check.PATTERN,
            citation=PRIVATE_LENDING + "第二十七条",
            patterns=(
                r"利滚利|复利",
                near(r"利息", r"(?:计入|滚入|转为|转入|并入)(?:下期|后期)?(?:借款)?本金", 10),
            ),
            advice="把前期利息算进本金、重新出借条的，只有前期利率没有超过LPR四倍的部分能算作本金；而且借款到期后应还的本息"
            "总额，不能超过最初本金加上按最初本金、LPR四倍计算的整个借款期间的利息，超过部分法院不支持。",
        ),
    ),
)

# ---- 保证 ----------------------------------------------------------------------------------------------------------

GUARANTEE = ContractTypeTable(
    id="contract-guarantee",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第六百八十四条、第六百八十六条、第六百九十一条至第六百九十三条；《最高人民法院关于"
    "适用〈中华人民共和国民法典〉有关担保制度的解释》（法释〔2020〕28号，2021年1月1日起施行）第二十五条、第三十二条",
    key="guarantee",
    title="保证合同（担保）",
    summary="为别人的借款或者债务作担保、当保证人。",
    title_patterns=(r"(?:保证|担保)(?:合同|协议|书|函)", r"连带(?:责任)?保证"),
    keywords=(
        "保证人",
        "保证期间",
        "连带责任保证",
        "一般保证",
        "主债权",
        "担保范围",
        "债权人",
        "债务人",
        "保证方式",
    ),
    general=("parties", "disputes", "signature", "final_say"),
    clauses=(
        ClauseRule(
            id="guarantee.debt",
            title="担保的是哪笔债（种类和数额）",
            patterns=(near(r"主债权|主合同|借款合同|债务|欠款|借款|货款", AMOUNT, 40),),
            citation=civil("六百八十四"),
            advice="写明为哪一笔债担保：哪份合同、欠多少钱。写不清楚，保证人可能要为说不清的债务负责。",
        ),
        ClauseRule(
            id="guarantee.due",
            title="债务人还债的期限",
            patterns=(near(r"主债务|借款|债务|还款|履行", r"期限|到期|届满|之前|以前|日前", 20),),
            citation=civil("六百八十四"),
            advice="写明被担保的那笔债什么时候到期。保证期间从这一天起算。",
        ),
        ClauseRule(
            id="guarantee.mode",
            title="保证方式（一般保证或者连带责任保证）",
            patterns=(
                r"一般保证|连带责任保证|连带保证|连带责任|无条件(?:承担|代为|偿还)",
                near(r"不能(?:履行|清偿|偿还)|无力(?:偿还|清偿)", r"才|再", 12),
            ),
            citation=civil("六百八十六"),
            advice="写明是“一般保证”还是“连带责任保证”。没写或者写不清的，按一般保证：债权人要先起诉债务人、执行不了，"
            "才能找保证人；连带责任保证的，债权人可以直接找保证人还钱。",
        ),
        ClauseRule(
            id="guarantee.scope",
            title="保证范围",
            patterns=(
                r"保证范围|担保范围|保证责任范围",
                near(r"本金", r"利息", 10),
            ),
            citation=civil("六百八十四", "六百九十一"),
            advice="写明担保哪些：只担保本金，还是连利息、违约金、律师费一起担保。没写的，包括主债权及其利息、违约金、"
            "损害赔偿金和实现债权的费用。",
        ),
        ClauseRule(
            id="guarantee.period",
            title="保证期间",
            patterns=(r"保证期间|保证期限|担保期间|保证责任期间|担保期限",),
            citation=civil("六百九十二", "六百九十三"),
            advice="写明保证期间（如主债务到期后两年）。没有约定或者约定不明确的，为主债务到期之日起六个月；债权人在保证"
            "期间内不主张，保证人不再承担责任。",
        ),
    ),
    risks=(
        RiskRule(
            id="guarantee.until_repaid",
            title="“直至本息还清为止”的保证期间",
            check=Check.PATTERN,
            citation=GUARANTEE_INTERPRETATION + "第三十二条",
            patterns=(
                near(
                    r"直至|直到|至",
                    r"(?:本息|债务|借款|欠款|全部款项)[^。;\n]{0,6}?(?:全部)?(?:还清|清偿|偿还完毕|付清|结清)",
                    12,
                ),
            ),
            context=(r"保证|担保",),
            advice="“保证责任直至本息还清时为止”这类写法，视为保证期间约定不明：保证期间只有主债务到期后六个月。债权人要在"
            "这六个月内向保证人主张，否则保证人不再承担责任。",
        ),
    ),
)

# ---- 赠与 ----------------------------------------------------------------------------------------------------------

GIFT = ContractTypeTable(
    id="contract-gift",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第六百五十七条至第六百五十九条、第六百六十三条",
    key="gift",
    title="赠与合同",
    summary="把房子、钱、车等财产无偿送给别人（包括父母赠与子女）。",
    title_patterns=(r"赠与(?:合同|协议|书)", r"赠予(?:合同|协议|书)", r"赠送(?:合同|协议)"),
    keywords=("赠与人", "受赠人", "无偿", "赠与", "赠予"),
    general=("parties", "disputes", "signature"),
    clauses=(
        ClauseRule(
            id="gift.property",
            title="赠与的财产",
            patterns=(
                near(
                    r"赠与|赠予|赠送|无偿给予|无偿赠与",
                    r"房屋|房产|车辆|汽车|款项|现金|存款|股权|财产|物品|元|万|位于|坐落",
                    40,
                ),
                near(
                    r"将",
                    r"(?:房屋|房产|车辆|汽车|款项|现金|存款|股权|财产|物品|元)[^。;!?\n]{0,6}?(?:赠与|赠予|赠送)",
                    40,
                ),
            ),
            citation=civil("六百五十七"),
            advice="写明送的是什么：房子写地址和产权证号，钱写金额，车写车牌号。",
        ),
        ClauseRule(
            id="gift.acceptance",
            title="受赠人表示接受",
            patterns=(
                near(r"受赠人|受赠方|乙方", r"接受|同意接受|愿意接受|表示接受", 10),
                r"接受(?:该|此|上述)?赠与",
            ),
            citation=civil("六百五十七"),
            advice="赠与合同要受赠人表示接受才成立。写明“受赠人同意接受赠与”，并由受赠人签字。",
        ),
        ClauseRule(
            id="gift.transfer",
            title="交付或者过户登记",
            patterns=(r"交付|过户|转移登记|变更登记|转账", near(r"办理", r"登记|手续", 8)),
            citation=civil("六百五十九"),
            advice="写明什么时候交付；房子、车等需要登记的，写明什么时候办过户。办完登记手续，房子才归受赠人所有。",
        ),
    ),
    risks=(
        RiskRule(
            id="gift.irrevocable",
            title="“不得撤销”的约定",
            check=Check.PATTERN,
            citation=civil("六百五十八", "六百六十三"),
            patterns=(r"(?:不得|不可|不能|永不|绝不|不再)(?:撤销|反悔|撤回|收回)|不可撤销",),
            advice="写了“不得撤销”“永不反悔”不一定管用：没有公证的赠与，在财产转移之前赠与人仍可以撤销；受赠人严重侵害赠与人"
            "或其近亲属、对赠与人有扶养义务而不履行、不履行约定义务的，赠与人也可以撤销。想让赠与不能随意撤销，可以办理"
            "公证。",
        ),
    ),
)

# ---- 委托 ----------------------------------------------------------------------------------------------------------

MANDATE = ContractTypeTable(
    id="contract-mandate",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第一百六十五条、第九百一十九条至第九百二十一条、第九百二十八条、第九百三十三条",
    key="mandate",
    title="委托合同",
    summary="请别人代办事情、授权委托（代办手续、代卖房屋等）。",
    title_patterns=(r"委托(?:合同|协议|书)", r"授权委托书", r"代理(?:协议|合同)", r"代办(?:协议|合同)"),
    keywords=("委托人", "受托人", "委托事项", "代理", "授权", "权限", "代为", "代办"),
    general=("parties", "breach", "disputes", "signature", "final_say"),
    clauses=(
        ClauseRule(
            id="mandate.matter",
            title="委托事项",
            patterns=(near(r"委托|代为|代理|代办", r"事项|事务|办理|处理|出售|购买|出租|诉讼|手续", 20),),
            citation=civil("九百一十九"),
            advice="写明请对方办哪件事，越具体越好。",
        ),
        ClauseRule(
            id="mandate.authority",
            title="委托权限",
            patterns=(r"权限|特别授权|一般授权|授权范围|代理权|有权代为|无权",),
            citation=civil("一百六十五", "九百二十"),
            advice="写明对方能替您做什么、不能做什么，比如能不能收钱、能不能签合同、能不能和解。",
        ),
        ClauseRule(
            id="mandate.term",
            title="委托期限",
            patterns=(
                near(r"委托期限|授权期限|代理期限|有效期|期限", r"年|个月|日|天|至|到|止|办结|完毕", 20),
            ),
            citation=civil("一百六十五"),
            advice="写明委托到什么时候为止，过期后对方就不能再以您的名义办事。",
        ),
        ClauseRule(
            id="mandate.fee",
            title="报酬",
            patterns=(r"报酬|代理费|服务费|酬金|佣金|委托费|无偿|不收取(?:任何)?费用",),
            citation=civil("九百二十八"),
            advice="写明给不给报酬、给多少、什么时候给。",
        ),
        ClauseRule(
            id="mandate.expenses",
            title="办事费用由谁负担",
            patterns=(near(r"费用|开支|支出", r"承担|负担|预付|垫付|由|报销", 10),),
            citation=civil("九百二十一"),
            advice="写明办事花的费用（路费、材料费、规费）谁出。委托人应当预付费用；受托人垫付的必要费用，委托人应当偿还"
            "并支付利息。",
        ),
    ),
    risks=(
        RiskRule(
            id="mandate.blanket",
            title="“全权委托”",
            check=Check.PATTERN,
            citation=civil("一百六十五", "九百二十"),
            patterns=(r"全权(?:委托|代理|处理|负责|办理|代表|决定)",),
            advice="“全权委托”权限过大：对方可以用您的名义签合同、收钱、处分财产，后果都由您承担。建议逐项写明能办的事和"
            "期限。",
        ),
        RiskRule(
            id="mandate.irrevocable",
            title="约定不得解除委托",
            check=Check.PATTERN,
            citation=civil("九百三十三"),
            patterns=(r"(?:不得|不可|不能)(?:单方|随意|擅自)?(?:解除|撤销|撤回|终止)|不可撤销",),
            advice="委托合同双方都可以随时解除；合同写“不得解除”，也不能完全排除这个权利，只是解除造成对方损失的要赔偿。",
        ),
    ),
)

# ---- 合伙 ----------------------------------------------------------------------------------------------------------

PARTNERSHIP = ContractTypeTable(
    id="contract-partnership",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第九百六十七条、第九百六十八条、第九百七十条、第九百七十二条、第九百七十三条、"
    "第九百七十六条、第九百七十八条；《中华人民共和国合伙企业法》第三十三条",
    key="partnership",
    title="合伙协议",
    summary="几个人一起出钱出力做生意、合伙经营。",
    title_patterns=(
        r"合伙(?:经营)?(?:合同|协议)(?:书)?",
        r"合作经营(?:合同|协议)",
        r"联合经营(?:合同|协议)",
        r"入伙(?:协议|合同)",
    ),
    keywords=("合伙人", "出资", "利润", "亏损", "分红", "合伙事务", "退伙", "入伙", "盈余"),
    general=("parties", "breach", "disputes", "signature", "final_say"),
    clauses=(
        ClauseRule(
            id="partnership.contribution",
            title="出资方式、数额和期限",
            patterns=(near(r"出资|投资|入股", AMOUNT + r"|现金|实物|技术|劳务|房屋|土地|设备|比例|%", 30),),
            citation=civil("九百六十八"),
            advice="写明每个人出多少钱（或者出房子、设备、技术、劳务），什么时候交齐，各占多少比例。",
        ),
        ClauseRule(
            id="partnership.profit",
            title="利润分配",
            patterns=(near(r"利润|盈利|盈余|收益|分红", r"分配|分成|按|比例|%|平均", 20),),
            citation=civil("九百七十二"),
            advice="写明赚了钱怎么分。没写的，协商不成按实缴出资比例分；比例也说不清的，平均分。",
        ),
        ClauseRule(
            id="partnership.loss",
            title="亏损分担",
            patterns=(near(r"亏损|风险|债务", r"分担|承担|按|比例|%|平均", 20),),
            citation=civil("九百七十二"),
            advice="写明亏了钱、欠了债怎么分担。",
        ),
        ClauseRule(
            id="partnership.affairs",
            title="合伙事务由谁执行",
            patterns=(
                r"合伙事务|执行事务|负责(?:经营|管理)|经营管理|日常(?:经营|管理)|财务(?:管理|账目)|账目",
            ),
            citation=civil("九百七十"),
            advice="写明谁负责经营、谁管账，重大事情怎么决定，其他合伙人怎么查账。",
        ),
        ClauseRule(
            id="partnership.term",
            title="合伙期限",
            patterns=(near(r"合伙期限|经营期限|合作期限|期限", r"年|个月|至|到|止", 20),),
            citation=civil("九百七十六"),
            advice="写明合伙多长时间。没有约定的视为不定期合伙，合伙人可以随时解除，但要提前通知其他合伙人。",
        ),
        ClauseRule(
            id="partnership.exit",
            title="退伙、散伙和清算",
            patterns=(r"退伙|退出|解散|清算|终止合伙",),
            citation=civil("九百七十八"),
            advice="写明有人要退出、或者散伙时，财产和债务怎么算。",
        ),
    ),
    risks=(
        RiskRule(
            id="partnership.guaranteed_return",
            title="保底、固定回报",
            check=Check.PATTERN,
            citation=civil("九百六十七") + "；" + PARTNERSHIP_LAW + "第三十三条",
            patterns=(
                r"保底|保本|固定(?:回报|收益|分红|利润|利息)",
                r"(?:不|无需|不用)(?:承担|分担)(?:任何)?(?:亏损|经营风险)",
                near(r"只(?:享受|享有|分|拿)", r"利润|收益|分红", 4),
            ),
            advice="合伙是“共享利益、共担风险”。约定一方只拿固定回报、不承担亏损的，发生纠纷时可能不被认定为合伙（例如被认定"
            "为借款）；合伙企业的合伙协议不得约定全部利润归部分合伙人、或者由部分合伙人承担全部亏损。",
        ),
        RiskRule(
            id="partnership.external_liability",
            title="约定对外不承担债务",
            check=Check.PATTERN,
            citation=civil("九百七十三"),
            patterns=(
                near(
                    r"对外|第三人|债权人|外债",
                    r"不承担|不负责|概不负责|无关|由[^。;\n]{0,6}?(?:单独|自行|一方)承担",
                    15,
                ),
            ),
            advice="合伙人对合伙债务承担连带责任。合伙人之间约定某人对外“不承担责任”，对债权人不发生效力：债权人仍可以找任何"
            "一个合伙人要钱，多还了的人再向其他合伙人追偿。",
        ),
    ),
)

TABLES: tuple[ContractTypeTable, ...] = (SALE, LOAN, GUARANTEE, GIFT, MANDATE, PARTNERSHIP)
