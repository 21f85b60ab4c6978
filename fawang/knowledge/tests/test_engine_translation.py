"""Question word -> statute word translation (translation.py, K-search lexical gap) on synthetic pairs."""

from __future__ import annotations

import pytest

from fawang.knowledge.engine import TrainingExample
from fawang.knowledge.engine.translation import Translation
from fawang.knowledge.tests.test_engine_search import CIVIL, DOCS, LABOUR

# Lay wording on the left never occurs in the statutes; the cited articles carry the legal words.
PAIRS = [
    TrainingExample("朋友欠钱不还", ((CIVIL, "第六百七十五条"),)),
    TrainingExample("同事欠钱一直拖着", ((CIVIL, "第六百七十五条"),)),
    TrainingExample("亲戚欠钱赖账", ((CIVIL, "第六百六十七条"),)),
    TrainingExample("老板开除我", ((LABOUR, "第三十九条"),)),
    TrainingExample("试用期老板开除", ((LABOUR, "第三十九条"),)),
]


def idf(token: str) -> float:
    return 0.1 if token in {"应当", "的"} else 1.0


@pytest.fixture(scope="module")
def table() -> Translation:
    return Translation.fit(DOCS, PAIRS, idf)


@pytest.mark.parametrize(
    ("question_word", "statute_word"),
    [("欠钱", "借款"), ("开除", "解除"), ("老板", "用人单位")],
)
def test_lay_words_translate_to_statute_words(
    table: Translation, question_word: str, statute_word: str
) -> None:
    row = dict(table.table[question_word])
    assert statute_word in row
    # Only words of the articles cited with it: lay words about loans never reach labour law.
    assert not ({"试用期", "用人单位"} & set(dict(table.table["欠钱"])))


def test_expand_weights_and_unknown_words(table: Translation) -> None:
    expanded = table.expand({"欠钱": 1.0, "没见过的词": 1.0})
    assert max(expanded.values()) == pytest.approx(1.0)
    assert expanded["借款"] > 0
    assert table.expand({"没见过的词": 1.0}) == {}


def test_rare_words_are_shrunk(table: Translation) -> None:
    # 欠钱 is seen in three questions, 赖账 in one: its row is trusted less.
    assert table.table["赖账"][0][1] < table.table["欠钱"][0][1]


def test_no_usable_pairs_gives_an_empty_table() -> None:
    assert Translation.fit(DOCS, [TrainingExample("问题", (("不存在的法", "第一条"),))], idf).table == {}
    assert Translation.fit(DOCS, [], idf).expand({"欠钱": 1.0}) == {}
