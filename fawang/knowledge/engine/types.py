"""Value types shared by the search engine and the classifier (pure Python, no Django)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Doc:
    """One statute article as the engine indexes it."""

    key: str
    law: str
    short: str
    article: str
    text: str
    path: str
    level: str
    current: bool
    instrument_key: str


@dataclass(frozen=True)
class Filters:
    """Restrictions applied after scoring; ``None`` means "no restriction"."""

    levels: frozenset[str] | None = None
    current_only: bool = True
    instrument_keys: frozenset[str] | None = None


@dataclass(frozen=True)
class Hit:
    """A ranked article. ``snippet`` is plain text; matched query terms are wrapped in 【】."""

    key: str
    law: str
    article: str
    score: float
    snippet: str


@dataclass(frozen=True)
class TrainingExample:
    """A question with the articles that answer it: ``labels`` holds (law full title, article) pairs."""

    question: str
    labels: tuple[tuple[str, str], ...]
