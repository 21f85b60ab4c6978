"""The dispute categories (J4), apart from the classifier so that models and forms can name them without
importing the tokenizer (jieba) and numpy at Django start-up (issue 7 §8: command start-up)."""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = (
    "婚姻家庭", "劳动纠纷", "交通事故", "债权债务", "刑事辩护",
    "合同纠纷", "房产纠纷", "侵权", "公司法", "医疗纠纷",
    "拆迁安置", "行政诉讼", "建设工程", "知识产权", "综合咨询",
    "人身损害", "涉外法律", "海事海商", "消费权益", "抵押担保",
)  # fmt: skip
