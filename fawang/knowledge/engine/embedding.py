"""A non-lexical candidate channel: dense article vectors and a question-word -> vector table.

Every other channel needs the question and the article (or a training question citing it) to share
words. Many labelled articles are generic ones (举证责任, 合同的效力, 承担民事责任的方式 …) that
share nothing with the question and are missed by all of them. Here:

1. ``ArticleVectors``: latent semantic analysis of the statute corpus itself. The word BM25 matrix
   (articles x words, rows L2-normalised) is reduced by a seeded randomized SVD to ``DIMENSIONS``
   dimensions; an article's vector is its row of U x S, L2-normalised. Articles on the same subject
   get close vectors even when their wording differs. Costs ~10 s CPU, so the engine caches it.
2. ``QuestionEmbedding``: learned from the training questions only. Each question word gets the
   smoothed mean of the vectors of the articles cited by the training questions that contain it
   (欠钱 -> the region of 借款合同 articles). A new question is the idf-weighted sum of its words'
   vectors; its cosine with every article vector is the channel's score, so it reaches articles that
   no training question cited and that share no word with the question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from fawang.knowledge.engine.index import F32, BM25Index
from fawang.knowledge.engine.tokenize import words
from fawang.knowledge.engine.types import Doc, TrainingExample

# Bump when the vectors change (dimensions, term filter, SVD settings): cached vectors are then rebuilt.
EMBEDDING_VERSION = "lsa-3"
DIMENSIONS = 128  # as many labels reached as with 256 (train and dev), half the time and memory
MIN_DF = 2  # words in a single article carry no co-occurrence evidence
MAX_DF_SHARE = 0.3  # nor do words found almost everywhere
POWER_ITERATIONS = 4
OVERSAMPLE = 16
SMOOTHING = 1.0  # pseudo-count of an empty question towards each word's vector


def randomized_svd(
    x: sp.csr_matrix | npt.NDArray[np.float64],
    k: int,
    *,
    iterations: int = POWER_ITERATIONS,
    oversample: int = OVERSAMPLE,
    seed: int = 0,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The ``k`` leading left singular vectors and values of ``x`` (Halko, Martinsson & Tropp:
    random range finder with power iterations). Small matrices get an exact SVD."""
    n_rows, n_cols = x.shape
    k = max(0, min(k, n_rows, n_cols))
    if k == 0:
        return np.zeros((n_rows, 0)), np.zeros(0)
    if min(n_rows, n_cols) <= k + oversample:
        dense = np.asarray(x.toarray() if isinstance(x, sp.spmatrix | sp.sparray) else x, dtype=np.float64)
        u, s, _ = np.linalg.svd(dense, full_matrices=False)
        return u[:, :k], s[:k]
    rng = np.random.default_rng(seed)
    q = _orthonormal(np.asarray(x @ rng.standard_normal((n_cols, k + oversample))))
    for _ in range(iterations):
        z = _orthonormal(np.asarray(x.T @ q))
        q = _orthonormal(np.asarray(x @ z))
    small = np.asarray(x.T @ q).T  # (k + oversample) x n_cols
    u_small, s, _ = np.linalg.svd(small, full_matrices=False)
    return (q @ u_small)[:, :k], s[:k]


