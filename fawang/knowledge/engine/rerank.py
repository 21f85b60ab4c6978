"""Second-stage learning-to-rank over candidates from several first-stage channels.

Channels (each a dense per-article score array): word BM25 on the expanded query, character-bigram
BM25, the training-question signals of ``learned.py``, a doc2query field (training questions appended
to the articles they cite), RM3 pseudo-relevance feedback, a BM25 over "short title + heading path",
the laws named in the question, translation (``translation.py``), the question-word embedding
(``embedding.py``) and co-citation with the best hits (``learned.py``); the same-law neighbours of
strong candidates join them (``with_neighbours``, ADR 0091). The union of every channel's top
``CANDIDATES`` articles (fewer for the embedding and co-citation) is scored by a small
gradient-boosted tree ensemble (``data/ranker.npz``) over per-candidate features. Lexical channels
draw from the articles that share a word with the question; the ``NON_LEXICAL`` ones (nearest
training questions, doc2query, embedding, co-citation) from every allowed article.

The ensemble is fitted offline on STARD train only, with cross-fitting: the learned signals used to
compute a training question's features come from the other folds, so an article's doc2query text and
priors never contain the question being trained on (see ``bench/search_eval.py --fit-ranker``).
Inference is numpy only; scikit-learn is needed for fitting, not for searching. Without the model
file, or with a model whose feature list differs, the engine keeps its hand-weighted fusion.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from fawang.knowledge.engine.index import F32, I32, BM25Index
from fawang.knowledge.engine.learned import LearnedSignals
from fawang.knowledge.engine.tokenize import DATA_DIR, bigrams, words
from fawang.knowledge.engine.types import Doc, TrainingExample

log = logging.getLogger(__name__)

RANKER_FILE = DATA_DIR / "ranker.npz"
CANDIDATES = 300  # per channel
RANK_CAP = 1000.0
RM3_DOCS = 10
RM3_TERMS = 20
CASCADE_HEAD = 40  # trees scored on every candidate
CASCADE_KEEP = 200  # candidates that get the rest of the trees
LEVELS = {"宪法": 0, "法律": 1, "司法解释": 2, "行政法规": 3, "部门规章": 4}

FEATURES: tuple[str, ...] = (
    "words", "bigrams", "law_prior", "article_prior", "law_affinity", "neighbours", "doc2query",
    "rm3", "path", "law_named", "any_law_named", "law_max_words", "law_sum_neighbours",
    "rank_words", "rank_bigrams", "rank_neighbours", "rank_doc2query", "doc_length", "rank_fused",
    "query_strength", "neighbours_spread", "word_coverage", "bigram_coverage", "question_similarity",
    "query_length", "level", "rank_in_law", "doc2query_strength", "law_max_doc2query",
    # Ranks among all allowed lexical matches of each channel, capped at CANDIDATES.
    "crank_words", "crank_bigrams", "crank_neighbours", "crank_doc2query", "crank_rm3", "crank_fused",
    # Neighbouring articles (same law, previous / next) and more law-level evidence.
    "adjacent_words", "adjacent_doc2query", "law_candidates", "law_max_bigrams", "law_max_fused",
    # Question words translated to statute words (translation.py).
    "translation", "crank_translation", "law_max_translation",
    # Non-lexical channel (embedding.py) and whether the article matched the question lexically.
    "embedding", "crank_embedding", "law_max_embedding", "rank_embedding", "lexical",
    # Co-citation with the strongest hits, chapter and instrument aggregates, neighbour provenance.
    "cocite", "crank_cocite", "chapter_prior", "chapter_max_fused", "chapter_max_doc2query",
    "chapter_candidates", "law_rank", "law_top3_fused", "law_share_fused", "best_crank",
    "added_neighbour", "near1_crank", "near2_crank",
)  # fmt: skip
CHANNELS = (
    "words", "bigrams", "neighbours", "doc2query", "rm3", "fused", "translation", "embedding", "cocite",
)  # fmt: skip
# Channels learned from training questions or article vectors: their candidates need not share a
# word with the question (the generic articles that every lexical channel misses).
NON_LEXICAL = frozenset({"neighbours", "doc2query", "embedding", "cocite"})
EMBEDDING_CANDIDATES = 100
COCITE_CANDIDATES = 50
COCITE_SEEDS = 5  # best articles of the fused and of the doc2query channel
NEIGHBOUR_TOP = 100  # add the same-law neighbours of candidates ranked above this in some channel (0: off)
NEIGHBOUR_REACH = 2  # article positions on each side


def _unit(values: F32) -> F32:
    top = float(values.max()) if values.size else 0.0
    return values / np.float32(top) if top > 0 else values


@dataclass
class TreeEnsemble:
    """Gradient-boosted trees (binary log-loss) stored as complete binary trees of equal depth.

    Tree t's inner node at heap position p (children 2p+1 and 2p+2) sends a row right when
    ``x[feature[t, p]] > threshold[t, p]``; shallower leaves are padded with always-left nodes
    (threshold +inf). ``leaves[t, i]`` is the value of leaf i (left to right). Evaluation is one
    vectorised step per level over all candidates and trees at once."""

    feature: I32  # (trees, 2**depth - 1)
    threshold: npt.NDArray[np.float64]  # (trees, 2**depth - 1)
    leaves: F32  # (trees, 2**depth)
    baseline: float
    features: tuple[str, ...]

    @property
    def depth(self) -> int:
        return int(self.leaves.shape[1]).bit_length() - 1

    def decision(self, x: F32) -> F32:
        """Raw score for each row of ``x`` (n_rows x n_features)."""
        return self.partial(x, 0, self.feature.shape[0]) + np.float32(self.baseline)

    def cascade(self, x: F32, *, head: int = CASCADE_HEAD, keep: int = CASCADE_KEEP) -> F32:
        """``decision`` for the ``keep`` rows that the first ``head`` trees rank best; the other rows
        get their head score minus a margin, so they stay below (in their head order). Boosting adds
        trees that refine the earlier ones, so the head alone is a good cheap first cut."""
        n_trees = self.feature.shape[0]
        if x.shape[0] <= keep or n_trees <= head:
            return self.decision(x)
        score = self.partial(x, 0, head)
        top = np.argpartition(-score, keep - 1)[:keep]
        full = score[top] + self.partial(x[top], head, n_trees)
        out = score - np.float32(float(score.max()) - float(full.min()) + 1.0)
        out[top] = full
        return out + np.float32(self.baseline)

    def partial(self, x: F32, start: int, stop: int) -> F32:
        """Sum of the leaf values of trees ``start`` to ``stop`` (no baseline)."""
        n = x.shape[0]
        n_trees = stop - start
        if n == 0 or n_trees <= 0:
            return np.zeros(n, dtype=np.float32)
        feature, threshold = self._flat()
        flat = np.ascontiguousarray(np.nan_to_num(x, nan=0.0), dtype=np.float32).ravel()
        n_inner = self.feature.shape[1]
        trees = np.arange(start, stop, dtype=np.intp)
        tree_base = (trees * n_inner)[None, :]
        row_base = (np.arange(n, dtype=np.intp) * x.shape[1])[:, None]
        idx = np.zeros((n, n_trees), dtype=np.intp)
        for level in range(self.depth):
            node = idx + (tree_base + (2**level - 1))
            right = flat.take(row_base + feature.take(node)) > threshold.take(node)
            idx = 2 * idx + right
        leaves = self.leaves.ravel().take(idx + (trees * (n_inner + 1))[None, :])
        total: F32 = leaves.sum(axis=1, dtype=np.float32)
        return total

    def _flat(self) -> tuple[npt.NDArray[np.intp], F32]:
        """Flattened split features and float32 thresholds rounded down, so that for float32 x
        ``x > threshold32`` holds exactly when ``x > threshold64``."""
        cached = self.__dict__.get("_flat_cache")
        if cached is None:
            thr64 = self.threshold.ravel()
            thr32 = thr64.astype(np.float32)
            thr32 = np.where(thr32 > thr64, np.nextafter(thr32, np.float32(-np.inf)), thr32)
            cached = (self.feature.ravel().astype(np.intp), thr32.astype(np.float32))
            self.__dict__["_flat_cache"] = cached
        return cached

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        return {
            "feature": self.feature,
            "threshold": self.threshold,
            "leaves": self.leaves,
            "baseline": np.array([self.baseline], dtype=np.float64),
            "features": np.array(self.features, dtype=np.str_),
        }

    @classmethod
    def load(cls, path: Path = RANKER_FILE) -> TreeEnsemble | None:
        """The shipped model, or None when absent, unreadable or fitted on other features."""
        if not path.exists():
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            model = cls(
                feature=arrays["feature"].astype(np.int32),
                threshold=arrays["threshold"].astype(np.float64),
                leaves=arrays["leaves"].astype(np.float32),
                baseline=float(arrays["baseline"][0]),
                features=tuple(str(f) for f in arrays["features"].tolist()),
            )
            inner = model.feature.shape[1]
            if model.leaves.shape[1] != inner + 1 or model.threshold.shape != model.feature.shape:
                raise ValueError("inconsistent tree shapes")
        except (OSError, ValueError, KeyError, IndexError) as exc:
            log.warning("ignoring unreadable ranker model %s: %s", path, exc)
            return None
        if model.features != FEATURES or int(model.feature.max(initial=0)) >= len(FEATURES):
            log.warning("ignoring ranker model %s: fitted on other features", path)
            return None
        return model


class LawNames:
    """Finds laws named in a question (《劳动合同法》, 民法典, 刑法 …) from the corpus's own titles."""

    def __init__(self, docs: Sequence[Doc], law_ids: dict[str, int]) -> None:
        names: dict[str, set[int]] = defaultdict(set)
        for d in docs:
            law = law_ids[d.law]
            for title in {d.law, d.short}:
                bare = re.sub(r"[（(][^）)]*[）)]$", "", title)
                for name in (title, bare, bare.removeprefix("中华人民共和国")):
                    if 2 <= len(name) <= 40:
                        names[name].add(law)
        self.laws = {name: frozenset(ids) for name, ids in names.items()}
        lengths: dict[str, set[int]] = defaultdict(set)
        for name in names:
            lengths[name[:2]].add(len(name))
        self._lengths = {first: tuple(sorted(ls, reverse=True)) for first, ls in lengths.items()}

    def find(self, text: str) -> set[int]:
        """Law ids whose title occurs in ``text``; longer titles win over the titles they contain
        (民法典 inside 《中华人民共和国民法典》 is not counted again)."""
        matches: list[tuple[int, int]] = []  # (-length, start)
        for start in range(len(text) - 1):
            for length in self._lengths.get(text[start : start + 2], ()):
                if start + length <= len(text) and text[start : start + length] in self.laws:
                    matches.append((-length, start))
        found: set[int] = set()
        taken = np.zeros(len(text), dtype=np.bool_)
        for neg, start in sorted(matches):
            end = start - neg
            if not taken[start:end].any():
                taken[start:end] = True
                found |= self.laws[text[start:end]]
        return found


