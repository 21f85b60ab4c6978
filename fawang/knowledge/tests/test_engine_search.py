"""Search engine behaviour on a small synthetic corpus (no shared data needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fawang.knowledge.engine import Doc, Filters, SearchEngine, TrainingExample

CIVIL = "中华人民共和国民法典"
LABOUR = "中华人民共和国劳动合同法"


def doc(key: str, law: str, short: str, article: str, text: str, **kw: object) -> Doc:
    fields: dict[str, object] = {"path": "", "level": "法律", "current": True, "instrument_key": short, **kw}
    return Doc(key=key, law=law, short=short, article=article, text=text, **fields)  # type: ignore[arg-type]


DOCS = [
    doc(
        "c54",
        CIVIL,
        "民法典",
        "第五十四条",
        "自然人从事工商业经营，经依法登记，为个体工商户。个体工商户可以起字号。",
    ),
    doc(
        "c667",
        CIVIL,
        "民法典",
        "第六百六十七条",
        "借款合同是借款人向贷款人借款，到期返还借款并支付利息的合同。",
    ),
    doc("c675", CIVIL, "民法典", "第六百七十五条", "借款人应当按照约定的期限返还借款。"),
    doc(
        "c1079",
        CIVIL,
        "民法典",
        "第一千零七十九条",
        "夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。",
        path="第五编 婚姻家庭 / 第四章 离婚",
    ),
    doc(
        "l39",
        LABOUR,
        "劳动合同法",
        "第三十九条",
        "劳动者在试用期间被证明不符合录用条件的，用人单位可以解除劳动合同。",
    ),
    doc(
        "l47",
        LABOUR,
        "劳动合同法",
        "第四十七条",
        "经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。",
    ),
    doc("old", "旧借款条例", "旧借款条例", "第一条", "借款应当返还。", current=False),
    doc("reg", "某行政法规", "某行政法规", "第二条", "借款合同应当采用书面形式。", level="行政法规"),
]


@pytest.fixture(scope="module")
def engine() -> SearchEngine:
    return SearchEngine.build(DOCS)


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("谁可以成为个体工商户", "c54"),
        ("借钱不还怎么办", "c675"),
        ("我想离婚，应该去哪里起诉", "c1079"),
        ("试用期被辞退", "l39"),
        ("经济补偿怎么算", "l47"),
    ],
)
def test_ranking_puts_the_answer_first(engine: SearchEngine, query: str, expected_first: str) -> None:
    hits = engine.search(query, top_k=3)
    assert hits
    assert hits[0].key == expected_first


def test_scores_are_descending_and_top_k_respected(engine: SearchEngine) -> None:
    hits = engine.search("借款合同 返还 利息", top_k=2)
    assert len(hits) == 2
    assert hits[0].score >= hits[1].score


@pytest.mark.parametrize(
    ("filters", "allowed"),
    [
        (Filters(), {"c667", "c675", "reg"}),
        (Filters(current_only=False), {"c667", "c675", "reg", "old"}),
        (Filters(levels=frozenset({"行政法规"})), {"reg"}),
        (Filters(instrument_keys=frozenset({"民法典"})), {"c667", "c675"}),
        (Filters(levels=frozenset({"司法解释"})), set()),
    ],
)
def test_filters(engine: SearchEngine, filters: Filters, allowed: set[str]) -> None:
    keys = {h.key for h in engine.search("借款 返还", top_k=50, filters=filters)}
    assert keys <= allowed
    assert keys & allowed == keys
    if allowed:
        assert keys


def test_snippet_marks_matched_terms(engine: SearchEngine) -> None:
    hit = engine.search("个体工商户", top_k=1)[0]
    assert "【个体工商户】" in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\x00\x01\x02",
        "的了吗",
        "？？？！！",
        "\ud800\udfff",
        "a" * 100_000,
        "借款" * 50_000,
        "\ufffe" * 10,
    ],
)
def test_bad_queries_never_raise(engine: SearchEngine, query: str) -> None:
    hits = engine.search(query)
    assert isinstance(hits, list)
    assert len(hits) <= 10


def test_query_matching_nothing_returns_empty(engine: SearchEngine) -> None:
    assert engine.search("量子力学") == []


def test_training_questions_pull_their_articles_up() -> None:
    training = [TrainingExample("朋友欠我钱一直拖着", ((CIVIL, "第六百七十五条"),))] * 3
    engine = SearchEngine.build(DOCS, training=training)
    assert engine.search("朋友欠钱拖着不给 借款", top_k=1)[0].key == "c675"


def test_cache_round_trip(tmp_path: Path) -> None:
    first = SearchEngine.build(DOCS, cache_dir=tmp_path)
    files = list(tmp_path.glob("statute-index-*.npz"))
    assert len(files) == 1
    second = SearchEngine.build(DOCS, cache_dir=tmp_path)
    for query in ("借钱不还", "离婚", "个体工商户"):
        assert first.search(query) == second.search(query)
    changed = [*DOCS[:-1], doc("reg", "某行政法规", "某行政法规", "第二条", "完全不同的内容。")]
    SearchEngine.build(changed, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("statute-index-*.npz"))) == 2


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    SearchEngine.build(DOCS, cache_dir=tmp_path)
    for f in tmp_path.glob("*.npz"):
        f.write_bytes(b"not a zip")
    assert SearchEngine.build(DOCS, cache_dir=tmp_path).search("离婚")[0].key == "c1079"


def test_empty_corpus() -> None:
    assert SearchEngine.build([]).search("离婚") == []
