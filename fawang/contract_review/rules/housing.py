"""Contract types about homes and building (J10, contract review): 房屋租赁, 房屋买卖, 装修, 建设工程施工, 物业服务,
中介. No Django. Every table is in force from 2021-01-01 (民法典); see `rules.common` for the conventions."""

from __future__ import annotations

from decimal import Decimal

from fawang.contract_review.engine.model import Check, ClauseRule, ContractTypeTable, RiskRule
from fawang.contract_review.rules.common import (
    AMOUNT,
    CIVIL_CODE_FROM,
    IN,
    WATERPROOF,
    civil,
    near,
)

D = Decimal
GENERAL_ALL = (
    "parties",
    "breach",
    "disputes",
    "signature",
    "injury_waiver",
    "gross_fault_waiver",
    "final_say",
    "deposit_ratio",
    "earnest_money",
)
# A lease's 标的额 is the rent of the whole term, not a price written in one place: the 定金 ratio is not checked
# (a 押金 is not a 定金 anyway, and 订金 is still flagged).
GENERAL_LEASE = tuple(i for i in GENERAL_ALL if i != "deposit_ratio")
DECORATION_RULES = "《住宅室内装饰装修管理办法》"
CONSTRUCTION_QUALITY = "《建设工程质量管理条例》"

# ---- 房屋租赁 ------------------------------------------------------------------------------------------------------

LEASE = ContractTypeTable(
    id="contract-lease",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第七百零四条、第七百零五条、第七百零七条、第七百一十二条、第七百三十条",
    key="lease",
    title="房屋租赁合同",
    summary="租房、出租房屋、商铺、门面。",
    title_patterns=(
        r"(?:房屋|住房|商铺|门面|店面|厂房|场地|仓库)租赁(?:合同|协议)",
        r"(?<!土地)(?<!包地)(?<!营权)租赁(?:合同|协议)",
        r"租房(?:合同|协议)",
        r"(?:房屋)?出租(?:合同|协议)",
    ),
    keywords=("租金", "出租人", "承租人", "出租方", "承租方", "押金", "租赁期", "租期", "转租", "水电费"),
    general=GENERAL_LEASE,
    clauses=(
        ClauseRule(
            id="lease.property",
            title="租的是哪套房子（位置、面积）",
            patterns=(
                near(
                    r"房屋|租赁物|房产|商铺|门面|店面|厂房",
                    r"坐落|位于|地址|地点|门牌|面积|平方米|㎡|m2|号楼|栋|幢",
                    30,
                ),
                r"坐落于|坐落在|位于|建筑面积|使用面积|套内面积",
            ),
            citation=civil("七百零四"),
            advice="写明租的是哪套房子：详细地址、面积，以及房屋里的家具家电。以后交还房屋、计算损失都以此为准。",
        ),
        ClauseRule(
            id="lease.use",
            title="房屋用途",
            patterns=(
                r"用途|用于(?:居住|住宿|经营|办公|生产|仓储)|作(?:为)?(?:住宅|居住|经营|办公|仓库)(?:之)?用|居住使用",
            ),
            citation=civil("七百零四", "七百一十一"),
            advice="写明房子用来居住还是经营。承租人不按约定用途使用、造成房屋损失的，出租人可以解除合同并要求赔偿。",
        ),
        ClauseRule(
            id="lease.term",
            title="租赁期限",
            patterns=(near(r"租赁期限|租期|租赁期|租用期限|期限", r"年|个月|日|天|至|到", 20),),
            citation=civil("七百零四", "七百零七", "七百三十"),
            advice="写明从哪天租到哪天。租期六个月以上的要签书面合同；租期没写清楚的，视为不定期租赁，双方都可以随时解除"
            "（提前合理时间通知对方）。",
        ),
        ClauseRule(
            id="lease.rent",
            title="租金数额",
            patterns=(near(r"租金|房租|租费|租赁费", AMOUNT, 40),),
            citation=civil("七百零四"),
            advice="写明每月（或每年）租金多少钱。",
        ),
        ClauseRule(
            id="lease.payment",
            title="租金的支付期限和方式",
            patterns=(
                near(
                    r"租金|房租|租费|租赁费",
                    r"支付|交付|缴纳|交纳|付清|按月|按季|按年|提前|转账|现金",
                    30,
                ),
                r"押[一二三]付[一二三四五六]",
            ),
            citation=civil("七百零四"),
            advice="写明租金哪天交、一次交几个月、转账还是现金。转账交租，留下记录。",
        ),
        ClauseRule(
            id="lease.repair",
            title="房屋维修",
            patterns=(r"维修|修缮|修理|维护",),
            citation=civil("七百零四", "七百一十二"),
            advice="写明房屋和设施坏了由谁修、费用谁出。没写的，一般由出租人维修。",
        ),
    ),
    risks=(
        RiskRule(
            id="lease.term_limit",
            title="租期超过二十年",
            check=Check.LEASE_TERM,
            citation=civil("七百零五"),
            limit=D(240),
            advice="租期最长二十年，超过二十年的部分无效。需要更长的，期满后可以续订，续订的租期从续订之日起也不能超过"
            "二十年。",
        ),
    ),
)