class Doc2Query:
    """BM25 over the training questions appended to the articles they cite (idf from the corpus)."""

    def __init__(self, index: BM25Index | None, doc_ids: I32) -> None:
        self.index = index
        self.doc_ids = doc_ids

    @classmethod
    def build(
        cls, docs: Sequence[Doc], training: Sequence[TrainingExample], idf_from: BM25Index
    ) -> Doc2Query:
        positions: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, d in enumerate(docs):
            positions[(d.law, d.article)].append(i)
        tokens: dict[int, list[str]] = defaultdict(list)
        for ex in training:
            question = words(ex.question)
            for label in ex.labels:
                for i in positions.get(label, []):
                    tokens[i].extend(question)
        ids = np.array(sorted(tokens), dtype=np.int32)
        if not ids.size:
            return cls(None, ids)
        return cls(BM25Index.build([tokens[int(i)] for i in ids], idf_from=idf_from), ids)

    def score(self, query: dict[str, float], n_docs: int) -> F32:
        out = np.zeros(n_docs, dtype=np.float32)
        if self.index is not None:
            out[self.doc_ids] = self.index.score(query)
        return out


class Channels:
    """Corpus-side structures for the candidate channels and features (built in about a second)."""

    def __init__(self, docs: Sequence[Doc], word_index: BM25Index, bigram_index: BM25Index) -> None:
        self.n_docs = len(docs)
        self.word_index = word_index
        self.bigram_index = bigram_index
        law_ids: dict[str, int] = {}
        self.law_of_doc = np.array([law_ids.setdefault(d.law, len(law_ids)) for d in docs], dtype=np.int32)
        self.n_laws = len(law_ids)
        self.law_names = LawNames(docs, law_ids)
        self.level = np.array([LEVELS.get(d.level, 5) for d in docs], dtype=np.float32)
        self.doc_length = np.log1p(np.array([len(d.text) for d in docs], dtype=np.float32))
        self._same_prev = self.law_of_doc[1:] == self.law_of_doc[:-1]
        paths: dict[str, int] = {}
        self.path_of_doc = np.array(
            [paths.setdefault(f"{d.short} {d.path}", len(paths)) for d in docs], dtype=np.int32
        )
        self.path_index = BM25Index.build([words(p) for p in paths], idf_from=word_index)
        # Forward view of the word index (doc -> terms, weights) for pseudo-relevance feedback.
        n_terms = len(word_index.vocab)
        term_of_posting = np.repeat(np.arange(n_terms, dtype=np.int32), np.diff(word_index.indptr))
        order = np.argsort(word_index.postings, kind="stable")
        self.fwd_terms = term_of_posting[order]
        self.fwd_weights = word_index.weights[order]
        self.fwd_ptr = np.zeros(self.n_docs + 1, dtype=np.int64)
        np.cumsum(np.bincount(word_index.postings, minlength=self.n_docs), out=self.fwd_ptr[1:])
        self.terms = np.array(sorted(word_index.vocab, key=word_index.vocab.__getitem__), dtype=np.str_)

    def rm3(self, base: F32) -> F32:
        """Re-query the word index with the top terms of the best ``RM3_DOCS`` articles."""
        k = min(RM3_DOCS, self.n_docs)
        top = np.argpartition(-base, k - 1)[:k] if k < self.n_docs else np.arange(self.n_docs)
        top = top[base[top] > 0]
        if not top.size:
            return np.zeros(self.n_docs, dtype=np.float32)
        spans = [np.arange(self.fwd_ptr[i], self.fwd_ptr[i + 1]) for i in top]
        idx = np.concatenate(spans)
        weights = self.fwd_weights[idx].astype(np.float64)
        totals = np.array([self.fwd_weights[s].sum() for s in spans], dtype=np.float64)
        doc_weight = np.repeat(
            base[top].astype(np.float64) / np.maximum(totals, 1e-9), [s.size for s in spans]
        )
        mass = np.bincount(self.fwd_terms[idx], weights=weights * doc_weight)
        nz = np.flatnonzero(mass)
        if not nz.size:
            return np.zeros(self.n_docs, dtype=np.float32)
        best = nz[np.argsort(-mass[nz], kind="stable")[:RM3_TERMS]]
        peak = float(mass[best[0]])
        query = {str(self.terms[j]): float(mass[j]) / peak for j in best}
        return _unit(self.word_index.score(query))

    def coverage(self, index: BM25Index, tokens: Sequence[str]) -> F32:
        """Idf-weighted share of the query's distinct tokens found in each article."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        total = 0.0
        n = float(index.n_docs)
        for token in set(tokens):
            j = index.vocab.get(token)
            if j is None:
                continue
            lo, hi = int(index.indptr[j]), int(index.indptr[j + 1])
            df = float(hi - lo)
            idf = float(np.log1p((n - df + 0.5) / (df + 0.5)))
            out[index.postings[lo:hi]] += np.float32(idf)
            total += idf
        return out / np.float32(total) if total > 0 else out

    def adjacent(self, values: F32, cand: npt.NDArray[np.int64]) -> F32:
        """Best value among each candidate's previous and next article of the same law."""
        out = np.zeros(cand.size, dtype=np.float32)
        has_prev = cand > 0
        prev = cand[has_prev] - 1
        out[has_prev] = np.where(self._same_prev[prev], values[prev], 0)
        has_next = cand < self.n_docs - 1
        nxt = cand[has_next] + 1
        out[has_next] = np.maximum(out[has_next], np.where(self._same_prev[nxt - 1], values[nxt], 0))
        return out

    def spread(self, values: F32) -> F32:
        out = values.copy()
        same = self._same_prev
        out[:-1] = np.maximum(out[:-1], np.where(same, values[1:] * 0.5, 0))
        out[1:] = np.maximum(out[1:], np.where(same, values[:-1] * 0.5, 0))
        return out


