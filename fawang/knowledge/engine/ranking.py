"""Score fusion and snippets.

Every signal is scaled to [0, 1] per query (divide by its maximum) before a weighted sum, so the
weights mean the same thing for short and long queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fawang.knowledge.engine.index import F32


@dataclass(frozen=True)
class Weights:
    """Fusion weights, chosen on STARD dev (see docs/search.md)."""

    words: float = 1.0
    bigrams: float = 0.5
    law_prior: float = 0.1
    article_prior: float = 0.2
    law_affinity: float = 0.3
    neighbours: float = 0.2


def unit(values: F32) -> F32:
    top = float(values.max()) if values.size else 0.0
    return values / np.float32(top) if top > 0 else values


def fuse(signals: dict[str, F32], weights: Weights) -> F32:
    total: F32 | None = None
    for name, values in signals.items():
        w = np.float32(getattr(weights, name))
        if w == 0:
            continue
        total = values * w if total is None else total + values * w
    if total is None:
        raise ValueError("no signal to fuse")
    return total


def top_indices(scores: F32, mask: npt.NDArray[np.bool_] | None, k: int) -> list[int]:
    """Indices of the k best positive scores among allowed docs, best first."""
    s = scores if mask is None else np.where(mask, scores, np.float32(0))
    candidates = np.flatnonzero(s > 0)
    if candidates.size > k:
        part = np.argpartition(-s[candidates], k - 1)[:k]
        candidates = candidates[part]
    order = np.argsort(-s[candidates], kind="stable")
    return [int(i) for i in candidates[order]]


SNIPPET_CHARS = 120


def snippet(text: str, terms: Iterable[str], width: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around the densest cluster of query terms, each match wrapped in 【】."""
    ordered = sorted({t for t in terms if t and not t.isspace()}, key=len, reverse=True)
    if not ordered:
        return text[:width]
    pattern = re.compile("|".join(re.escape(t) for t in ordered))
    starts = [m.start() for m in pattern.finditer(text)]
    begin = _best_window(starts, len(text), width)
    window = text[begin : begin + width]
    marked = pattern.sub(lambda m: f"【{m.group(0)}】", window)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if begin + width < len(text) else ""
    return f"{prefix}{marked}{suffix}"


def _best_window(starts: list[int], length: int, width: int) -> int:
    if length <= width or not starts:
        return 0
    best_start, best_count, j = starts[0], 0, 0
    for i, s in enumerate(starts):
        while starts[j] < s - width // 2:
            j += 1
        if i - j + 1 > best_count:
            best_count, best_start = i - j + 1, starts[j]
    begin = max(0, best_start - 10)
    return min(begin, length - width)