# ---- 房屋买卖 ------------------------------------------------------------------------------------------------------

HOUSE_SALE = ContractTypeTable(
    id="contract-house-sale",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第一百四十六条、第二百零九条、第五百九十六条、第五百九十八条、第六百一十二条",
    key="house_sale",
    title="房屋买卖合同",
    summary="买卖二手房、商品房，房屋转让。",
    title_patterns=(
        r"(?:房屋|房产|房地产|商品房|存量房|二手房|住房|住宅|不动产)(?:买卖|转让|购买|购房)(?:合同|协议)",
        r"购房(?:合同|协议)",
    ),
    keywords=(
        "房款",
        "过户",
        "不动产权证",
        "房产证",
        "网签",
        "首付",
        "按揭",
        "交房",
        "契税",
        "买受人",
        "出卖人",
    ),
    general=GENERAL_ALL,
    clauses=(
        ClauseRule(
            id="house_sale.location",
            title="房屋坐落和面积",
            patterns=(
                near(r"房屋|房产|该房|标的", r"坐落|位于|地址|门牌|建筑面积|面积", 20),
                r"坐落于|坐落在",
            ),
            citation=civil("五百九十六"),
            advice="写明房子的详细地址、建筑面积和套内面积。",
        ),
        ClauseRule(
            id="house_sale.title",
            title="产权证书",
            patterns=(r"不动产权证|不动产权属证书|房产证|房屋所有权证|产权证|权属证书",),
            citation=civil("五百九十八"),
            advice="写明房屋的不动产权证书号码，并核对卖方是不是登记的产权人、有没有共有人（共有人要一起签字）。",
        ),
        ClauseRule(
            id="house_sale.encumbrance",
            title="抵押、查封和出租情况",
            patterns=(r"抵押|查封|权利瑕疵|出租情况|租赁情况|第三人[^。;\n]{0,10}(?:权利|主张)",),
            citation=civil("六百一十二"),
            advice="写明房子有没有抵押、查封或者租给别人，由卖方在过户前解除抵押。卖方应当保证别人对房子不享有权利；房子"
            "被抵押或查封，可能过不了户。",
        ),
        ClauseRule(
            id="house_sale.price",
            title="房价",
            patterns=(near(r"房款|总价|房价|成交价|转让价|价款|总金额|购房款", AMOUNT, 40),),
            citation=civil("五百九十六"),
            advice="写明总价，金额大写、小写都写。",
        ),
        ClauseRule(
            id="house_sale.payment",
            title="付款方式和时间",
            patterns=(
                near(
                    r"首付|首期|定金|房款|价款|尾款|余款|贷款|按揭|分期|一次性",
                    r"支付|付清|付款|交付|发放|之前|以前|日内|天内|前",
                    30,
                ),
            ),
            citation=civil("五百九十六"),
            advice="写明分几次付、每次付多少、什么时候付；贷款买房的，写明贷款批不下来怎么办。大额房款最好通过资金监管账户支付。",
        ),
        ClauseRule(
            id="house_sale.delivery",
            title="交房时间",
            patterns=(
                near(r"交房|交付|移交|交钥匙", r"前|之前|以前|日内|天内|时间|日期|同时|当日|当天", 20),
                near(r"前|之前|以前|日内|天内", r"交房|交付|移交|交钥匙", 6),
            ),
            citation=civil("五百九十六", "五百九十八"),
            advice="写明哪天交房、交钥匙，以及水电燃气、物业费结清到哪天。",
        ),
        ClauseRule(
            id="house_sale.transfer",
            title="过户登记",
            patterns=(r"过户|转移登记|不动产登记|办理[^。;\n]{0,8}(?:登记|过户)|网签",),
            citation=civil("二百零九", "五百九十八"),
            advice="写明什么时候一起去办过户（不动产转移登记）。房子登记到您名下才归您所有；只签合同、交了钱，还不算拿到"
            "产权。",
        ),
    ),
    risks=(
        RiskRule(
            id="house_sale.dual_price",
            title="“阴阳合同”（按低价网签、申报）",
            check=Check.PATTERN,
            citation=civil("一百四十六"),
            patterns=(
                r"阴阳合同",
                near(r"网签|备案|申报|合同价|登记价|过户价", r"做低|按最低|低于(?:实际)?(?:成交)?价", 12),
                near(r"做低|按最低|低于(?:实际)?(?:成交)?价", r"网签|备案|申报|过户", 12),
            ),
            advice="合同写了按较低价格网签、申报（“阴阳合同”）。以虚假意思表示订立的合同无效，还可能被追缴税款、罚款；"
            "发生纠纷时，低价合同对双方都可能不利。请按实际成交价签约和申报。",
        ),
    ),
)