def local_rank(values: F32) -> F32:
    """log(1 + rank) of each value among the candidates (0 = best), capped at ``RANK_CAP``."""
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(values.size, dtype=np.float32)
    ranks[order] = np.arange(values.size, dtype=np.float32)
    return np.log1p(np.minimum(ranks, RANK_CAP)).astype(np.float32)


def rank_within_law(values: F32, laws: I32) -> F32:
    order = np.lexsort((-values, laws))
    sorted_laws = laws[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_laws)) + 1]
    sizes = np.diff(np.r_[starts, laws.size])
    ranks = np.empty(values.size, dtype=np.float32)
    ranks[order] = np.arange(laws.size) - np.repeat(starts, sizes)
    return np.log1p(ranks).astype(np.float32)


@dataclass
class QuerySignals:
    """Dense channel scores for one query, before candidate selection."""

    words: F32
    words_raw_max: float
    bigrams: F32
    law_affinity: F32
    neighbours: F32
    question_similarity: float
    doc2query: F32
    doc2query_raw_max: float
    fused: F32
    translation: F32
    embedding: F32
    cocite: F32 | None = None  # set once the seeds are known (cocite_seeds)


def candidates(
    sig: QuerySignals,
    rm3: F32,
    allowed: npt.NDArray[np.bool_],
    per_channel: int = CANDIDATES,
    anywhere: npt.NDArray[np.bool_] | None = None,
    per_channel_embedding: int = EMBEDDING_CANDIDATES,
) -> tuple[npt.NDArray[np.int64], F32]:
    """Union of each channel's top ``per_channel`` (``per_channel_embedding`` for the embedding)
    among ``allowed`` articles (lexical matches), or among ``anywhere`` for the ``NON_LEXICAL``
    channels when given, and each candidate's rank in every channel (candidates x CHANNELS,
    log(1 + rank), rank capped at ``per_channel``: an article outside a channel's top list ranks
    below all of it)."""
    tops: list[npt.NDArray[np.int64]] = []
    values_of = {
        "words": sig.words,
        "bigrams": sig.bigrams,
        "neighbours": sig.neighbours,
        "doc2query": sig.doc2query,
        "rm3": rm3,
        "fused": sig.fused,
        "translation": sig.translation,
        "embedding": sig.embedding,
        "cocite": sig.cocite if sig.cocite is not None else np.zeros_like(sig.words),
    }
    for name in CHANNELS:
        values = values_of[name]
        where = anywhere if anywhere is not None and name in NON_LEXICAL else allowed
        limit = {"embedding": per_channel_embedding, "cocite": COCITE_CANDIDATES}.get(name, per_channel)
        nz = np.flatnonzero(where & (values > 0))
        if nz.size > limit:
            nz = nz[np.argpartition(-values[nz], limit - 1)[:limit]]
        tops.append(nz[np.argsort(-values[nz], kind="stable")].astype(np.int64))
    cand = np.unique(np.concatenate(tops))
    ranks = np.full((cand.size, len(tops)), np.float32(per_channel), dtype=np.float32)
    for j, top in enumerate(tops):
        if top.size:
            ranks[np.searchsorted(cand, top), j] = np.arange(top.size, dtype=np.float32)
    return cand, np.log1p(ranks)


