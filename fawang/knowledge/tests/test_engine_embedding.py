"""Non-lexical channel (embedding.py): randomized SVD, article vectors, question-word vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from fawang.knowledge.engine import SearchEngine, TrainingExample
from fawang.knowledge.engine import search as search_module
from fawang.knowledge.engine.embedding import (
    SMOOTHING,
    ArticleVectors,
    QuestionEmbedding,
    randomized_svd,
)
from fawang.knowledge.engine.index import BM25Index
from fawang.knowledge.engine.rerank import CHANNELS, QuerySignals, candidates
from fawang.knowledge.tests.test_engine_search import CIVIL, DOCS, LABOUR


def low_rank(rows: int, cols: int, rank: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    scales = np.geomspace(10.0, 1.0, rank)
    return (rng.standard_normal((rows, rank)) * scales) @ rng.standard_normal((rank, cols))


@pytest.mark.parametrize(
    ("rows", "cols", "rank", "k", "sparse"),
    [
        (200, 120, 6, 6, False),  # randomized path, exact rank
        (200, 120, 6, 4, True),  # randomized path on a sparse matrix, fewer than the rank
        (20, 15, 3, 3, False),  # small matrix: exact SVD
        (10, 5, 5, 9, False),  # k above the smaller side is capped
    ],
)
def test_randomized_svd_finds_the_leading_subspace(
    rows: int, cols: int, rank: int, k: int, sparse: bool
) -> None:
    x = low_rank(rows, cols, rank, seed=rows + k)
    u, s = randomized_svd(sp.csr_matrix(x) if sparse else x, k, seed=1)
    expected = np.linalg.svd(x, compute_uv=False)[: min(k, rows, cols)]
    assert s.shape == expected.shape
    assert np.allclose(s, expected, rtol=1e-6)
    assert np.allclose(u.T @ u, np.eye(u.shape[1]), atol=1e-8)  # orthonormal columns
    # The columns span the leading left singular subspace: projecting onto them keeps that part of x.
    exact_u = np.linalg.svd(x, full_matrices=False)[0][:, : s.size]
    assert np.allclose(u @ (u.T @ exact_u), exact_u, atol=1e-6)


def test_randomized_svd_of_nothing() -> None:
    u, s = randomized_svd(np.zeros((4, 3)), 0)
    assert u.shape == (4, 0)
    assert s.shape == (0,)


def corpus_index(texts: list[list[str]]) -> BM25Index:
    return BM25Index.build(texts)


def test_article_vectors_group_articles_by_shared_context() -> None:
    # 0-2 are about loans, 3-5 about dismissal; 0 and 2 share no word but share context with 1.
    index = corpus_index(
        [
            ["借款", "利息", "借据"],
            ["借款", "利息", "返还", "借据", "逾期"],
            ["返还", "逾期", "借据"],
            ["解除", "试用期", "用人单位"],
            ["解除", "用人单位", "经济补偿", "试用期"],
            ["经济补偿", "工资", "用人单位"],
            ["离婚", "调解"],
            ["离婚", "调解", "诉讼"],
        ]
    )
    vectors = ArticleVectors.build(index, dims=3).vectors
    assert vectors.shape == (8, 3)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    sims = vectors @ vectors.T
    assert sims[0, 2] > sims[0, 3]
    assert sims[0, 2] > sims[0, 5]
    assert sims[3, 5] > sims[3, 1]


def test_article_vectors_round_trip_and_empty_index() -> None:
    vectors = ArticleVectors(np.eye(3, dtype=np.float32))
    again = ArticleVectors.from_arrays(vectors.to_arrays())
    assert np.array_equal(again.vectors, vectors.vectors)
    assert again.dims == 3
    # No word occurs in two articles: nothing to learn from, zero dimensions.
    assert ArticleVectors.build(corpus_index([["甲"], ["乙"]])).dims == 0


# Article vectors chosen by hand: c667 / c675 (loans) close together, l39 / l47 (labour) together.
HAND = np.zeros((len(DOCS), 3), dtype=np.float32)
HAND[[1, 2], 0] = 1.0  # c667, c675
HAND[[4, 5], 1] = 1.0  # l39, l47
HAND[[0, 3, 6, 7], 2] = 1.0


def test_question_words_map_to_the_cited_articles_region() -> None:
    training = [
        TrainingExample("朋友欠钱不还", ((CIVIL, "第六百七十五条"),)),
        TrainingExample("亲戚欠钱赖账", ((CIVIL, "第六百七十五条"),)),
        TrainingExample("老板开除我", ((LABOUR, "第三十九条"),)),
        TrainingExample("不在语料里的条文", (("某法", "第一条"),)),  # ignored: no such article
    ]
    emb = QuestionEmbedding.fit(ArticleVectors(HAND), DOCS, training)
    row = emb.table[emb.vocab["欠钱"]]
    # Two questions with 欠钱, both citing c675 (vector e0): 2 x e0 / (2 + smoothing).
    assert np.allclose(row, [2 / (2 + SMOOTHING), 0, 0])
    assert "条文" not in emb.vocab
    scores = emb.score({"欠钱": 1.0})
    # c667 was never cited and shares no word with the question, yet it is reached through c675.
    assert scores[1] == pytest.approx(1.0)
    assert scores[2] == pytest.approx(1.0)
    assert scores[[0, 3, 4, 5, 6, 7]].max() == 0
    labour = emb.score({"开除": 1.0})
    assert int(np.argmax(labour)) in {4, 5}
    assert labour[5] == pytest.approx(1.0)
    # Unknown words give no vector and no scores.
    assert emb.score({"量子": 1.0}).max() == 0
    assert not emb.encode({"量子": 1.0}).any()


def test_candidates_from_non_lexical_channels_need_no_lexical_match() -> None:
    zero = np.zeros(5, dtype=np.float32)
    words = np.array([0.9, 0.5, 0.0, 0.0, 0.0], dtype=np.float32)
    embedding = np.array([0.1, 0.0, 0.8, 0.0, 0.9], dtype=np.float32)
    sig = QuerySignals(words, 1.0, zero, zero, zero, 0.0, zero, 0.0, words, zero, embedding)
    lexical = words > 0
    mask = np.array([True, True, True, True, False])
    cand, ranks = candidates(sig, zero, lexical & mask, per_channel=2, anywhere=mask)
    assert cand.tolist() == [0, 1, 2]  # 2 only through the embedding; 4 is outside the mask
    assert np.expm1(ranks[:, CHANNELS.index("embedding")]).round().tolist() == [1, 2, 0]
    # Without ``anywhere`` every channel keeps to the lexical matches.
    assert candidates(sig, zero, lexical & mask, per_channel=2)[0].tolist() == [0, 1]
    # The embedding channel has its own, smaller, cut.
    cut = candidates(sig, zero, lexical, per_channel=2, anywhere=np.ones(5, bool), per_channel_embedding=1)
    assert cut[0].tolist() == [0, 1, 4]


TRAINING = [
    TrainingExample("朋友欠钱不还", ((CIVIL, "第六百七十五条"),)),
    TrainingExample("同事欠钱拖着", ((CIVIL, "第六百六十七条"),)),
    TrainingExample("老板开除我", ((LABOUR, "第三十九条"),)),
]


def test_engine_caches_article_vectors_in_the_index_file(tmp_path: Path) -> None:
    first = SearchEngine.build(DOCS, training=TRAINING, cache_dir=tmp_path, rerank=False)
    assert first.article_vectors is not None
    assert first.learned.embedding is not None
    files = list(tmp_path.iterdir())
    assert len(files) == 1  # one cache file per corpus, vectors included
    stamp = files[0].stat().st_mtime_ns
    again = SearchEngine.build(DOCS, training=TRAINING, cache_dir=tmp_path, rerank=False)
    assert again.article_vectors is not None
    assert np.array_equal(again.article_vectors.vectors, first.article_vectors.vectors)
    assert files[0].stat().st_mtime_ns == stamp  # read, not rewritten


def test_cached_vectors_of_another_version_are_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An index cached without training examples has no vectors: they are added to the same file.
    SearchEngine.build(DOCS, cache_dir=tmp_path)
    (path,) = tmp_path.iterdir()
    assert "e_vectors" not in np.load(path).files
    first = SearchEngine.build(DOCS, training=TRAINING, cache_dir=tmp_path, rerank=False)
    assert "e_vectors" in np.load(path).files
    monkeypatch.setattr(search_module, "EMBEDDING_VERSION", "other")
    stamp = path.stat().st_mtime_ns
    rebuilt = SearchEngine.build(DOCS, training=TRAINING, cache_dir=tmp_path, rerank=False)
    assert rebuilt.article_vectors is not None
    assert first.article_vectors is not None
    assert np.allclose(np.abs(rebuilt.article_vectors.vectors), np.abs(first.article_vectors.vectors))
    assert path.stat().st_mtime_ns != stamp
    assert np.load(path)["e_version"].tolist() == ["other"]


def test_engine_without_training_has_no_embedding() -> None:
    engine = SearchEngine.build(DOCS)
    assert engine.learned.embedding is None
    assert engine.search("借款 返还", top_k=1)[0].key in {"c675", "c667"}
