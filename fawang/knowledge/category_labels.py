"""Display names of the dispute categories (J4) in the interface language (L8).

The categories stay Chinese as values (the classifier's labels, stored on FAQ items and in consultation payloads);
only what a page shows is translated. The engine imports no Django, so its names are marked here for makemessages,
and a test keeps this list equal to `engine.categories.CATEGORIES`.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from fawang.knowledge.engine.categories import CATEGORIES

MARKED: tuple[str, ...] = (
    gettext_noop("婚姻家庭"),
    gettext_noop("劳动纠纷"),
    gettext_noop("交通事故"),
    gettext_noop("债权债务"),
    gettext_noop("刑事辩护"),
    gettext_noop("合同纠纷"),
    gettext_noop("房产纠纷"),
    gettext_noop("侵权"),
    gettext_noop("公司法"),
    gettext_noop("医疗纠纷"),
    gettext_noop("拆迁安置"),
    gettext_noop("行政诉讼"),
    gettext_noop("建设工程"),
    gettext_noop("知识产权"),
    gettext_noop("综合咨询"),
    gettext_noop("人身损害"),
    gettext_noop("涉外法律"),
    gettext_noop("海事海商"),
    gettext_noop("消费权益"),
    gettext_noop("抵押担保"),
)


def category_label(category: str) -> str:
    """The category as the active language names it (unknown names come back unchanged)."""
    return gettext(category) if category else category


def category_choices() -> list[tuple[str, str]]:
    """(value, shown name) pairs for forms, evaluated when a form is built so they follow the language."""
    return [(c, category_label(c)) for c in CATEGORIES]