def cocite_seeds(
    sig: QuerySignals, allowed: npt.NDArray[np.bool_], anywhere: npt.NDArray[np.bool_], k: int = COCITE_SEEDS
) -> npt.NDArray[np.int32]:
    """The ``k`` best articles of the fused channel (within ``allowed``) and of doc2query (within
    ``anywhere``): the hits whose usual companions the co-citation channel looks up."""
    seeds: list[npt.NDArray[np.int64]] = []
    for values, where in ((sig.fused, allowed), (sig.doc2query, anywhere)):
        nz = np.flatnonzero(where & (values > 0))
        if nz.size > k:
            nz = nz[np.argpartition(-values[nz], k - 1)[:k]]
        seeds.append(nz)
    return np.unique(np.concatenate(seeds)).astype(np.int32)


def with_neighbours(
    cand: npt.NDArray[np.int64],
    channel_ranks: F32,
    law_of_doc: I32,
    where: npt.NDArray[np.bool_],
    top: int = NEIGHBOUR_TOP,
    reach: int = NEIGHBOUR_REACH,
    per_channel: int = CANDIDATES,
) -> tuple[npt.NDArray[np.int64], F32]:
    """Add the articles up to ``reach`` positions before / after (same law, within ``where``) of the
    candidates that rank in the top ``top`` of some channel: a cited article often sits next to the
    one the question matches. Added articles rank below every channel's list."""
    if top <= 0 or not cand.size:
        return cand, channel_ranks
    seeds = cand[channel_ranks.min(axis=1) < np.float32(np.log1p(top))]
    near = [seeds + k for k in range(-reach, reach + 1) if k]
    extra = np.unique(np.concatenate(near)) if near else np.zeros(0, np.int64)
    extra = extra[(extra >= 0) & (extra < law_of_doc.size)]
    # Same law as the seed it was reached from: the walk stops at the law's boundary.
    seed_law = np.zeros(extra.size, dtype=np.bool_)
    for k in range(1, reach + 1):
        for sign in (-1, 1):
            src = extra - sign * k
            ok = (src >= 0) & (src < law_of_doc.size)
            hit = np.zeros(extra.size, dtype=np.bool_)
            hit[ok] = np.isin(src[ok], seeds) & (law_of_doc[src[ok]] == law_of_doc[extra[ok]])
            seed_law |= hit
    extra = extra[seed_law & where[extra]]
    extra = np.setdiff1d(extra, cand, assume_unique=True)
    if not extra.size:
        return cand, channel_ranks
    merged = np.concatenate([cand, extra])
    order = np.argsort(merged, kind="stable")
    cap = np.full((extra.size, channel_ranks.shape[1]), np.log1p(per_channel), dtype=np.float32)
    return merged[order], np.vstack([channel_ranks, cap])[order]