def _orthonormal(y: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Orthonormal basis of the columns of a tall ``y`` by Cholesky QR, twice for accuracy: only
    k x k extra memory, where numpy's QR of a 56k x 144 matrix holds ~250 MB of workspace. Falls back
    to QR when the columns are (numerically) dependent."""
    try:
        for _ in range(2):
            r = np.linalg.cholesky(y.T @ y).T  # upper triangular, y = q r
            y = y @ np.linalg.inv(r)
    except np.linalg.LinAlgError:
        y, _ = np.linalg.qr(y)
    return y


def _normalise_rows(m: npt.NDArray[np.floating]) -> F32:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    out: F32 = np.divide(m, norms, out=np.zeros_like(m), where=norms > 0).astype(np.float32)
    return out


@dataclass
class ArticleVectors:
    vectors: F32  # n_docs x dims, rows L2-normalised (all-zero for an article without kept words)

    @classmethod
    def build(cls, index: BM25Index, *, dims: int = DIMENSIONS, seed: int = 0) -> ArticleVectors:
        """LSA of the word index's BM25 weights (see the module docstring)."""
        n_terms = len(index.vocab)
        df = np.diff(index.indptr)
        keep = (df >= MIN_DF) & (df <= max(MIN_DF, MAX_DF_SHARE * index.n_docs))
        if not index.n_docs or not keep.any():
            return cls(np.zeros((index.n_docs, 0), dtype=np.float32))
        x = sp.csc_matrix(
            (index.weights.astype(np.float64), index.postings, index.indptr), shape=(index.n_docs, n_terms)
        )[:, np.flatnonzero(keep)].tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        x = sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ x
        u, s = randomized_svd(x, dims, seed=seed)
        return cls(_normalise_rows(u * s))

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        return {"vectors": self.vectors}

    @classmethod
    def from_arrays(cls, arrays: dict[str, npt.NDArray[np.generic]]) -> ArticleVectors:
        return cls(np.asarray(arrays["vectors"], dtype=np.float32))


@dataclass
class QuestionEmbedding:
    """Question word -> vector in the article space, learned from training questions."""

    articles: F32  # the article vectors (shared, not copied)
    vocab: dict[str, int]
    table: F32  # len(vocab) x dims
    idf: F32  # per word, from the training questions

    @classmethod
    def fit(
        cls, articles: ArticleVectors, docs: Sequence[Doc], training: Sequence[TrainingExample]
    ) -> QuestionEmbedding:
        """Each word's vector: sum of the mean cited-article vector of every training question that
        contains it, divided by (number of those questions + ``SMOOTHING``), so a word seen once
        weighs less than a word whose questions agree."""
        positions: dict[tuple[str, str], list[int]] = {}
        for i, d in enumerate(docs):
            positions.setdefault((d.law, d.article), []).append(i)
        dims = articles.dims
        vocab: dict[str, int] = {}
        rows: list[F32] = []
        counts: Counter[int] = Counter()
        n_questions = 0
        for ex in training:
            cited = sorted({i for label in ex.labels for i in positions.get(label, [])})
            if not cited or not dims:
                continue
            n_questions += 1
            centroid = articles.vectors[cited].mean(axis=0)
            for token in set(words(ex.question)):
                j = vocab.setdefault(token, len(vocab))
                if j == len(rows):
                    rows.append(np.zeros(dims, dtype=np.float32))
                rows[j] += centroid
                counts[j] += 1
        table = np.array(rows, dtype=np.float32).reshape(len(rows), dims)
        n = np.array([counts[j] for j in range(len(rows))], dtype=np.float32)
        if n.size:
            table /= (n + np.float32(SMOOTHING))[:, None]
        idf = np.log1p((n_questions - n + 0.5) / (n + 0.5)).astype(np.float32)
        return cls(articles.vectors, vocab, table, idf)

    def encode(self, query: dict[str, float]) -> F32:
        """Weighted, idf-scaled sum of the query words' vectors (zero if none is known)."""
        out = np.zeros(self.table.shape[1], dtype=np.float32)
        for token, weight in query.items():
            j = self.vocab.get(token)
            if j is not None:
                out += self.table[j] * np.float32(weight * float(self.idf[j]))
        return out

    def score(self, query: dict[str, float]) -> F32:
        """Cosine of the query vector with every article vector, negatives as 0."""
        n_docs = self.articles.shape[0]
        v = self.encode(query)
        norm = float(np.linalg.norm(v))
        if not norm > 0 or self.articles.shape[1] != v.size:
            return np.zeros(n_docs, dtype=np.float32)
        # einsum, not ``@``: a matrix-vector product through BLAS spins up its threads, which doubles
        # the CPU time on a busy 2-core machine for no gain (the product is memory-bound).
        sims = np.einsum("ij,j->i", self.articles, v / np.float32(norm), optimize=False)
        out: F32 = np.maximum(sims, np.float32(0)).astype(np.float32, copy=False)
        return out