# ---- 装修（承揽） -----------------------------------------------------------------------------------------------------

_WARRANTY_CLAUSE = (r"保修|质保|质量保证期",)

RENOVATION = ContractTypeTable(
    id="contract-renovation",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第七百七十一条、第七百七十四条；《住宅室内装饰装修管理办法》（建设部令第110号）"
    "第五条、第三十二条",
    key="renovation",
    title="装修合同",
    summary="家庭装修、房屋装饰（承揽）。",
    title_patterns=(
        r"(?:家庭|住宅|室内|房屋|居室|家居)?(?:装饰)?装修(?:工程)?(?:施工)?(?:合同|协议)",
        r"装饰(?:工程)?(?:施工)?(?:合同|协议)",
        r"家装(?:合同|协议)",
    ),
    keywords=("装修", "工期", "施工", "材料", "验收", "保修", "水电", "瓷砖", "防水", "设计"),
    general=GENERAL_ALL,
    clauses=(
        ClauseRule(
            id="renovation.scope",
            title="装修的房屋和项目",
            patterns=(near(r"装修|装饰|施工|工程", r"地址|地点|位于|坐落|面积|项目|范围|内容", 10),),
            citation=civil("七百七十一"),
            advice="写明装修哪套房子（地址、面积）、做哪些项目，最好附上报价单和设计图纸。",
        ),
        ClauseRule(
            id="renovation.quality",
            title="质量标准和施工工艺",
            patterns=(
                r"质量标准|质量要求|施工工艺|工艺标准|国家标准|行业标准|验收规范|施工规范",
                near(r"符合", r"标准|规范", 10),
            ),
            citation=civil("七百七十一"),
            advice="写明按什么标准施工、用什么工艺。以后是否合格，按这里写的标准验收。",
        ),
        ClauseRule(
            id="renovation.price",
            title="装修价款",
            patterns=(
                near(
                    r"工程(?:总)?(?:价款|造价|款)|装修(?:费用|款|总价|总额)|总价|合同价|报价|总造价",
                    AMOUNT,
                    40,
                ),
            ),
            citation=civil("七百七十一"),
            advice="写明总价，以及分几次、在哪个阶段付款。建议按进度付，留一部分到验收合格后再付。",
        ),
        ClauseRule(
            id="renovation.materials",
            title="材料由谁提供",
            patterns=(
                near(r"材料|主材|辅材|设备", r"提供|供应|采购|购买|由|负责|品牌|型号", 10),
                r"包工包料|清包|半包|全包|甲供|乙供",
            ),
            citation=civil("七百七十一", "七百七十四"),
            advice="写明哪些材料您自己买、哪些由装修方买，写清品牌、型号、规格。装修方提供的材料应当按约定选用，并接受您的"
            "检验。",
        ),
        ClauseRule(
            id="renovation.schedule",
            title="开工和完工日期（工期）",
            patterns=(r"工期|开工|竣工|完工|施工期|工程期限",),
            citation=civil("七百七十一"),
            advice="写明哪天开工、哪天完工，以及延期一天怎么赔。",
        ),
        ClauseRule(
            id="renovation.acceptance",
            title="验收标准和方法",
            patterns=(r"验收",),
            citation=civil("七百七十一"),
            advice="写明分阶段验收（水电、防水、完工）的时间和方法，验收合格再付下一笔钱。",
        ),
        ClauseRule(
            id="renovation.warranty",
            title="保修",
            patterns=_WARRANTY_CLAUSE,
            citation=DECORATION_RULES + "第三十二条",
            advice="写明保修的内容和期限。住宅装修的保修期最低二年，有防水要求的厨房、卫生间和外墙面的防渗漏最低五年，从"
            "验收合格之日起算。",
        ),
    ),
    risks=(
        RiskRule(
            id="renovation.warranty_min",
            title="保修期短于二年",
            check=Check.WARRANTY,
            citation=DECORATION_RULES + "第三十二条",
            limit=D(24),
            exclude=(WATERPROOF,),
            advice="住宅室内装修工程在正常使用条件下的最低保修期限为二年，合同约定得更短的，仍然按二年保修。",
        ),
        RiskRule(
            id="renovation.waterproof_min",
            title="防水保修期短于五年",
            check=Check.WARRANTY,
            citation=DECORATION_RULES + "第三十二条",
            limit=D(60),
            context=(WATERPROOF,),
            advice="有防水要求的厨房、卫生间和外墙面的防渗漏，最低保修期限为五年。",
        ),
        RiskRule(
            id="renovation.load_bearing",
            title="拆改承重墙或者房屋主体结构",
            check=Check.PATTERN,
            citation=DECORATION_RULES + "第五条",
            patterns=(
                near(
                    r"拆除|拆改|改动|变动|拆|打通|开洞|扩大|凿", r"承重(?:墙|结构|柱|梁)|主体结构|剪力墙", 8
                ),
            ),
            advice="擅自拆改承重墙、变动房屋主体和承重结构是禁止的，可能危及整栋楼的安全；造成损失的要承担赔偿责任。请删掉"
            "这类项目，确需改动的要先由原设计单位或者有资质的设计单位出方案。",
        ),
    ),
)