def features(
    ch: Channels,
    learned: LearnedSignals,
    sig: QuerySignals,
    rm3: F32,
    cand: npt.NDArray[np.int64],
    channel_ranks: F32,
    text: str,
    weighted: dict[str, float],
) -> F32:
    """Feature matrix (candidates x FEATURES)."""
    n = cand.size
    laws = ch.law_of_doc[cand]
    named = ch.law_names.find(text)
    law_named = np.isin(laws, list(named)).astype(np.float32) if named else np.zeros(n, np.float32)
    # Law-level aggregates over the candidates: which laws the evidence concentrates on.
    _, law_slot = np.unique(laws, return_inverse=True)
    n_slots = int(law_slot.max()) + 1 if n else 0
    w = sig.words[cand]
    d2q = sig.doc2query[cand]
    nbr = sig.neighbours[cand]
    law_max_w = np.zeros(n_slots, np.float32)
    np.maximum.at(law_max_w, law_slot, w)
    law_max_d2q = np.zeros(n_slots, np.float32)
    np.maximum.at(law_max_d2q, law_slot, d2q)
    law_sum_nbr = _unit(np.bincount(law_slot, weights=nbr, minlength=n_slots).astype(np.float32))
    law_max_b = np.zeros(n_slots, np.float32)
    np.maximum.at(law_max_b, law_slot, sig.bigrams[cand])
    law_max_f = np.zeros(n_slots, np.float32)
    np.maximum.at(law_max_f, law_slot, sig.fused[cand])
    law_max_t = np.zeros(n_slots, np.float32)
    np.maximum.at(law_max_t, law_slot, sig.translation[cand])
    emb = sig.embedding[cand]
    law_max_e = np.zeros(n_slots, np.float32)
    np.maximum.at(law_max_e, law_slot, emb)
    law_count = np.log1p(np.bincount(law_slot, minlength=n_slots)).astype(np.float32)
    path = _unit(ch.path_index.score(weighted))[ch.path_of_doc[cand]]
    query_words = [t for t, v in weighted.items() if v >= 1.0]
    columns: dict[str, F32 | float] = {
        "words": w,
        "bigrams": sig.bigrams[cand],
        "law_prior": learned.law_prior[cand],
        "article_prior": learned.article_prior[cand],
        "law_affinity": sig.law_affinity[cand],
        "neighbours": nbr,
        "doc2query": d2q,
        "rm3": rm3[cand],
        "path": path,
        "law_named": law_named,
        "any_law_named": float(bool(named)),
        "law_max_words": law_max_w[law_slot],
        "law_sum_neighbours": law_sum_nbr[law_slot],
        "rank_words": local_rank(w),
        "rank_bigrams": local_rank(sig.bigrams[cand]),
        "rank_neighbours": local_rank(nbr),
        "rank_doc2query": local_rank(d2q),
        "doc_length": ch.doc_length[cand],
        "rank_fused": local_rank(sig.fused[cand]),
        "query_strength": float(np.log1p(sig.words_raw_max)),
        "neighbours_spread": ch.spread(sig.neighbours)[cand],
        "word_coverage": ch.coverage(ch.word_index, query_words)[cand],
        "bigram_coverage": ch.coverage(ch.bigram_index, bigrams(text))[cand],
        "question_similarity": float(np.log1p(sig.question_similarity)),
        "query_length": float(np.log1p(len(text))),
        "level": ch.level[cand],
        "rank_in_law": rank_within_law(w, laws),
        "doc2query_strength": float(np.log1p(sig.doc2query_raw_max)),
        "law_max_doc2query": law_max_d2q[law_slot],
        "adjacent_words": ch.adjacent(sig.words, cand),
        "adjacent_doc2query": ch.adjacent(sig.doc2query, cand),
        "law_candidates": law_count[law_slot],
        "law_max_bigrams": law_max_b[law_slot],
        "translation": sig.translation[cand],
        "law_max_translation": law_max_t[law_slot],
        "law_max_fused": law_max_f[law_slot] / np.float32(max(float(sig.fused.max()), 1e-9)),
        "embedding": emb,
        "law_max_embedding": law_max_e[law_slot],
        "rank_embedding": local_rank(emb),
        "lexical": (sig.fused[cand] > 0).astype(np.float32),
    }
    for j, name in enumerate(CHANNELS):
        columns[f"crank_{name}"] = channel_ranks[:, j]
    columns.update(_aggregates(ch, learned, sig, cand, channel_ranks, laws, law_slot, n_slots))
    x = np.empty((n, len(FEATURES)), dtype=np.float32)
    for j, name in enumerate(FEATURES):
        x[:, j] = columns[name]
    return x


