"""Lay wording -> legal terms. The table in data/expansions.tsv is hand-written from legal knowledge.

A phrase matches as a substring of the query, so segmentation differences do not matter. Expansion
terms are added with a lower weight than the user's own words.
"""

from __future__ import annotations

from functools import lru_cache

from fawang.knowledge.engine.tokenize import DATA_DIR, words

EXPANSION_WEIGHT = 0.5


@lru_cache(maxsize=1)
def expansion_table() -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows: list[tuple[str, tuple[str, ...]]] = []
    for line in (DATA_DIR / "expansions.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, _, terms = line.partition("\t")
        rows.append((phrase.strip(), tuple(terms.split())))
    # Longest phrases first so that 借钱不还 is seen before 借钱.
    rows.sort(key=lambda row: -len(row[0]))
    return tuple(rows)


def expansion_terms(query: str) -> list[str]:
    """Legal terms implied by lay phrases in ``query`` (deduplicated, in table order)."""
    seen: dict[str, None] = {}
    for phrase, terms in expansion_table():
        if phrase in query:
            for term in terms:
                seen.setdefault(term, None)
    return list(seen)


def expand_query(query: str) -> dict[str, float]:
    """Weighted query tokens: the query's own words at weight 1, expansion words at a lower weight."""
    weights: dict[str, float] = {}
    for token in words(query):
        weights[token] = weights.get(token, 0.0) + 1.0
    for term in expansion_terms(query):
        for token in words(term):
            if token not in weights:
                weights[token] = EXPANSION_WEIGHT
    return weights
