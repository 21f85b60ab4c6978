"""Statute search service (J2, STYLE §17): one ranking engine behind a small backend interface.

Callers use `statute_search(*, query, top_k, filters)` (hydrated hits with permalinks, for pages and the API) or
`statute_rank(*, query, top_k, filters)` (law / article / score only, no database query, for batch work).

The default backend is the in-process engine of `fawang.knowledge.engine`, built from the statutes app's
`article_docs()` feed. It is built once per process (a thread-safe lazy singleton), its lexical index is cached on
disk under ``settings.DATA_DIR / "search-cache"`` keyed by the engine's fingerprint of the corpus, and it is rebuilt
when a cheap database fingerprint of the corpus changes (a re-import). While a rebuild runs, other threads keep
answering from the previous engine; hits whose article has since disappeared are dropped at hydration. Ranking is
computed in Python from the same documents in the same order on SQLite and PostgreSQL, so both give the same
results by construction (ADR 0010).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db.models import Count, Max
from django.utils.functional import Promise

from fawang.knowledge.engine import Doc, Filters, Hit, SearchEngine, TrainingExample, bundled_training
from fawang.statutes.models import Article, Instrument, InstrumentLevel, InstrumentStatus
from fawang.statutes.selectors import article_docs, instruments_one_source_per_work

log = logging.getLogger(__name__)

MAX_TOP_K = 100
MAX_QUERY_CHARS = 1000
# Local regulations bind only in their own area and the corpus holds several provinces' worth: without knowing
# the asker's province they would crowd out national law. A deployment may add them (settings, ADR 0010).
DEFAULT_SEARCH_LEVELS: tuple[str, ...] = (
    InstrumentLevel.CONSTITUTION,
    InstrumentLevel.LAW,
    InstrumentLevel.ADMINISTRATIVE_REGULATION,
    InstrumentLevel.JUDICIAL_INTERPRETATION,
    InstrumentLevel.DEPARTMENTAL_RULE,
)


def search_levels() -> tuple[str, ...]:
    """Levels that are indexed: `KNOWLEDGE_SEARCH_LEVELS` in settings, else the national levels."""
    configured = getattr(settings, "KNOWLEDGE_SEARCH_LEVELS", None)
    return tuple(configured) if configured else DEFAULT_SEARCH_LEVELS


def search_cache_dir() -> Path:
    configured = getattr(settings, "KNOWLEDGE_SEARCH_CACHE_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "search-cache"


def _recheck_seconds() -> float:
    return float(getattr(settings, "KNOWLEDGE_SEARCH_RECHECK_SECONDS", 30))


# --- value types ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    """What the user may restrict: levels (None = every indexed level), current versions only, works."""

    levels: frozenset[str] | None = None
    current_only: bool = True
    instrument_keys: frozenset[str] | None = None  # Instrument.work_key values

    def to_engine(self) -> Filters:
        return Filters(
            levels=self.levels, current_only=self.current_only, instrument_keys=self.instrument_keys
        )


@dataclass(frozen=True)
class RankedArticle:
    """A ranked article without database hydration (the batch interface)."""

    key: str
    law: str
    article: str
    score: float
    snippet: str


@dataclass(frozen=True)
class SearchHit:
    """One result for pages and the API: where to read it, how valid it is, and a highlighted snippet.

    `snippet` is plain text with the matched terms wrapped in 【】 (render with `knowledge_tags.snippet_marks`).
    """

    article_id: int
    law: str
    short_title: str
    article: str
    snippet: str
    score: float
    level: str
    current: bool  # current version of its work and not repealed
    status: str
    status_label: str | Promise  # lazy: rendered in the interface language (L8)
    instrument_id: int
    instrument_url: str
    url: str  # the article permalink (statutes app)


# --- backend interface --------------------------------------------------------------------------------------


class SearchBackend(Protocol):
    """Anything that ranks articles. A database FTS backend would implement the same method (ADR 0010)."""

    def rank(self, query: str, *, top_k: int, filters: SearchFilters) -> list[RankedArticle]: ...


def corpus_fingerprint() -> str:
    """A cheap summary of the corpus that changes whenever an import creates, updates or deletes anything.

    The statutes importer saves an instrument (bumping `updated_at`) whenever its articles change, and creates
    or deletes article rows otherwise, so counts, the newest stamp and the highest id cover every import.
    """
    instruments = Instrument.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    articles = Article.objects.aggregate(n=Count("pk"), top=Max("pk"))
    last = instruments["last"]
    return "|".join(
        str(part)
        for part in (
            instruments["n"],
            instruments["top"],
            last.isoformat() if last else "",
            articles["n"],
            articles["top"],
            ",".join(search_levels()),
        )
    )


def search_docs() -> list[Doc]:
    """The indexed corpus: every numbered article of every version of the instruments of the searched levels, one
    source per work (the fuller LawRefBook copy when both are loaded), filtered in the database. Whole texts of
    instruments without numbered articles (全文) are left out: article search answers with an article, and those
    texts are found by title on the browse page; being long, they only skewed the corpus statistics."""
    instruments = instruments_one_source_per_work(
        Instrument.objects.filter(level__in=search_levels()), current_only=False
    )
    return list(article_docs(instruments=instruments, numbered_only=True))


@functools.cache
def _training() -> tuple[TrainingExample, ...]:
    """The engine's bundled STARD training split, read once per process."""
    return tuple(bundled_training())