def _aggregates(
    ch: Channels,
    learned: LearnedSignals,
    sig: QuerySignals,
    cand: npt.NDArray[np.int64],
    channel_ranks: F32,
    laws: I32,
    law_slot: npt.NDArray[np.intp],
    n_slots: int,
) -> dict[str, F32 | float]:
    """Co-citation, chapter- and instrument-level evidence, and how a candidate came in."""
    n = cand.size
    fused_max = np.float32(max(float(sig.fused.max()), 1e-9))
    fused = sig.fused[cand] / fused_max
    d2q = sig.doc2query[cand]
    _, chap_slot = np.unique(ch.path_of_doc[cand], return_inverse=True)
    n_chaps = int(chap_slot.max()) + 1 if n else 0
    chap_max_f = np.zeros(n_chaps, np.float32)
    np.maximum.at(chap_max_f, chap_slot, fused)
    chap_max_d = np.zeros(n_chaps, np.float32)
    np.maximum.at(chap_max_d, chap_slot, d2q)
    chap_count = np.log1p(np.bincount(chap_slot, minlength=n_chaps)).astype(np.float32)
    # Instruments: rank by best fused score, mean of their three best, share of all fused evidence.
    law_max_f = np.zeros(n_slots, np.float32)
    np.maximum.at(law_max_f, law_slot, fused)
    law_rank = local_rank(law_max_f)
    top3 = np.expm1(rank_within_law(fused, laws)) < 2.5
    law_top3 = np.bincount(law_slot, weights=np.where(top3, fused, 0), minlength=n_slots).astype(np.float64)
    law_top3 = law_top3 / np.maximum(
        np.bincount(law_slot, weights=top3.astype(np.float64), minlength=n_slots), 1.0
    )
    law_sum = np.bincount(law_slot, weights=fused, minlength=n_slots)
    law_share = law_sum / max(float(law_sum.sum()), 1e-9)
    # Provenance: best channel rank, whether the article came in only as a neighbour, and the best
    # channel rank among same-law candidates one and up to two positions away.
    best = channel_ranks.min(axis=1) if channel_ranks.shape[1] else np.zeros(n, np.float32)
    cap = np.float32(np.log1p(CANDIDATES))  # rank of an article outside a channel's list
    near1 = np.full(n, cap, np.float32)
    near2 = np.full(n, cap, np.float32)
    for k in (-2, -1, 1, 2):
        target = cand + k
        pos = np.minimum(np.searchsorted(cand, target), max(n - 1, 0))
        ok = (cand[pos] == target) & (ch.law_of_doc[cand[pos]] == laws) if n else np.zeros(0, np.bool_)
        value = np.where(ok, best[pos], cap)
        if abs(k) == 1:
            near1 = np.minimum(near1, value)
        near2 = np.minimum(near2, value)
    chapter_prior = (
        learned.chapter_prior if learned.chapter_prior is not None else np.zeros(ch.n_docs, np.float32)
    )
    cocite = sig.cocite if sig.cocite is not None else np.zeros(ch.n_docs, np.float32)
    return {
        "cocite": cocite[cand],
        "chapter_prior": chapter_prior[cand],
        "chapter_max_fused": chap_max_f[chap_slot],
        "chapter_max_doc2query": chap_max_d[chap_slot],
        "chapter_candidates": chap_count[chap_slot],
        "law_rank": law_rank[law_slot],
        "law_top3_fused": law_top3.astype(np.float32)[law_slot],
        "law_share_fused": law_share.astype(np.float32)[law_slot],
        "best_crank": best,
        "added_neighbour": (best >= cap - np.float32(1e-6)).astype(np.float32),
        "near1_crank": near1,
        "near2_crank": near2,
    }


