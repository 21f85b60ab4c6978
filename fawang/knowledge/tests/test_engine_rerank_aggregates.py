"""Co-citation, chapter prior and candidate provenance features (rerank.py, learned.py)."""

from __future__ import annotations

import numpy as np

from fawang.knowledge.engine import SearchEngine, TrainingExample
from fawang.knowledge.engine.expansion import expand_query
from fawang.knowledge.engine.learned import LearnedSignals
from fawang.knowledge.engine.rerank import (
    CANDIDATES,
    FEATURES,
    Channels,
    QuerySignals,
    cocite_seeds,
    features,
)
from fawang.knowledge.tests.test_engine_search import DOCS


def label(i: int) -> tuple[str, str]:
    return (DOCS[i].law, DOCS[i].article)


def test_cocitation_is_the_smoothed_share_of_questions_citing_both() -> None:
    training = [
        TrainingExample("甲", (label(0), label(3))),
        TrainingExample("乙", (label(0), label(3))),
        TrainingExample("丙", (label(0),)),
    ]
    learned = LearnedSignals.build(DOCS, training)
    together = learned.cocited_with(np.array([0], dtype=np.int32))
    # Article 0 is cited by 3 questions, 2 of them also cite article 3: 2 / (3 + 1).
    assert together[3] == np.float32(0.5)
    assert together[0] == 0  # an article is not its own companion
    assert float(together.sum()) == np.float32(0.5)
    assert not learned.cocited_with(np.array([], dtype=np.int32)).any()


def test_chapter_prior_counts_labels_per_law_and_heading_path() -> None:
    learned = LearnedSignals.build(DOCS, [TrainingExample("甲", (label(0),))])
    assert learned.chapter_prior is not None
    same_chapter = [i for i, d in enumerate(DOCS) if (d.law, d.path) == (DOCS[0].law, DOCS[0].path)]
    others = [i for i in range(len(DOCS)) if i not in same_chapter]
    assert learned.chapter_prior[same_chapter].tolist() == [1.0] * len(same_chapter)
    assert not learned.chapter_prior[others].any()


def _signals(n: int, fused: list[float], d2q: list[float]) -> QuerySignals:
    zero = np.zeros(n, dtype=np.float32)
    f = np.array(fused, dtype=np.float32)
    return QuerySignals(f, 1.0, zero, zero, zero, 0.0, np.array(d2q, dtype=np.float32), 1.0, f, zero, zero)


def test_cocitation_seeds_are_the_best_fused_and_doc2query_articles() -> None:
    sig = _signals(5, [0.9, 0.8, 0.1, 0.0, 0.0], [0.0, 0.0, 0.0, 0.2, 0.7])
    allowed = np.array([True, False, True, True, True])
    everywhere = np.ones(5, dtype=np.bool_)
    assert cocite_seeds(sig, allowed, everywhere, k=1).tolist() == [0, 4]
    assert cocite_seeds(sig, allowed, everywhere, k=2).tolist() == [0, 2, 3, 4]


def test_provenance_features_flag_articles_added_as_neighbours() -> None:
    engine = SearchEngine.build(DOCS)
    ch = Channels(DOCS, engine.word_index, engine.bigram_index)
    n = len(DOCS)
    sig = _signals(n, [0.5] * n, [0.0] * n)
    cand = np.array([0, 1, 2], dtype=np.int64)
    cap = np.log1p(CANDIDATES)
    ranks = np.full((3, 9), cap, dtype=np.float32)
    ranks[0, 0] = np.log1p(0)  # article 0: best of the first channel; 1 and 2 came in as neighbours
    x = features(ch, engine.learned, sig, sig.words, cand, ranks, "借款", expand_query("借款"))
    col = {name: x[:, FEATURES.index(name)].tolist() for name in FEATURES}
    assert col["added_neighbour"] == [0.0, 1.0, 1.0]
    assert col["best_crank"][0] == 0.0
    same_law = DOCS[1].law == DOCS[0].law
    assert col["near1_crank"][1] == (0.0 if same_law else np.float32(cap))
    assert col["near2_crank"][2] == (0.0 if DOCS[2].law == DOCS[0].law else np.float32(cap))