# ---- 建设工程施工（含农村自建房） --------------------------------------------------------------------------------------

CONSTRUCTION = ContractTypeTable(
    id="contract-construction",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第七百九十五条；《建设工程质量管理条例》第四十条",
    key="construction",
    title="建设工程施工合同（含农村建房）",
    summary="盖房子、建厂房、工程施工承包。",
    title_patterns=(
        r"(?<!装修)(?<!装饰)(?:建设)?工程施工(?:承包)?(?:合同|协议)",
        r"(?:建房|自建房|农房|民房|房屋建造|房屋建设|建筑|(?<!工程)(?<!装修)(?<!装饰)施工)(?:工程)?(?:承包)?(?:合同|协议)",
        r"工程承包(?:合同|协议)",
    ),
    keywords=(
        "发包人",
        "承包人",
        "发包方",
        "承包方",
        "工程",
        "工期",
        "竣工",
        "工程款",
        "建筑面积",
        "图纸",
        "开工",
    ),
    general=GENERAL_ALL,
    clauses=(
        ClauseRule(
            id="construction.scope",
            title="工程范围",
            patterns=(
                r"工程范围|承包范围|施工范围|工程内容|建设内容|承包内容|建筑面积|层数",
                near(r"建|盖", r"层", 6),
            ),
            citation=civil("七百九十五"),
            advice="写明建什么、建多大（面积、层数），包括哪些项目，最好附上图纸。",
        ),
        ClauseRule(
            id="construction.schedule",
            title="工期（开工和竣工时间）",
            patterns=(r"工期|开工|竣工|完工",),
            citation=civil("七百九十五"),
            advice="写明开工日期、竣工日期，以及延期怎么赔。",
        ),
        ClauseRule(
            id="construction.quality",
            title="工程质量",
            patterns=(
                r"工程质量|质量标准|质量要求|验收规范|施工规范|图纸施工|设计图纸",
                near(r"符合", r"标准|规范", 10),
            ),
            citation=civil("七百九十五"),
            advice="写明按什么图纸、什么标准施工。",
        ),
        ClauseRule(
            id="construction.price",
            title="工程造价",
            patterns=(near(r"工程(?:总)?(?:价款|造价|款)|合同价|总价|包干价|单价|每平方米", AMOUNT, 40),),
            citation=civil("七百九十五"),
            advice="写明总价或者单价（每平方米多少钱），以及增加项目时怎么算钱。",
        ),
        ClauseRule(
            id="construction.materials",
            title="材料和设备由谁供应",
            patterns=(
                near(r"材料|设备|钢筋|水泥|砖", r"提供|供应|采购|购买|由|负责", 10),
                r"包工包料|包清工|清包|甲供|乙供",
            ),
            citation=civil("七百九十五"),
            advice="写明钢筋、水泥、砖等材料由谁买，质量不合格由谁负责。",
        ),
        ClauseRule(
            id="construction.payment",
            title="付款（拨款）和结算",
            patterns=(r"进度款|拨付|拨款|结算", near(r"付款|支付", r"工程款|价款|进度|阶段", 10)),
            citation=civil("七百九十五"),
            advice="写明按工程进度分几次付款，完工后怎么结算。",
        ),
        ClauseRule(
            id="construction.acceptance",
            title="竣工验收",
            patterns=(r"竣工验收|验收",),
            citation=civil("七百九十五"),
            advice="写明完工后怎么验收，验收不合格怎么返工。",
        ),
        ClauseRule(
            id="construction.warranty",
            title="质量保修范围和保修期",
            patterns=_WARRANTY_CLAUSE,
            citation=civil("七百九十五"),
            advice="写明保修哪些部位、保修多少年。",
        ),
    ),
    risks=(
        RiskRule(
            id="construction.warranty_min",
            title="保修期短于二年",
            check=Check.WARRANTY,
            citation=CONSTRUCTION_QUALITY + "第四十条",
            limit=D(24),
            exclude=(WATERPROOF,),
            advice="电气管线、给排水管道、设备安装和装修工程的最低保修期限为二年（地基基础和主体结构为设计文件规定的合理使用"
            "年限）。",
        ),
        RiskRule(
            id="construction.waterproof_min",
            title="防水保修期短于五年",
            check=Check.WARRANTY,
            citation=CONSTRUCTION_QUALITY + "第四十条",
            limit=D(60),
            context=(WATERPROOF,),
            advice="屋面防水工程、有防水要求的卫生间、房间和外墙面的防渗漏，最低保修期限为五年。",
        ),
    ),
    notes=("农民自建低层住宅的质量和安全，当地可能另有规定，请一并了解。",),
)