TREE_DEPTH = 5


def fit_ensemble(x: F32, y: npt.NDArray[np.int8], *, depth: int = TREE_DEPTH) -> TreeEnsemble:
    """Fit gradient-boosted trees (scikit-learn, a fitting-time dependency only) and flatten them."""
    from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: PLC0415 - optional

    model = HistGradientBoostingClassifier(
        max_iter=300,
        learning_rate=0.05,
        max_depth=depth,
        max_leaf_nodes=2**depth,
        min_samples_leaf=50,
        l2_regularization=1.0,
        random_state=0,
    ).fit(x, y)
    n_trees = len(model._predictors)  # noqa: SLF001 - sklearn has no public tree export
    feature = np.zeros((n_trees, 2**depth - 1), dtype=np.int32)
    threshold = np.full((n_trees, 2**depth - 1), np.inf, dtype=np.float64)
    leaves = np.zeros((n_trees, 2**depth), dtype=np.float32)
    for t, (predictor,) in enumerate(model._predictors):  # noqa: SLF001
        nodes = predictor.nodes
        stack = [(0, 0, 0)]  # (sklearn node, heap position, level)
        while stack:
            k, pos, level = stack.pop()
            node = nodes[k]
            if level == depth:
                leaves[t, pos - (2**depth - 1)] = float(node["value"])
            elif bool(node["is_leaf"]):
                stack.append((k, 2 * pos + 1, level + 1))  # threshold +inf: always left
            else:
                feature[t, pos] = int(node["feature_idx"])
                threshold[t, pos] = float(node["num_threshold"])
                stack.append((int(node["left"]), 2 * pos + 1, level + 1))
                stack.append((int(node["right"]), 2 * pos + 2, level + 1))
    baseline = float(np.asarray(model._baseline_prediction).ravel()[0])  # noqa: SLF001
    return TreeEnsemble(feature, threshold, leaves, baseline, FEATURES)


