"""A BM25 inverted index held in plain numpy arrays (CSC layout: one posting list per term).

Each posting stores the full BM25 term weight (idf x saturated tf), so a query is a handful of
vectorised adds into a dense score array.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]


@dataclass
class BM25Index:
    vocab: dict[str, int]
    indptr: I64
    postings: I32
    weights: F32
    n_docs: int

    @classmethod
    def build(
        cls,
        token_lists: Iterable[Sequence[str]],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        idf_from: BM25Index | None = None,
    ) -> BM25Index:
        """Index ``token_lists`` (one per document). ``idf_from`` borrows idf from a larger index."""
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        lengths: list[int] = []
        for doc_id, tokens in enumerate(token_lists):
            counts = Counter(tokens)
            lengths.append(len(tokens))
            for token, n in counts.items():
                rows.append(doc_id)
                cols.append(vocab.setdefault(token, len(vocab)))
                tfs.append(n)
        n_docs = len(lengths)
        row = np.asarray(rows, dtype=np.int32)
        col = np.asarray(cols, dtype=np.int32)
        tf = np.asarray(tfs, dtype=np.float32)
        dl = np.asarray(lengths, dtype=np.float32)
        avg = float(dl.mean()) if n_docs and dl.mean() > 0 else 1.0
        df = np.bincount(col, minlength=len(vocab)).astype(np.float32)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        if idf_from is not None:
            idf = _borrow_idf(vocab, idf, idf_from)
        weight = tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl[row] / avg)) * idf[col]
        order = np.argsort(col, kind="stable")
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(col, minlength=len(vocab)), out=indptr[1:])
        return cls(vocab, indptr, row[order], weight[order].astype(np.float32), n_docs)

    def idf(self, token: str) -> float:
        """BM25 idf of ``token`` in this index (0 for an unknown token)."""
        j = self.vocab.get(token)
        if j is None:
            return 0.0
        df = float(self.indptr[j + 1] - self.indptr[j])
        return float(np.log1p((self.n_docs - df + 0.5) / (df + 0.5)))

    def idf_of(self, token: str) -> float:
        """Largest posting weight of a term: a cheap stand-in for its idf when borrowing."""
        j = self.vocab.get(token)
        if j is None:
            return 0.0
        lo, hi = int(self.indptr[j]), int(self.indptr[j + 1])
        return float(self.weights[lo:hi].max()) if hi > lo else 0.0

    def score(self, query: dict[str, float], out: F32 | None = None) -> F32:
        """Add weighted BM25 scores of ``query`` (token -> weight) into a dense score array."""
        scores = np.zeros(self.n_docs, dtype=np.float32) if out is None else out
        for token, qw in query.items():
            j = self.vocab.get(token)
            if j is None:
                continue
            lo, hi = int(self.indptr[j]), int(self.indptr[j + 1])
            scores[self.postings[lo:hi]] += self.weights[lo:hi] * np.float32(qw)
        return scores

    def to_arrays(self, prefix: str) -> dict[str, npt.NDArray[np.generic]]:
        terms = np.array(sorted(self.vocab, key=self.vocab.__getitem__), dtype=np.str_)
        return {
            f"{prefix}_terms": terms,
            f"{prefix}_indptr": self.indptr,
            f"{prefix}_postings": self.postings,
            f"{prefix}_weights": self.weights,
            f"{prefix}_n": np.array([self.n_docs], dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, npt.NDArray[np.generic]], prefix: str) -> BM25Index:
        terms = arrays[f"{prefix}_terms"].tolist()
        return cls(
            vocab={str(t): i for i, t in enumerate(terms)},
            indptr=np.asarray(arrays[f"{prefix}_indptr"], dtype=np.int64),
            postings=np.asarray(arrays[f"{prefix}_postings"], dtype=np.int32),
            weights=np.asarray(arrays[f"{prefix}_weights"], dtype=np.float32),
            n_docs=int(arrays[f"{prefix}_n"][0]),
        )


def _borrow_idf(vocab: dict[str, int], own: F32, other: BM25Index) -> F32:
    """Use the large index's idf where it knows the term: small side indexes give noisy idf."""
    out = own.copy()
    n = other.n_docs
    for token, j in vocab.items():
        k = other.vocab.get(token)
        if k is not None:
            df = float(other.indptr[k + 1] - other.indptr[k])
            out[j] = np.float32(np.log1p((n - df + 0.5) / (df + 0.5)))
    return out
