"""Tokenisation, numerals, expansion and snippets."""

from __future__ import annotations

import pytest

from fawang.knowledge.engine.expansion import expand_query, expansion_terms
from fawang.knowledge.engine.ranking import snippet
from fawang.knowledge.engine.tokenize import article_number, bigrams, chinese_to_int, clean_query, words


@pytest.mark.parametrize(
    "term", ["定金", "违约", "彩礼", "工伤", "抵押", "离婚", "赡养", "诉讼时效", "个体工商户"]
)
def test_legal_terms_survive_segmentation(term: str) -> None:
    assert term in words(f"关于{term}的规定是什么")


def test_stopwords_and_punctuation_dropped() -> None:
    tokens = words("请问，怎么办？是否可以吗")
    assert tokens == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("借钱不还", ["借钱", "钱不", "不还"]), ("甲，乙", ["甲", "乙"]), ("", [])],
)
def test_bigrams(text: str, expected: list[str]) -> None:
    assert bigrams(text) == expected


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("五十四", 54),
        ("一百零五", 105),
        ("一千零七十九", 1079),
        ("两千", 2000),
        ("123", 123),
        ("第", None),
        ("", None),
    ],
)
def test_chinese_to_int(numeral: str, value: int | None) -> None:
    assert chinese_to_int(numeral) == value


@pytest.mark.parametrize(
    ("article", "number"),
    [("第一千零七十九条", 1079), ("第三十条之一", 30), ("第十条", 10), ("附则", None)],
)
def test_article_number(article: str, number: int | None) -> None:
    assert article_number(article) == number


@pytest.mark.parametrize(
    ("query", "implied"),
    [
        ("朋友借钱不还怎么办", "借款"),
        ("被公司辞退了", "解除劳动合同"),
        ("出了车祸", "交通事故"),
        ("房东不退押金", "出租人"),
    ],
)
def test_expansion_adds_legal_terms(query: str, implied: str) -> None:
    assert implied in expansion_terms(query)


def test_expansion_weights_lower_than_user_words() -> None:
    weights = expand_query("借钱不还")
    assert weights["借钱"] == 1.0
    assert 0 < weights["借款"] < 1.0


def test_clean_query_strips_control_characters_and_caps_length() -> None:
    assert clean_query("离\x00婚\x07") == "离 婚 "
    assert len(clean_query("字" * 100_000)) == 1000


def test_snippet_window_and_markers() -> None:
    text = "甲" * 200 + "借款人应当按照约定的期限返还借款。" + "乙" * 200
    out = snippet(text, ["借款", "返还"])
    assert "【借款】" in out
    assert "【返还】" in out
    assert out.startswith("…")
    assert out.endswith("…")
    assert len(out.replace("【", "").replace("】", "")) <= 122


def test_snippet_without_terms_is_prefix() -> None:
    assert snippet("短文本", []) == "短文本"