def fit_lambdarank(
    x: F32,
    y: npt.NDArray[np.int8],
    group: npt.NDArray[np.int64],
    *,
    trees: int = 300,
    depth: int = 6,
    learning_rate: float = 0.05,
    min_leaf: int = 100,  # train CV 2026-12-03 late (docs/search.md)
    truncation: int = 100,
) -> TreeEnsemble:
    """Fit LightGBM lambdarank trees (a fitting-time dependency only, ADR 0086) on candidate rows
    grouped per question (``group`` = rows per question, in order) and flatten them."""
    import lightgbm as lgb  # noqa: PLC0415 - optional

    model = lgb.LGBMRanker(
        objective="lambdarank",
        lambdarank_truncation_level=truncation,
        label_gain=[0, 1],
        n_estimators=trees,
        learning_rate=learning_rate,
        max_depth=depth,
        num_leaves=2**depth,
        min_child_samples=min_leaf,
        reg_lambda=1.0,
        random_state=0,
        verbose=-1,
        n_jobs=1,
    ).fit(x, y, group=group)
    return _from_lightgbm(model.booster_.dump_model(), depth)


def _from_lightgbm(dumped: dict[str, object], depth: int) -> TreeEnsemble:
    """Complete-binary-tree arrays from LightGBM's JSON dump (x <= threshold goes left, as here)."""
    infos = dumped["tree_info"]
    if not isinstance(infos, list):
        raise ValueError("not a LightGBM model dump")
    n_trees = len(infos)
    feature = np.zeros((n_trees, 2**depth - 1), dtype=np.int32)
    threshold = np.full((n_trees, 2**depth - 1), np.inf, dtype=np.float64)
    leaves = np.zeros((n_trees, 2**depth), dtype=np.float32)
    for t, info in enumerate(infos):
        stack = [(info["tree_structure"], 0, 0)]
        while stack:
            node, pos, level = stack.pop()
            if "leaf_value" in node:
                if level == depth:
                    leaves[t, pos - (2**depth - 1)] = float(node["leaf_value"])
                else:  # shallower leaf: pad with always-left nodes down to the last level
                    stack.append((node, 2 * pos + 1, level + 1))
                continue
            if level >= depth or node.get("decision_type", "<=") != "<=":
                raise ValueError("tree deeper than declared or with a categorical split")
            feature[t, pos] = int(node["split_feature"])
            threshold[t, pos] = float(node["threshold"])
            stack.append((node["left_child"], 2 * pos + 1, level + 1))
            stack.append((node["right_child"], 2 * pos + 2, level + 1))
    return TreeEnsemble(feature, threshold, leaves, 0.0, FEATURES)
