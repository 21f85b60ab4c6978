"""Second-stage re-ranking (rerank.py) on synthetic data (no shared data needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fawang.knowledge.engine import Filters, SearchEngine, TrainingExample
from fawang.knowledge.engine.rerank import (
    FEATURES,
    Channels,
    Doc2Query,
    LawNames,
    TreeEnsemble,
    local_rank,
    rank_within_law,
)
from fawang.knowledge.tests.test_engine_search import CIVIL, DOCS, LABOUR


def stump(feature: str, threshold: float, low: float, high: float) -> TreeEnsemble:
    """One depth-1 tree splitting on ``feature``: ``low`` at or below the threshold, ``high`` above."""
    return TreeEnsemble(
        feature=np.array([[FEATURES.index(feature)]], dtype=np.int32),
        threshold=np.array([[threshold]], dtype=np.float64),
        leaves=np.array([[low, high]], dtype=np.float32),
        baseline=0.0,
        features=FEATURES,
    )


def test_tree_ensemble_decision() -> None:
    model = stump("words", 0.5, -1.0, 2.0)
    x = np.zeros((3, len(FEATURES)), dtype=np.float32)
    x[:, 0] = [0.2, 0.5, 0.9]
    assert model.decision(x).tolist() == [-1.0, -1.0, 2.0]


def test_tree_ensemble_round_trip(tmp_path: Path) -> None:
    model = stump("law_named", 0.5, 0.0, 3.0)
    path = tmp_path / "ranker.npz"
    with path.open("wb") as fh:
        np.savez(fh, **model.to_arrays())  # type: ignore[arg-type]
    loaded = TreeEnsemble.load(path)
    assert loaded is not None
    x = np.zeros((2, len(FEATURES)), dtype=np.float32)
    x[1, FEATURES.index("law_named")] = 1
    assert loaded.decision(x).tolist() == [0.0, 3.0]


def test_unusable_model_files_are_ignored(tmp_path: Path) -> None:
    assert TreeEnsemble.load(tmp_path / "missing.npz") is None
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    assert TreeEnsemble.load(bad) is None
    other = stump("words", 0.5, 0.0, 1.0)
    other.features = ("something", "else")
    with (tmp_path / "other.npz").open("wb") as fh:
        np.savez(fh, **other.to_arrays())  # type: ignore[arg-type]
    assert TreeEnsemble.load(tmp_path / "other.npz") is None


def test_fitted_ensemble_matches_sklearn() -> None:
    pytest.importorskip("sklearn")
    from fawang.knowledge.engine.rerank import fit_ensemble

    rng = np.random.default_rng(0)
    x = rng.random((600, len(FEATURES)), dtype=np.float32)
    y = ((x[:, 0] + x[:, 3] > 1.0) ^ (rng.random(600) < 0.1)).astype(np.int8)
    model = fit_ensemble(x, y, depth=3)
    assert model.feature.shape[1] == 7
    assert model.leaves.shape[1] == 8
    scores = model.decision(x)
    assert ((scores > 0) == (y == 1)).mean() > 0.85


def test_padded_leaves_keep_their_value() -> None:
    # Depth 2: the root splits on words; its left child is a leaf padded with an always-left node.
    model = TreeEnsemble(
        feature=np.array([[0, 0, 1]], dtype=np.int32),
        threshold=np.array([[0.5, np.inf, 0.5]], dtype=np.float64),
        leaves=np.array([[-1.0, -1.0, 2.0, 4.0]], dtype=np.float32),
        baseline=0.5,
        features=FEATURES,
    )
    x = np.zeros((3, len(FEATURES)), dtype=np.float32)
    x[:, 0] = [0.1, 0.9, 0.9]
    x[:, 1] = [0.9, 0.1, 0.9]
    assert model.decision(x).tolist() == [-0.5, 2.5, 4.5]


def test_law_names_prefer_the_longest_title() -> None:
    names = LawNames(DOCS, {law: i for i, law in enumerate(dict.fromkeys(d.law for d in DOCS))})
    labour = names.find("根据《劳动合同法》试用期可以辞退吗")
    civil = names.find("民法典关于借款的规定")
    assert len(labour) == 1
    assert len(civil) == 1
    assert labour != civil
    assert names.find("没有提到任何法律") == set()


def test_ranks() -> None:
    values = np.array([0.1, 0.9, 0.5], dtype=np.float32)
    assert np.expm1(local_rank(values)).round().tolist() == [2, 0, 1]
    laws = np.array([0, 1, 0], dtype=np.int32)
    assert np.expm1(rank_within_law(values, laws)).round().tolist() == [1, 0, 0]


def test_channels_rm3_and_coverage() -> None:
    engine = SearchEngine.build(DOCS)
    ch = Channels(DOCS, engine.word_index, engine.bigram_index)
    base = np.zeros(len(DOCS), dtype=np.float32)
    base[1] = 1.0  # the loan-contract article
    feedback = ch.rm3(base)
    assert feedback.max() == pytest.approx(1.0)
    assert feedback[2] > 0  # shares 借款 / 返还 with the feedback article
    cover = ch.coverage(engine.word_index, ["借款", "利息"])
    assert cover[1] == pytest.approx(1.0)
    assert 0 < cover[2] < 1


def test_doc2query_scores_labelled_articles() -> None:
    engine = SearchEngine.build(DOCS)
    d2q = Doc2Query.build(
        DOCS, [TrainingExample("老板不给补偿", ((LABOUR, "第四十七条"),))], engine.word_index
    )
    scores = d2q.score({"补偿": 1.0}, len(DOCS))
    assert int(np.argmax(scores)) == 5
    assert Doc2Query.build(DOCS, [], engine.word_index).score({"补偿": 1.0}, len(DOCS)).max() == 0


TRAINING = [TrainingExample("朋友欠我钱一直拖着", ((CIVIL, "第六百七十五条"),))] * 3


def test_reranked_search_respects_model_filters_and_lexical_match() -> None:
    engine = SearchEngine.build(DOCS, training=TRAINING, rerank=False)
    # A model that strongly prefers articles of a law named in the question.
    engine.ranker = stump("law_named", 0.5, -5.0, 5.0)
    hits = engine.search("劳动合同法 借款 经济补偿", top_k=5)
    assert hits[0].key in {"l39", "l47"}
    assert all(0 < h.score <= 1 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    only_regs = engine.search("劳动合同法 借款", top_k=5, filters=Filters(levels=frozenset({"行政法规"})))
    assert [h.key for h in only_regs] == ["reg"]
    assert engine.search("量子力学") == []


def test_fit_ranker_cross_fits_on_training() -> None:
    pytest.importorskip("lightgbm")
    training = [
        TrainingExample("借钱不还", ((CIVIL, "第六百七十五条"),)),
        TrainingExample("借款到期不还钱", ((CIVIL, "第六百七十五条"),)),
        TrainingExample("想离婚去哪起诉", ((CIVIL, "第一千零七十九条"),)),
        TrainingExample("离婚诉讼怎么提起", ((CIVIL, "第一千零七十九条"),)),
        TrainingExample("试用期被辞退", ((LABOUR, "第三十九条"),)),
        TrainingExample("试用期不符合录用条件被解除", ((LABOUR, "第三十九条"),)),
    ] * 20
    engine = SearchEngine.build(DOCS, training=training, rerank=False)
    engine.ranker = engine.fit_ranker(training, folds=2)
    assert engine.ranker.features == FEATURES
    assert engine.search("借钱一直不还", top_k=1)[0].key == "c675"


def test_lexical_path_works_without_the_second_stage() -> None:
    engine = SearchEngine.build(DOCS, training=TRAINING, rerank=False)
    assert engine.ranker is None
    assert engine.search("朋友欠钱拖着不给 借款", top_k=1)[0].key == "c675"


def test_cascade_scores_the_best_head_rows_with_all_trees() -> None:
    # Tree 0 (the head) prefers high "words"; tree 1 prefers high "bigrams".
    model = TreeEnsemble(
        feature=np.array([[FEATURES.index("words")], [FEATURES.index("bigrams")]], dtype=np.int32),
        threshold=np.array([[0.5], [0.5]], dtype=np.float64),
        leaves=np.array([[0.0, 1.0], [0.0, 5.0]], dtype=np.float32),
        baseline=0.0,
        features=FEATURES,
    )
    x = np.zeros((4, len(FEATURES)), dtype=np.float32)
    x[:, FEATURES.index("words")] = [0.9, 0.8, 0.1, 0.2]
    x[:, FEATURES.index("bigrams")] = [0.0, 0.9, 0.9, 0.0]
    assert model.decision(x).tolist() == [1.0, 6.0, 5.0, 0.0]
    out = model.cascade(x, head=1, keep=2)
    # Rows 0 and 1 pass the head; row 2 would score 5 with every tree but stays below them.
    assert out[1] > out[0] > max(out[2], out[3])
    assert out[:2].tolist() == [1.0, 6.0]
    assert model.cascade(x, head=1, keep=10).tolist() == model.decision(x).tolist()


def test_lightgbm_trees_are_flattened_exactly() -> None:
    lgb = pytest.importorskip("lightgbm")
    from fawang.knowledge.engine.rerank import _from_lightgbm

    rng = np.random.default_rng(0)
    x = rng.random((400, len(FEATURES)), dtype=np.float32)
    y = ((x[:, 0] + x[:, 3] * x[:, 5]) > 0.9).astype(np.int8)
    model = lgb.LGBMRanker(
        n_estimators=20, max_depth=3, num_leaves=8, min_child_samples=5, verbose=-1, label_gain=[0, 1]
    ).fit(x, y, group=[40] * 10)
    flat = _from_lightgbm(model.booster_.dump_model(), 3)
    assert np.allclose(flat.decision(x), model.predict(x, raw_score=True), atol=1e-4)


def test_candidates_union_and_capped_channel_ranks() -> None:
    from fawang.knowledge.engine.rerank import CHANNELS, QuerySignals, candidates

    zero = np.zeros(5, dtype=np.float32)
    words = np.array([0.9, 0.5, 0.0, 0.1, 0.0], dtype=np.float32)
    other = np.array([0.0, 0.2, 0.0, 0.8, 0.7], dtype=np.float32)
    sig = QuerySignals(words, 1.0, other, zero, zero, 0.0, zero, 0.0, words, zero, zero)
    allowed = np.array([True, True, True, True, False])
    cand, ranks = candidates(sig, zero, allowed, per_channel=2)
    assert cand.tolist() == [0, 1, 3]  # 4 is not allowed; 3 comes from the bigram channel
    ranks = np.expm1(ranks).round()
    assert ranks[:, CHANNELS.index("words")].tolist() == [0, 1, 2]  # 3 is outside words' top 2
    assert ranks[:, CHANNELS.index("bigrams")].tolist() == [2, 1, 0]


def test_adjacent_articles_stay_within_the_law() -> None:
    engine = SearchEngine.build(DOCS)
    ch = Channels(DOCS, engine.word_index, engine.bigram_index)
    values = np.arange(len(DOCS), dtype=np.float32)
    # c1079 (3) and l39 (4) are neighbours in the list but belong to different laws.
    assert ch.adjacent(values, np.array([0, 3, 4], dtype=np.int64)).tolist() == [1.0, 2.0, 5.0]


def test_neighbour_candidates_of_top_ranked_seeds_stay_within_the_law() -> None:
    from fawang.knowledge.engine.rerank import with_neighbours

    laws = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1], dtype=np.int32)
    where = np.ones(laws.size, dtype=np.bool_)
    where[1] = False  # filtered out: never added
    cand = np.array([3, 7], dtype=np.int64)
    ranks = np.log1p(np.array([[0, 300], [300, 50]], dtype=np.float32))
    out, out_ranks = with_neighbours(cand, ranks, laws, where, top=10, reach=2, per_channel=300)
    # Only 3 ranks in some channel's top 10; 5 is two steps away but in another law.
    assert out.tolist() == [2, 3, 4, 7]
    assert np.expm1(out_ranks).round().tolist() == [[300, 300], [0, 300], [300, 300], [300, 50]]
    same, same_ranks = with_neighbours(cand, ranks, laws, where, top=0)
    assert same is cand
    assert same_ranks is ranks
