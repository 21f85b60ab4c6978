"""Parse one LawRefBook Markdown file (J1). Pure: text in, `MarkdownDocument` out.

The layout (see 法律法规模版.md upstream)::

    # 中华人民共和国民法典          ← title
    # 总则                          ← optional subtitle (a part of a split instrument)
    2020年5月28日 …通过             ← history lines, one per event
    2021年1月1日 施行
    <!-- INFO END -->
    ## 第一章 基本规定             ← headings: 编 / 分编 / 章 / 节, depth by number of #
    第一条 为了……                  ← an article starts a paragraph with 第X条 (or 第X条之N)
    （一）……                        ← further paragraphs belong to the article above
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from fawang.statutes.importers.types import ParsedArticle
from fawang.statutes.numerals import NUMERAL_PATTERN, NumeralError, article_label, cn_to_int

INFO_END = "<!-- INFO END -->"
_FRONT_MATTER_RE = re.compile(r"\A\s*---\s*\n.*?\n---[ \t]*\n?", re.DOTALL)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADING_RE = re.compile(r"^(#{1,6})(?:[ \t\u3000]+(.*?))?[ \t#]*$")
# 第X条 then a separator; 第X 条 (a stray space before 条) may run straight into the text.
_ARTICLE_RE = re.compile(
    rf"^第[ \u3000]?({NUMERAL_PATTERN})(?:[ \u3000]条(?:之({NUMERAL_PATTERN}))?|条(?:之({NUMERAL_PATTERN}))?(?=[ \t\u3000\u2002\u2003:：]|$))[ \t\u3000\u2002\u2003:：]*(.*)$"
)
_HEADING_CONTINUES = ("、", "，", ",", "和", "及", "与", "的")
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\ufeff")
_SPACES_RE = re.compile(r"[\s\u2002\u2003\u3000\u00a0]+")
_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def normalize_space(text: str) -> str:
    """Collapse runs of (full-width, en-, em-) spaces into one ASCII space."""
    return _SPACES_RE.sub(" ", text).strip()


@dataclass(frozen=True)
class HistoryLine:
    date: dt.date | None
    text: str


@dataclass(frozen=True)
class MarkdownDocument:
    title: str
    subtitle: str = ""
    history: tuple[HistoryLine, ...] = ()
    preamble: str = ""
    articles: tuple[ParsedArticle, ...] = ()
    body: str = ""  # all body paragraphs, for instruments without numbered articles
    duplicate_labels: tuple[str, ...] = field(default=())

    @property
    def effective_date(self) -> dt.date | None:
        for line in self.history:
            if line.date and "施行" in line.text:
                return line.date
        return None

    @property
    def last_event_date(self) -> dt.date | None:
        """The date of the last adoption or amendment event: the version date when the file name has none."""
        dates = [line.date for line in self.history if line.date and "施行" not in line.text]
        return max(dates) if dates else None


def parse_date(text: str) -> dt.date | None:
    match = _DATE_RE.search(text)
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _split_header(text: str) -> tuple[list[str], list[str]]:
    """Header lines (title, subtitle, history) and body lines."""
    if INFO_END in text:
        head, body = text.split(INFO_END, 1)
        return head.splitlines(), body.splitlines()
    # No marker: the header ends at the first structural heading or article.
    lines = text.splitlines()
    for index, line in enumerate(lines):
        stripped = line.strip()
        if index and (stripped.startswith("##") or _ARTICLE_RE.match(stripped)):
            return lines[:index], lines[index:]
    return lines[:1], lines[1:]


class _ArticleBuilder:
    """Collects paragraphs into articles while tracking the heading path."""

    def __init__(self) -> None:
        self.path: list[tuple[int, str]] = []  # (heading depth, text)
        self.articles: list[ParsedArticle] = []
        self.preamble: list[str] = []
        self.body: list[str] = []
        self.duplicates: list[str] = []
        self._seen: set[tuple[int, int]] = set()
        self._current: tuple[int, int, str, tuple[str, ...]] | None = None
        self._paragraphs: list[str] = []
        self._pending_headings: list[str] = []

    def heading(self, depth: int, text: str) -> None:
        # The new path applies from the next article on. Text under a heading that no article follows
        # (an annex after the last article) stays with the article above, heading included.
        if text:
            self._pending_headings.append(text)
        while self.path and self.path[-1][0] >= depth:
            self.path.pop()
        if text:
            self.path.append((depth, text))
        self.body.append(text)

    def paragraph(self, line: str) -> None:
        self.body.append(line)
        match = _ARTICLE_RE.match(line)
        if match is not None:
            try:
                number = cn_to_int(match.group(1))
                suffix_text = match.group(2) or match.group(3)
                suffix = cn_to_int(suffix_text) if suffix_text else 0
            except NumeralError:
                match = None
        if (
            match is None
            and self._pending_headings
            and self._pending_headings[-1].endswith(_HEADING_CONTINUES)
        ):
            # A heading wrapped onto a second line (第五章 卷烟纸、滤嘴棒、烟用丝束、 / 烟草专用机械的生产和销售).
            joined = f"{self._pending_headings[-1]}{line}"
            self._pending_headings[-1] = joined
            if self.path:
                self.path[-1] = (self.path[-1][0], joined)
            return
        if match is None:
            if self._current is None:
                self.preamble.append(line)
            else:
                self._paragraphs.extend(self._pending_headings)
                self._paragraphs.append(line)
            self._pending_headings = []
            return
        self._pending_headings = []
        self._flush()
        label = article_label(number, suffix)
        self._current = (number, suffix, label, tuple(text for _, text in self.path))
        first = match.group(4).strip()
        self._paragraphs = [first] if first else []

    def _flush(self) -> None:
        if self._current is None:
            return
        number, suffix, label, path = self._current
        text = "\n".join(self._paragraphs)
        if (number, suffix) in self._seen:
            # A repeated number (an annex restarting its numbering, a typo): keep the text with the article above.
            self.duplicates.append(label)
            previous = self.articles[-1]
            self.articles[-1] = ParsedArticle(
                previous.number,
                previous.suffix,
                previous.label,
                f"{previous.text}\n{label} {text}".strip(),
                previous.path,
            )
        else:
            self._seen.add((number, suffix))
            self.articles.append(ParsedArticle(number, suffix, label, text, path))
        self._current = None
        self._paragraphs = []

    def finish(self) -> None:
        self._flush()


def parse_markdown(text: str) -> MarkdownDocument:
    """Parse one file. Raises ValueError when there is no `# title` line."""
    text = text.replace("\r\n", "\n").translate(_INVISIBLE)
    text = _FRONT_MATTER_RE.sub("", text, count=1)
    head_lines, body_lines = _split_header(text)
    titles: list[str] = []
    history: list[HistoryLine] = []
    for raw in head_lines:
        line = normalize_space(
            _COMMENT_RE.sub("", raw.replace("---", "", 1) if raw.startswith("---#") else raw)
        )
        if not line:
            continue
        heading = _HEADING_RE.match(line)
        if heading is not None:
            if heading.group(2):
                titles.append(normalize_space(heading.group(2)))
            continue
        history.append(HistoryLine(parse_date(line), line))
    if not titles:
        raise ValueError("缺少标题行（# 标题）")

    builder = _ArticleBuilder()
    body = _COMMENT_RE.sub("", "\n".join(body_lines))
    for raw in body.splitlines():
        line = raw.strip().replace("\u00a0", " ")
        if not line:
            continue
        heading = _HEADING_RE.match(line)
        if heading is not None:
            builder.heading(len(heading.group(1)), normalize_space(heading.group(2) or ""))
        else:
            builder.paragraph(line)
    builder.finish()
    return MarkdownDocument(
        title=titles[0],
        subtitle=titles[1] if len(titles) > 1 else "",
        history=tuple(history),
        preamble="\n".join(builder.preamble),
        articles=tuple(builder.articles),
        body="\n".join(line for line in builder.body if line),
        duplicate_labels=tuple(builder.duplicates),
    )