# ---- 物业服务 ------------------------------------------------------------------------------------------------------

PROPERTY = ContractTypeTable(
    id="contract-property-service",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第九百三十八条、第九百四十四条",
    key="property_service",
    title="物业服务合同",
    summary="小区物业服务、物业管理。",
    title_patterns=(r"(?:前期)?物业(?:服务|管理)(?:服务)?(?:合同|协议)",),
    keywords=(
        "物业服务人",
        "物业费",
        "业主",
        "维修资金",
        "公共区域",
        "保洁",
        "绿化",
        "物业服务区域",
        "业主委员会",
    ),
    general=(
        "parties",
        "breach",
        "disputes",
        "signature",
        "injury_waiver",
        "gross_fault_waiver",
        "final_say",
    ),
    clauses=(
        ClauseRule(
            id="property_service.services",
            title="服务事项",
            patterns=(
                r"服务(?:事项|内容|范围)|保洁|清洁|绿化|秩序维护|安保|保安|共用(?:部位|设施)|维修养护",
            ),
            citation=civil("九百三十八"),
            advice="写明物业要做哪些事：保洁、绿化、秩序维护、共用设施维修养护等。",
        ),
        ClauseRule(
            id="property_service.quality",
            title="服务质量",
            patterns=(r"服务质量|服务标准|质量标准|等级|星级", near(r"达到", r"标准", 10)),
            citation=civil("九百三十八"),
            advice="写明服务要达到的标准，比如多久打扫一次、保安几小时值守。",
        ),
        ClauseRule(
            id="property_service.fee",
            title="物业费的标准和收取办法",
            patterns=(near(r"物业(?:服务)?费", r"元|每平方米|/平方米|按月|按季|按年|包干|酬金|标准", 30),),
            citation=civil("九百三十八"),
            advice="写明物业费每平方米每月多少钱、按月还是按年交、空置房怎么收。",
        ),
        ClauseRule(
            id="property_service.fund",
            title="维修资金的使用",
            patterns=(r"维修资金|维修基金|专项维修",),
            citation=civil("九百三十八"),
            advice="写明专项维修资金怎么申请使用、怎么公开。",
        ),
        ClauseRule(
            id="property_service.premises",
            title="物业服务用房的管理和使用",
            patterns=(r"物业服务用房|服务用房|物业(?:管理)?用房",),
            citation=civil("九百三十八"),
            advice="写明物业服务用房在哪里、怎么使用，合同终止时要交还。",
        ),
        ClauseRule(
            id="property_service.term",
            title="服务期限",
            patterns=(near(r"服务期限|合同期限|委托期限|期限", r"年|个月|至|到|止", 20),),
            citation=civil("九百三十八"),
            advice="写明物业服务从哪天到哪天。",
        ),
        ClauseRule(
            id="property_service.handover",
            title="服务交接",
            patterns=(r"交接|退出|移交|撤出",),
            citation=civil("九百三十八"),
            advice="写明合同终止时物业怎么退出、交还资料和用房。",
        ),
    ),
    risks=(
        RiskRule(
            id="property_service.utility_cutoff",
            title="用停水停电催交物业费",
            check=Check.PATTERN,
            citation=civil("九百四十四"),
            patterns=(r"(?:停止|停|中断|切断|断|限制)(?:供)?(?:水|电|热|暖|气|燃气)|停水|停电",),
            context=(r"物业(?:服务)?费|欠费|拖欠|未(?:按时|按期)?(?:交|缴|支付)|催交|催缴|逾期",),
            advice="物业服务人不得用停止供电、供水、供热、供燃气的方式催交物业费。业主欠费的，物业可以催告，或者起诉、申请"
            "仲裁。",
        ),
    ),
)

