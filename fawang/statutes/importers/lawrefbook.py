"""Read a LawRefBook tree (J1): Markdown files by branch of law, `db_export.json` metadata, versions by date.

Pure apart from reading files: `lawrefbook_parse(root)` returns `ParsedInstrument`s and the files it skipped.

- A file is `<folder>/<name>.md` or `<folder>/<name>(YYYY-MM-DD).md`; the date is the version date.
- `db_export.json` (`laws`: folder, name, publish, valid_from, expired, level) is joined on (folder, name, date).
- Versions of one work share a `work_key` (the title without spaces); the latest version is current. `expired`
  marks a superseded version, or a repealed work when the latest version carries it.
- Parts of one instrument split over several files (民法典/总则.md, 物权编.md …: same title, a `# 副标题`)
  are merged into one instrument, the part name heading each article path.
- 案例 (court cases) and the upstream README/template are not statutes and are skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fawang.statutes.importers.markdown import MarkdownDocument, parse_markdown
from fawang.statutes.importers.types import ParsedArticle, ParsedInstrument, ParseResult, SkippedSource

SOURCE = "lawrefbook"
PRC_PREFIX = "中华人民共和国"
METADATA_FILE = "db_export.json"
SKIPPED_NAMES = {"README.md", "法律法规模版.md", "_index.md"}
SKIPPED_FOLDERS = {"案例": "司法案例不是法律法规，不导入"}
_FILE_RE = re.compile(r"^(?P<name>.+?)(?:\((?P<date>\d{4}-\d{2}-\d{2})\))?\.md$")

# Levels use the InstrumentLevel values; the folder decides when db_export.json has no entry.
_FOLDER_LEVELS = {
    "宪法": "宪法",
    "行政法规": "行政法规",
    "司法解释": "司法解释",
    "部门规章": "部门规章",
    "DLC": "地方性法规",
    "其他": "其他",
}
_KNOWN_LEVELS = {"宪法", "法律", "行政法规", "司法解释", "部门规章", "地方性法规", "其他"}

# InstrumentStatus values.
IN_FORCE, AMENDED, REPEALED = "in_force", "amended", "repealed"

ProgressCallback = Callable[[str], None]


@dataclass(frozen=True)
class Metadata:
    level: str
    publish: dt.date | None
    valid_from: dt.date | None
    expired: bool


@dataclass(frozen=True)
class _File:
    relpath: str
    folder: str  # the directory, relative to the root
    name: str
    date: dt.date | None
    document: MarkdownDocument
    metadata: Metadata | None


def short_title(title: str) -> str:
    """中华人民共和国民法典 → 民法典; 最高人民法院关于适用《中华人民共和国民法典》… → …《民法典》…"""
    title = title.removeprefix(PRC_PREFIX)
    return title.replace(f"《{PRC_PREFIX}", "《")


def work_key_for(title: str) -> str:
    return re.sub(r"[\s、]", "", title)


def _iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def metadata_load(root: Path) -> dict[tuple[str, str, dt.date | None], Metadata]:
    """db_export.json keyed by (folder, name, publish date). Missing file → empty (metadata is optional)."""
    path = root / METADATA_FILE
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    result: dict[tuple[str, str, dt.date | None], Metadata] = {}
    for entry in data.get("laws", []):
        name = entry.get("filename") or entry.get("name")
        folder = entry.get("folder") or ""
        if not isinstance(name, str) or not isinstance(folder, str):
            continue
        level = entry.get("level")
        result[(folder, name, _iso_date(entry.get("publish")))] = Metadata(
            level=level if isinstance(level, str) else "",
            publish=_iso_date(entry.get("publish")),
            valid_from=_iso_date(entry.get("valid_from")),
            expired=bool(entry.get("expired")),
        )
    return result


def _metadata_find(
    index: dict[tuple[str, str, dt.date | None], Metadata],
    by_name: dict[tuple[str, str], list[Metadata]],
    folder: str,
    name: str,
    date: dt.date | None,
) -> Metadata | None:
    exact = index.get((folder, name, date))
    if exact is not None:
        return exact
    candidates = by_name.get((folder, name), [])
    if date is None and len(candidates) == 1:
        return candidates[0]
    return None


def _level(folder: str, metadata: Metadata | None) -> str:
    if metadata is not None and metadata.level in _KNOWN_LEVELS:
        return metadata.level
    top = folder.split("/", 1)[0]
    return _FOLDER_LEVELS.get(top, "法律")


def _discover(root: Path) -> tuple[list[Path], list[SkippedSource]]:
    files: list[Path] = []
    skipped: list[SkippedSource] = []
    for path in sorted(root.rglob("*.md")):
        relpath = path.relative_to(root).as_posix()
        top = relpath.split("/", 1)[0]
        if path.name in SKIPPED_NAMES:
            continue
        if top in SKIPPED_FOLDERS:
            skipped.append(SkippedSource(relpath, SKIPPED_FOLDERS[top]))
            continue
        files.append(path)
    return files, skipped


def _read(
    root: Path,
    path: Path,
    index: dict[tuple[str, str, dt.date | None], Metadata],
    by_name: dict[tuple[str, str], list[Metadata]],
) -> _File:
    relpath = path.relative_to(root).as_posix()
    match = _FILE_RE.match(path.name)
    if match is None:  # pragma: no cover - every *.md matches
        raise ValueError("文件名无法识别")
    name = match.group("name")
    date = _iso_date(match.group("date"))
    folder = path.parent.relative_to(root).as_posix()
    document = parse_markdown(path.read_text(encoding="utf-8"))
    metadata = _metadata_find(index, by_name, folder, name, date)
    return _File(relpath, folder, name, date, document, metadata)


def _merge_parts(parts: list[_File]) -> tuple[str, tuple[ParsedArticle, ...], str]:
    """Merge the files of a split instrument (民法典 编 by 编) in article order."""
    parts = sorted(
        parts, key=lambda f: (f.document.articles[0].number if f.document.articles else 0, f.relpath)
    )
    articles: list[ParsedArticle] = []
    seen: set[tuple[int, int]] = set()
    for part in parts:
        for article in part.document.articles:
            if (article.number, article.suffix) in seen:
                continue
            seen.add((article.number, article.suffix))
            articles.append(
                ParsedArticle(
                    article.number,
                    article.suffix,
                    article.label,
                    article.text,
                    (part.document.subtitle, *article.path),
                )
            )
    folder = parts[0].folder
    return f"{folder}/{parts[0].document.title}", tuple(articles), parts[0].document.preamble


@dataclass(frozen=True)
class _Version:
    source_key: str
    files: tuple[_File, ...]
    articles: tuple[ParsedArticle, ...]
    preamble: str

    @property
    def head(self) -> _File:
        return self.files[0]

    @property
    def version_date(self) -> dt.date | None:
        head = self.head
        if head.date:
            return head.date
        if head.metadata and head.metadata.publish:
            return head.metadata.publish
        return head.document.last_event_date


def _versions(files: list[_File]) -> list[_Version]:
    """One version per file, except split instruments whose parts become one version."""
    groups: dict[tuple[str, str, dt.date | None], list[_File]] = defaultdict(list)
    single: list[_Version] = []
    for file in files:
        if file.document.subtitle:
            groups[(file.folder, file.document.title, file.date)].append(file)
        else:
            single.append(
                _Version(file.relpath, (file,), _articles_or_body(file.document), file.document.preamble)
            )
    for parts in groups.values():
        if len(parts) == 1:
            file = parts[0]
            single.append(
                _Version(file.relpath, (file,), _articles_or_body(file.document), file.document.preamble)
            )
            continue
        key, articles, preamble = _merge_parts(parts)
        single.append(_Version(key, tuple(sorted(parts, key=lambda f: f.relpath)), articles, preamble))
    return single


def _articles_or_body(document: MarkdownDocument) -> tuple[ParsedArticle, ...]:
    """Instruments without 第X条 (amendments listed 一、二、…) are kept whole as one 全文 block."""
    if document.articles:
        return document.articles
    if document.body:
        return (ParsedArticle(0, 0, "全文", document.body, ()),)
    return ()


def _status(version: _Version, *, is_current: bool) -> str:
    expired = bool(version.head.metadata and version.head.metadata.expired)
    if is_current:
        return REPEALED if expired else IN_FORCE
    return AMENDED


def _instrument(version: _Version, *, work_key: str, is_current: bool) -> ParsedInstrument:
    head = version.head
    document = head.document
    version_date = version.version_date
    effective = (head.metadata.valid_from if head.metadata else None) or document.effective_date
    return ParsedInstrument(
        source=SOURCE,
        source_key=version.source_key,
        work_key=work_key,
        title=document.title,
        short_title=short_title(document.title),
        level=_level(head.folder, head.metadata),
        status=_status(version, is_current=is_current),
        is_current=is_current,
        issuing_body="",
        publish_date=version_date,
        effective_date=effective,
        version_label=f"{version_date:%Y-%m-%d}" if version_date else "",
        category=head.folder,
        preamble=version.preamble,
        articles=version.articles,
    )


def _works(
    versions: list[_Version],
) -> tuple[list[ParsedInstrument], list[SkippedSource]]:
    by_work: dict[str, list[_Version]] = defaultdict(list)
    for version in versions:
        by_work[work_key_for(version.head.document.title)].append(version)
    instruments: list[ParsedInstrument] = []
    skipped: list[SkippedSource] = []
    for work_key, members in by_work.items():
        # Oldest first; files with metadata first among equal dates, so the one with metadata is kept.
        members.sort(key=lambda v: (v.version_date or dt.date.min, v.head.metadata is None, v.source_key))
        kept: list[_Version] = []
        for version in members:
            if kept and kept[-1].version_date == version.version_date:
                skipped.append(
                    SkippedSource(version.source_key, f"与 {kept[-1].source_key} 为同一版本，重复文件不导入")
                )
                continue
            kept.append(version)
        for position, version in enumerate(kept):
            instruments.append(_instrument(version, work_key=work_key, is_current=position == len(kept) - 1))
    return instruments, skipped


def lawrefbook_parse(root: Path, *, on_file: ProgressCallback | None = None) -> ParseResult:
    """Parse a whole tree. Raises FileNotFoundError when `root` is not a directory."""
    if not root.is_dir():
        raise FileNotFoundError(f"目录不存在：{root}")
    index = metadata_load(root)
    by_name: dict[tuple[str, str], list[Metadata]] = defaultdict(list)
    for (folder, name, _date), meta in index.items():
        by_name[(folder, name)].append(meta)
    paths, skipped = _discover(root)
    files: list[_File] = []
    for path in paths:
        relpath = path.relative_to(root).as_posix()
        if on_file is not None:
            on_file(relpath)
        try:
            file = _read(root, path, index, by_name)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            skipped.append(SkippedSource(relpath, f"无法解析：{exc}"))
            continue
        if not file.document.articles and not file.document.body:
            skipped.append(SkippedSource(relpath, "没有正文"))
            continue
        files.append(file)
    instruments, duplicates = _works(_versions(files))
    instruments.sort(key=lambda i: i.source_key)
    return ParseResult(tuple(instruments), tuple(skipped + duplicates))


def lawrefbook_file_count(root: Path) -> int:
    """How many files `lawrefbook_parse` will read (for a progress bar)."""
    return len(_discover(root)[0]) if root.is_dir() else 0
