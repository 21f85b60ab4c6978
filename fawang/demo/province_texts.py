"""What people ask about, and when (issue 7 §8): the vocabulary of the generated province history.

Each of the 20 dispute categories has a few questions in plain words (title, description). Seasonality is a
12-month profile per category (wage arrears before the Spring Festival, family disputes after it, consumer
complaints around 3·15 and 双十一, traffic accidents in the autumn holidays, land and resettlement in spring),
and some questions are trending: their weight grows or shrinks over the generated years, so demand analytics
(K5) has real rising topics to find. Nothing here contains tabs, newlines, quotes or backslashes (bulk.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    title: str
    description: str
    trend: float = 0.0  # relative change in weight per year (0.8 = +80% a year, -0.5 = halving)


QUESTIONS: dict[str, tuple[Question, ...]] = {
    "婚姻家庭": (
        Question(
            "离婚时房产和存款怎么分割", "结婚十年准备离婚，婚后买的房子和存款怎么分割，孩子抚养权归谁。"
        ),
        Question("对方不支付孩子抚养费", "离婚后前夫一直不支付孩子抚养费，可以起诉要求支付吗。"),
        Question("父母去世后房产继承", "父母去世没有留遗嘱，兄弟姐妹之间房产继承怎么分。"),
        Question("子女不履行赡养义务", "老人年纪大了，几个子女都不尽赡养义务，怎么维权。"),
    ),
    "劳动纠纷": (
        Question("老板拖欠工资不给", "在工地干了几个月，包工头拖欠工资一直不给，怎么讨薪。"),
        Question("被公司无故辞退", "公司没有任何理由把我辞退，也不给经济补偿，可以申请劳动仲裁吗。"),
        Question("没签劳动合同怎么维权", "入职一年公司一直不签劳动合同，能要求双倍工资吗。"),
        Question("工伤认定后单位不赔偿", "干活时受伤已经认定工伤，单位不给工伤待遇怎么办。"),
        Question(
            "外卖骑手送餐受伤平台不认劳动关系",
            "跑外卖送餐途中摔伤，平台和站点都说不是劳动关系，不给赔偿。",
            0.9,
        ),
    ),
    "交通事故": (
        Question("电动车被撞后赔偿", "骑电动车被小车撞伤住院，对方保险公司赔偿怎么计算。"),
        Question("交通事故对方逃逸", "晚上被车撞了对方逃逸，医疗费谁来承担。"),
        Question("交通事故责任认定不服", "交警的事故责任认定书认为我负主要责任，我不服怎么办。"),
    ),
    "债权债务": (
        Question("借钱不还怎么起诉", "同村村民借了五万块钱写了借条，到期一直不还，怎么起诉。"),
        Question("替别人担保被要求还款", "给亲戚借款做了担保人，现在亲戚不还钱，银行找我还款。"),
        Question("网贷暴力催收", "在网贷平台借款逾期，催收人员天天打电话骚扰家人。", 0.6),
        Question("P2P理财平台跑路", "在P2P理财平台投了钱，平台跑路了钱还能追回来吗。", -0.6),
    ),
    "刑事辩护": (
        Question("家属被刑事拘留如何请律师", "家里人被公安机关刑事拘留，家属怎么请律师会见。"),
        Question("未成年人涉嫌犯罪", "孩子未满十八岁涉嫌盗窃被抓，可以申请法律援助律师吗。"),
        Question("帮信罪被抓", "把银行卡借给别人用，现在涉嫌帮助信息网络犯罪活动罪被抓。", 0.5),
    ),
    "合同纠纷": (
        Question("装修合同违约", "装修公司拖延工期还偷工减料，可以要求解除合同和赔偿吗。"),
        Question("定金不退", "签了购买合同交了定金，后来不想买了，对方不退定金。"),
        Question("土地承包合同纠纷", "村里的土地承包合同没到期，承包方要求提前收回土地。"),
    ),
    "房产纠纷": (
        Question("宅基地边界争议", "和邻居因为宅基地边界发生争议，对方砌墙占了我家的地。"),
        Question("开发商延期交房", "买的商品房开发商延期一年多交房，能要求违约金吗。"),
        Question("房屋租赁押金不退", "租房到期搬走，房东以各种理由扣押金不退。"),
    ),
    "侵权": (
        Question("邻居修房损坏围墙", "邻居修房子把我家围墙弄坏了，不肯赔偿。"),
        Question("狗咬伤人谁负责", "被邻居家的狗咬伤打了疫苗，狗主人不承认。"),
        Question("网上被人造谣诽谤", "有人在微信群和短视频平台上造谣诽谤我，怎么维权。", 0.4),
    ),
    "公司法": (
        Question("股东分红纠纷", "合伙开公司几年，大股东一直不分红也不让查账。"),
        Question("公司注销后债务", "公司注销了，之前欠的货款还能找股东要吗。"),
    ),
    "医疗纠纷": (
        Question("手术后遗症赔偿", "在医院做手术后留下后遗症，怀疑医疗过错，怎么做医疗损害鉴定。"),
        Question("医美整形失败", "在美容机构做整形手术失败，机构拒绝退款赔偿。", 0.3),
    ),
    "拆迁安置": (
        Question("征地补偿标准", "村里土地被征收，补偿标准太低，怎么提出异议。"),
        Question("房屋征收安置", "老房子要被征收，安置房面积和过渡费怎么算。"),
    ),
    "行政诉讼": (
        Question("对行政处罚不服", "被罚款五千元，对行政处罚决定不服，可以申请行政复议吗。"),
        Question("政府信息公开", "向政府部门申请信息公开，超过期限没有答复。"),
    ),
    "建设工程": (
        Question("工程款被拖欠", "承包的工程完工验收了，发包方一直拖欠工程款。"),
        Question("农民工工资总包方不付", "在建筑工地干活，总包方和分包方互相推诿不付工资。"),
    ),
    "知识产权": (
        Question("商标被抢注", "自己用了多年的店名被别人抢注了商标，还要求我改名。"),
        Question("短视频被盗用", "自己拍的短视频被别人搬运盗用，怎么维权。", 0.5),
    ),
    "综合咨询": (
        Question("如何申请法律援助", "家庭经济困难，打官司请不起律师，怎么申请法律援助。"),
        Question("公证需要哪些材料", "办理继承公证需要准备哪些材料，去哪里办理。"),
        Question("调解协议有没有法律效力", "村里调解达成的协议有法律效力吗，对方反悔怎么办。"),
    ),
    "人身损害": (
        Question("工地摔伤赔偿", "在工地干活摔伤骨折，老板只给了一点医药费。"),
        Question("打架被打伤", "被人打伤住院，对方不愿意赔偿医药费和误工费。"),
    ),
    "涉外法律": (
        Question("出国务工被骗", "通过中介出国务工，到了国外发现被骗，护照被扣。"),
        Question("涉外婚姻离婚", "和外籍配偶结婚后分居多年，在国内怎么办理离婚。"),
    ),
    "海事海商": (
        Question("船员工资拖欠", "在货船上当船员，船东拖欠几个月工资。"),
        Question("渔船碰撞赔偿", "江上渔船被货船碰撞损坏，赔偿怎么主张。"),
    ),
    "消费权益": (
        Question("网购假货退款", "网上买到假货，商家拒绝退款，平台也不处理。"),
        Question("预付卡商家跑路", "在健身房办了预付卡，商家突然关门跑路了。"),
        Question("直播间买到假货拒绝退款", "在直播间跟着主播下单买到假货，商家和主播都拒绝退款。", 0.9),
        Question("老年人保健品被骗", "家里老人被推销保健品骗了好几万，能追回来吗。"),
    ),
    "抵押担保": (
        Question("房屋抵押贷款还不上", "用房子抵押贷款现在还不上，银行要拍卖房子。"),
        Question("车辆抵押借款纠纷", "把车抵押借了钱，对方私自把车卖了。"),
    ),
}

CATEGORY_WEIGHTS: dict[str, int] = {
    "婚姻家庭": 160,
    "劳动纠纷": 170,
    "交通事故": 80,
    "债权债务": 120,
    "刑事辩护": 30,
    "合同纠纷": 70,
    "房产纠纷": 80,
    "侵权": 50,
    "公司法": 12,
    "医疗纠纷": 22,
    "拆迁安置": 35,
    "行政诉讼": 14,
    "建设工程": 30,
    "知识产权": 8,
    "综合咨询": 140,
    "人身损害": 45,
    "涉外法律": 4,
    "海事海商": 3,
    "消费权益": 60,
    "抵押担保": 12,
}

# Relative demand by calendar month (January first). 1.0 is an average month.
FLAT = (1.0,) * 12
SEASONS: dict[str, tuple[float, ...]] = {
    "劳动纠纷": (1.6, 1.3, 0.9, 0.85, 0.85, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.5),  # 年底讨薪
    "建设工程": (1.5, 1.2, 0.9, 0.85, 0.85, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.4),
    "婚姻家庭": (0.8, 1.5, 1.35, 1.1, 0.95, 0.9, 0.95, 0.9, 0.9, 1.0, 0.9, 0.85),  # 节后离婚潮
    "消费权益": (0.8, 0.8, 1.6, 0.9, 0.9, 1.1, 0.9, 0.9, 0.9, 0.9, 1.5, 0.9),  # 3·15, 双十一
    "交通事故": (1.0, 1.1, 0.9, 1.0, 1.1, 0.9, 1.0, 1.0, 1.0, 1.3, 0.9, 0.9),  # 国庆出行
    "拆迁安置": (0.8, 0.8, 1.2, 1.3, 1.3, 1.1, 1.0, 1.0, 1.0, 0.9, 0.8, 0.8),
    "海事海商": (0.7, 0.7, 0.8, 1.0, 1.2, 1.3, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8),  # 汛期航运
}
# Overall volume by month: fewer requests in the Spring Festival month, more in spring and autumn.
MONTH_VOLUME = (0.9, 0.8, 1.1, 1.05, 1.05, 1.0, 1.0, 1.0, 1.0, 0.95, 1.05, 1.1)
WEEKDAY_VOLUME = (1.15, 1.1, 1.1, 1.05, 1.0, 0.35, 0.25)  # Monday first; hotline and online work weekends
YEARLY_GROWTH = 0.12
# Requests by local hour of the day (0-23).
HOURS = (1, 1, 0, 0, 0, 1, 2, 5, 12, 16, 16, 14, 8, 9, 14, 15, 13, 10, 6, 5, 4, 3, 2, 1)


def vocabulary_check() -> None:
    """The bulk writer relies on these texts having no COPY or JSON special characters."""
    for category, questions in QUESTIONS.items():
        for q in questions:
            for text in (category, q.title, q.description):
                if any(ch in text for ch in '\t\n\r\\"'):
                    raise ValueError(f"unsafe character in {text!r}")
