"""A small supervised text classifier: TF-IDF over character 1-3-grams and words, softmax regression (numpy).

Used by the dispute classifier (J4) when the deployment supplies labelled questions at run time (a file the
operator points to, e.g. consultation questions labelled by staff). Nothing learned is shipped: the model is fitted
in well under a second per few hundred questions when the process starts.

Why this model: on a few hundred short, noisily labelled lay questions, character n-grams are robust to
segmentation errors and colloquial spelling, and an L2-regularised linear model beats naive Bayes (which
over-counts correlated n-grams). Settings were chosen by cross-validation on the training file only
(bench/classify_eval.py).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from fawang.knowledge.engine.tokenize import clean_query, words

FloatArray = npt.NDArray[np.float32]

MAX_FEATURES = (
    40_000  # keeps the dense weight matrix small (40k x 20 floats = 3 MB) whatever the training size
)
NGRAMS = (1, 2, 3)
MAX_DUAL_ROWS = 5_000  # Gram matrix 5k x 5k floats = 100 MB


def text_features(text: str) -> list[str]:
    """Character n-grams of the cleaned text (whitespace and punctuation kept out) plus jieba words."""
    text = clean_query(text)
    chars = "".join(ch for ch in text if ch.isalnum())
    feats = [f"c{n}:{chars[i : i + n]}" for n in NGRAMS for i in range(len(chars) - n + 1)]
    feats.extend(f"w:{w}" for w in words(text))
    return feats


@dataclass
class SoftmaxTextModel:
    """Multinomial logistic regression over sublinear TF-IDF features (rows L2-normalised)."""

    l2: float = 1e-4
    epochs: int = 300
    learning_rate: float = 2.0
    classes: list[str] = field(default_factory=list)
    vocab: dict[str, int] = field(default_factory=dict)
    idf: FloatArray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    weights: FloatArray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    bias: FloatArray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    def _vector(self, feats: Sequence[str]) -> FloatArray:
        row = np.zeros(len(self.vocab), dtype=np.float32)
        for feat, count in Counter(feats).items():
            j = self.vocab.get(feat)
            if j is not None:
                row[j] = 1.0 + math.log(count)
        row *= self.idf
        norm = float(np.linalg.norm(row))
        return row / norm if norm > 0 else row

    def fit(self, examples: Iterable[tuple[str, str]]) -> SoftmaxTextModel:
        pairs = [(text_features(t), c) for t, c in examples if isinstance(t, str) and t.strip()]
        if not pairs:
            return self
        self.classes = sorted({c for _, c in pairs})
        df: Counter[str] = Counter()
        for feats, _ in pairs:
            df.update(set(feats))
        kept = [f for f, _ in df.most_common(MAX_FEATURES)]
        self.vocab = {f: j for j, f in enumerate(sorted(kept))}
        n = len(pairs)
        idf = np.zeros(len(self.vocab), dtype=np.float32)
        for f, j in self.vocab.items():
            idf[j] = math.log((1 + n) / (1 + df[f])) + 1.0
        self.idf = idf
        x = np.stack([self._vector(feats) for feats, _ in pairs])
        y = np.zeros((n, len(self.classes)), dtype=np.float32)
        index = {c: k for k, c in enumerate(self.classes)}
        for i, (_, c) in enumerate(pairs):
            y[i, index[c]] = 1.0
        self.weights, self.bias = _train_softmax(
            x, y, l2=self.l2, epochs=self.epochs, learning_rate=self.learning_rate
        )
        return self

    def probabilities(self, text: str) -> dict[str, float]:
        if not self.classes:
            return {}
        logits = self._vector(text_features(text)) @ self.weights + self.bias
        exp = np.exp(logits - logits.max())
        probs = exp / exp.sum()
        return {c: float(p) for c, p in zip(self.classes, probs, strict=True)}


def _train_softmax(
    x: FloatArray, y: FloatArray, *, l2: float, epochs: int, learning_rate: float
) -> tuple[FloatArray, FloatArray]:
    """Gradient descent with Nesterov momentum on the mean cross-entropy + l2/2 ||W||^2.

    Run in the dual: starting from W = 0, every gradient step keeps W = X^T A (the gradient is
    X^T (G + l2 A)), so the steps are taken on A with the n x n Gram matrix. With a few hundred rows and tens of
    thousands of features that is ~100x cheaper than the primal and gives the same W.
    """
    n = x.shape[0]
    k = y.shape[1]
    if n > MAX_DUAL_ROWS:  # the Gram matrix would outgrow the memory budget: same steps on W directly
        return _train_softmax_primal(x, y, l2=l2, epochs=epochs, learning_rate=learning_rate)
    gram = x @ x.T
    a = np.zeros((n, k), dtype=np.float32)
    b = np.zeros(k, dtype=np.float32)
    va = np.zeros_like(a)
    vb = np.zeros_like(b)
    momentum = 0.9
    for _ in range(epochs):
        la = a + momentum * va
        lb = b + momentum * vb
        logits = gram @ la + lb
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - y) / n
        va = momentum * va - learning_rate * (grad + l2 * la)
        vb = momentum * vb - learning_rate * grad.sum(axis=0)
        a = a + va
        b = b + vb
    return (x.T @ a).astype(np.float32), b.astype(np.float32)


def _train_softmax_primal(
    x: FloatArray, y: FloatArray, *, l2: float, epochs: int, learning_rate: float
) -> tuple[FloatArray, FloatArray]:
    """The same Nesterov steps taken on W (for training files too large for the dual)."""
    w = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
    b = np.zeros(y.shape[1], dtype=np.float32)
    vw = np.zeros_like(w)
    vb = np.zeros_like(b)
    momentum = 0.9
    for _ in range(epochs):
        lw = w + momentum * vw
        lb = b + momentum * vb
        logits = x @ lw + lb
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - y) / x.shape[0]
        vw = momentum * vw - learning_rate * (x.T @ grad + l2 * lw)
        vb = momentum * vb - learning_rate * grad.sum(axis=0)
        w = w + vw
        b = b + vb
    return w, b