# ---- 中介 ----------------------------------------------------------------------------------------------------------

_NO_DEAL = r"未(?:能)?(?:成交|促成|签约)|没有成交|交易(?:未|不)(?:成|能)|(?:无论|不论)(?:是否)?成交(?:与否)?|成交与否"
_FEE = r"中介费|佣金|服务费|居间费|报酬|代理费"

BROKERAGE = ContractTypeTable(
    id="contract-brokerage",
    version="2021",
    valid_from=CIVIL_CODE_FROM,
    source="《中华人民共和国民法典》第九百六十一条至第九百六十五条",
    key="brokerage",
    title="中介合同",
    summary="房屋中介、居间服务（买房、租房、找工作）。",
    title_patterns=(
        r"(?:房屋|房地产|房产|二手房|租赁)?(?:中介|居间|经纪)(?:服务)?(?:合同|协议|确认书)",
        r"看房(?:确认书|协议)",
    ),
    keywords=("中介费", "佣金", "居间", "中介方", "看房", "促成", "成交", "房源", "经纪", "中介人"),
    general=("parties", "breach", "disputes", "signature", "final_say", "deposit_ratio", "earnest_money"),
    clauses=(
        ClauseRule(
            id="brokerage.matter",
            title="中介事项",
            patterns=(
                r"中介事项|居间事项|服务内容|服务事项|促成|房源|看房|带看",
                near(r"提供|报告", r"机会|媒介", 12),
            ),
            citation=civil("九百六十一"),
            advice="写明中介帮您做什么：找房、带看、谈价、办手续等。",
        ),
        ClauseRule(
            id="brokerage.fee",
            title="中介费（报酬）",
            patterns=(near(_FEE, r"元|万|%|百分之", 30), near(r"\d\s*%|百分之", _FEE, 20)),
            citation=civil("九百六十三"),
            advice="写明中介费多少、由谁付、什么时候付（签约后还是过户后）。中介促成合同成立，委托人才应当付报酬。",
        ),
        ClauseRule(
            id="brokerage.no_deal",
            title="没有成交时怎么办",
            patterns=(_NO_DEAL, r"必要费用"),
            citation=civil("九百六十四"),
            advice="写明没谈成时怎么办。中介没有促成交易的，不能要报酬，只能按约定要求支付必要的费用。",
        ),
        ClauseRule(
            id="brokerage.disclosure",
            title="如实报告房屋等情况",
            patterns=(r"如实|核实|核验|查验|产权(?:调查|核查)|隐瞒|虚假",),
            citation=civil("九百六十二"),
            advice="写明中介要如实告诉您房子或交易对方的情况（产权、抵押、查封等）。中介故意隐瞒重要事实、提供虚假情况的，"
            "不能要报酬，还要赔偿。",
        ),
    ),
    risks=(
        RiskRule(
            id="brokerage.fee_without_deal",
            title="没有成交也要付中介费",
            check=Check.PATTERN,
            citation=civil("九百六十四"),
            patterns=(
                near(_NO_DEAL, rf"(?:仍|也|照|均|都|全额|一律){IN}{{0,6}}?(?:支付|收取|交纳|付|收)", 30),
                near(_NO_DEAL, rf"(?:{_FEE}){IN}{{0,8}}?(?:不予?退还|不退)", 30),
            ),
            advice="中介没有促成交易的，不得要求支付报酬（中介费），只能按约定要求支付从事中介活动的必要费用。“不成交也收"
            "中介费”的约定对您不利，签字前可以要求修改。",
        ),
    ),
)

TABLES: tuple[ContractTypeTable, ...] = (LEASE, HOUSE_SALE, RENOVATION, CONSTRUCTION, PROPERTY, BROKERAGE)