class EngineBackend:
    """The in-process engine (default backend). Ranking is pure Python over the corpus in primary-key order."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine

    @classmethod
    def build(cls, *, cache_dir: Path | None) -> EngineBackend:
        started = time.monotonic()
        docs = search_docs()
        engine = SearchEngine.build(docs, training=_training(), cache_dir=cache_dir)
        log.info("statute search engine ready: %d articles in %.1f s", len(docs), time.monotonic() - started)
        return cls(engine)

    @property
    def size(self) -> int:
        return len(self.engine.docs)

    def rank(self, query: str, *, top_k: int, filters: SearchFilters) -> list[RankedArticle]:
        hits: list[Hit] = self.engine.search(query, top_k=top_k, filters=filters.to_engine())
        return [RankedArticle(h.key, h.law, h.article, h.score, h.snippet) for h in hits]


# --- the per-process singleton ---------------------------------------------------------------------------


@dataclass
class _Loaded:
    backend: EngineBackend
    fingerprint: str
    checked_at: float


class _EngineHolder:
    """Lazily builds the backend once; rebuilds when the corpus fingerprint changes.

    Only one thread builds. Until the first build finishes, callers wait for it; during a rebuild the other
    threads keep using the previous backend.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: _Loaded | None = None

    def get(self) -> EngineBackend:
        loaded = self._loaded
        now = time.monotonic()
        if loaded is not None and now - loaded.checked_at < _recheck_seconds():
            return loaded.backend
        fingerprint = corpus_fingerprint()
        if loaded is not None and loaded.fingerprint == fingerprint:
            loaded.checked_at = now
            return loaded.backend
        if loaded is not None and not self._lock.acquire(blocking=False):
            return loaded.backend  # another thread is rebuilding: answer from the previous corpus meanwhile
        if loaded is None:
            self._lock.acquire()
        try:
            current = self._loaded
            if current is not None and current.fingerprint == fingerprint:
                return current.backend
            backend = EngineBackend.build(cache_dir=search_cache_dir())
            self._loaded = _Loaded(backend, fingerprint, time.monotonic())
            return backend
        finally:
            self._lock.release()

    def reset(self) -> None:
        with self._lock:
            self._loaded = None


_HOLDER = _EngineHolder()


def search_backend() -> SearchBackend:
    """The configured backend (the in-process engine), built on first use."""
    return _HOLDER.get()


def search_engine_reset() -> None:
    """Forget the built engine (tests; an import in the same process can also call it)."""
    _HOLDER.reset()


def search_index_warm() -> int:
    """Build (or load from the disk cache) the index now; returns the number of indexed articles."""
    backend = _HOLDER.get()
    return backend.size


# --- the service ---------------------------------------------------------------------------------------------


def _clean(query: object) -> str:
    if not isinstance(query, str):
        return ""
    return query.strip()[:MAX_QUERY_CHARS]


def statute_rank(*, query: str, top_k: int = 10, filters: SearchFilters | None = None) -> list[RankedArticle]:
    """Best articles for a question, best first, without touching the database beyond the engine's build.

    Never raises on odd input: empty, binary or huge text gives `[]` or the results for its first 1,000 chars.
    """
    text = _clean(query)
    top_k = max(0, min(int(top_k), MAX_TOP_K))
    if not text or top_k == 0:
        return []
    return search_backend().rank(text, top_k=top_k, filters=filters or SearchFilters())


def statute_search(*, query: str, top_k: int = 10, filters: SearchFilters | None = None) -> list[SearchHit]:
    """Ranked, hydrated hits: law title, article label, snippet, validity and the statutes app's permalinks."""
    ranked = statute_rank(query=query, top_k=top_k, filters=filters)
    if not ranked:
        return []
    by_id = {
        article.pk: article
        for article in Article.objects.filter(pk__in=[int(r.key) for r in ranked]).select_related(
            "instrument"
        )
    }
    hits: list[SearchHit] = []
    for r in ranked:
        article = by_id.get(int(r.key))
        if article is None:
            continue  # deleted by a re-import while the previous engine was still answering
        instrument = article.instrument
        hits.append(
            SearchHit(
                article_id=article.pk,
                law=instrument.title,
                short_title=instrument.short_title,
                article=article.label,
                snippet=r.snippet,
                score=r.score,
                level=instrument.level,
                current=instrument.is_current and instrument.status != InstrumentStatus.REPEALED,
                status=instrument.status,
                status_label=InstrumentStatus(instrument.status).label,
                instrument_id=instrument.pk,
                instrument_url=instrument.get_absolute_url(),
                url=article.get_absolute_url(),
            )
        )
    return hits


def search_filters_build(
    *, levels: Sequence[str] = (), current_only: bool = True, instrument: str = ""
) -> SearchFilters:
    """Filters from user input: unknown level names are ignored (a level that is not indexed matches nothing);
    `instrument` is an instrument id or a (short) title.

    An instrument that matches nothing gives a filter that matches nothing (an empty result, not all results).
    """
    chosen = frozenset(level for level in levels if level in InstrumentLevel.values) or None
    keys: frozenset[str] | None = None
    ref = instrument.strip()[:200]
    if ref:
        qs = Instrument.objects.all()
        found = qs.filter(pk=int(ref)) if ref.isdigit() else qs.filter(title=ref) | qs.filter(short_title=ref)
        keys = frozenset(found.values_list("work_key", flat=True))
    return SearchFilters(levels=chosen, current_only=current_only, instrument_keys=keys)
