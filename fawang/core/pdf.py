"""Chinese PDF documents for every service (decisions, receipts, 调解协议书, 公证书, 鉴定意见书; ADR 0022, issue 6).

One CJK face (Noto Serif CJK SC, face 2 of Debian's ``fonts-noto-cjk`` collection; 宋体-style as official documents
use) is parsed once per process and shared by every document. Parsing the 45,000-character cmap and width tables
took about half of the 3.6–4.8 s a decision cost when each document called ``FPDF.add_font`` for a regular and a
bold face (docs/benchmarks.md, issue 6). Each document gets a shallow copy of the parsed font with its own glyph
subset and its own lazily opened font file, because fpdf2 subsets that file in place when it writes the PDF.
Headings are emboldened by stroking the glyph outlines, so no second (bold) face is parsed or subset.

Documents are rendered from stored records or snapshots only, so the PDF always says what the record says (issue 6,
"Bad input and faults"). Two layouts share the font:

- ``document_pdf(content)``: a content dict (legal aid, window and portal receipts)::

      {"title": str, "number": str, "reference": str,
       "fields": [[label, value], ...],          # the facts block
       "paragraphs": [str, ...],                 # body text
       "items": [[name, quantity, date], ...],   # optional table (C7 receipts, C6 notices)
       "item_headings": [str, str, str],         # optional headings of that table
       "basis": str, "rights": [str, ...], "issuer": str, "date": "YYYY-MM-DD"}

- ``Document``: a builder of headings, paragraphs, fields and signature lines (mediation, notary, appraisal).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from fontTools import ttLib  # type: ignore[import-untyped]  # fontTools ships no type hints
from fpdf import FPDF
from fpdf.enums import TextMode
from fpdf.fonts import SubsetMap, TTFFont

from fawang.core.errors import DomainError

FONT_DIRS: Final = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/truetype/noto"),
)
FONT_FILE: Final = "NotoSerifCJK-Regular.ttc"
SC_FACE: Final = 2  # JP, KR, SC, TC, HK: the simplified-Chinese face of the collection
FAMILY: Final = "cjk"
BOLD_STROKE_MM: Final = 0.25  # outline width that makes a heading read as bold


class FontMissingError(DomainError):
    """fonts-noto-cjk is not installed (`apt-get install fonts-noto-cjk`)."""

    def __init__(self) -> None:
        super().__init__(
            f"服务器缺少中文字体 {FONT_FILE}，无法生成文书：请安装 Debian 软件包 fonts-noto-cjk。"
        )


_lock = threading.Lock()
_parsed: list[TTFFont] = []  # at most one entry: the face parsed by the first document of the process


def font_path() -> Path:
    for folder in FONT_DIRS:
        path = folder / FONT_FILE
        if path.exists():
            return path
    raise FontMissingError()


def _parsed_face() -> TTFFont:
    """The face with its cmap, widths and glyph ids, parsed on first use and kept for the life of the process."""
    with _lock:
        if not _parsed:
            # TTFFont only reads the owner's font count and colour-font switch; a scratch FPDF supplies them.
            face = TTFFont(FPDF(), font_path(), FAMILY, "", collection_font_number=SC_FACE)
            face.ttfont.close()  # documents open their own copy of the file (see _attach)
            _parsed.append(face)
        return _parsed[0]


def _attach(pdf: FPDF) -> TTFFont:
    """Register the shared face on ``pdf`` under FAMILY (what ``pdf.add_font`` does, without parsing again).

    The parsed tables (cmap, widths, glyph ids, descriptor) are read-only and shared. The per-document state is
    fresh: the subset of glyphs used, the missing-glyph list, and the font file object that fpdf2's subsetter
    rewrites when the PDF is written."""
    face = copy.copy(_parsed_face())
    face.i = len(pdf.fonts) + 1
    face.ttfont = ttLib.TTFont(face.ttffile, recalcTimestamp=False, fontNumber=SC_FACE, lazy=True)
    face.missing_glyphs = []
    face.biggest_size_pt = 0
    face.subset = SubsetMap(face)
    pdf.fonts[FAMILY] = face
    return face


def _new_pdf(*, title: str, top: float) -> tuple[FPDF, TTFFont]:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(20, top, 20)
    face = _attach(pdf)
    pdf.set_creator("法网 Fawang")
    pdf.set_title(title)
    pdf.add_page()
    return pdf, face


def _output(pdf: FPDF, face: TTFFont) -> bytes:
    try:
        return bytes(pdf.output())
    finally:
        face.ttfont.close()


def _bold(pdf: FPDF, on: bool) -> None:
    pdf.text_mode = TextMode.FILL_STROKE if on else TextMode.FILL
    pdf.set_line_width(BOLD_STROKE_MM if on else 0.2)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _line(pdf: FPDF, height: float, text: str, *, align: str = "L") -> None:
    pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")


# --- Layout 1: the content dict (legal aid, receipts) -------------------------------------------------------------


def _fields(pdf: FPDF, fields: Sequence[Sequence[Any]]) -> None:
    pdf.set_font(FAMILY, "", 11)
    for label, value in fields:
        pdf.set_x(pdf.l_margin)
        _line(pdf, 7, f"{_text(label)}：{_text(value)}")


def _items(pdf: FPDF, items: Sequence[Sequence[Any]], headings: Sequence[str]) -> None:
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 11)
    widths = (100, 25, 45)
    _bold(pdf, True)
    for width, heading in zip(widths, headings, strict=False):
        pdf.cell(width, 8, heading, border=1, align="C")
    _bold(pdf, False)
    pdf.ln(8)
    for row in items:
        for width, value in zip(widths, row, strict=False):
            pdf.cell(width, 8, _text(value), border=1)
        pdf.ln(8)
    pdf.ln(2)


def document_pdf(content: Mapping[str, Any]) -> bytes:
    """Render one content-dict document; returns the PDF bytes."""
    pdf, face = _new_pdf(title=_text(content.get("title")), top=18)
    pdf.set_font(FAMILY, "", 18)
    _bold(pdf, True)
    _line(pdf, 12, _text(content.get("title")), align="C")
    _bold(pdf, False)
    pdf.set_font(FAMILY, "", 10)
    _line(pdf, 6, f"文书编号：{_text(content.get('number'))}", align="R")
    _line(pdf, 6, f"工单编号：{_text(content.get('reference'))}", align="R")
    pdf.ln(3)
    _fields(pdf, content.get("fields") or [])
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 12)
    for paragraph in content.get("paragraphs") or []:
        _line(pdf, 8, _text(paragraph))
        pdf.ln(1)
    items = content.get("items") or []
    if items:
        _items(pdf, items, content.get("item_headings") or ("材料名称", "份数", "日期"))
    pdf.set_font(FAMILY, "", 11)
    if content.get("basis"):
        _line(pdf, 7, f"依据：{_text(content['basis'])}")
    for right in content.get("rights") or []:
        _line(pdf, 7, _text(right))
    pdf.ln(6)
    pdf.set_font(FAMILY, "", 12)
    _line(pdf, 8, _text(content.get("issuer")), align="R")
    _line(pdf, 8, _text(content.get("date")), align="R")
    pdf.ln(4)
    pdf.set_font(FAMILY, "", 9)
    _line(pdf, 5, "公共法律服务热线：12348", align="C")
    return _output(pdf, face)


# --- Layout 2: the builder (mediation, notary, appraisal) ---------------------------------------------------------


@dataclass
class Document:
    """A plain official document: title, numbered reference, sections of paragraphs and fields, signature lines."""

    title: str
    reference: str = ""
    blocks: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)

    def heading(self, text: str) -> Document:
        self.blocks.append(("heading", [("", text)]))
        return self

    def paragraph(self, text: str) -> Document:
        self.blocks.append(("paragraph", [("", text)]))
        return self

    def fields(self, rows: Iterable[tuple[str, str]]) -> Document:
        self.blocks.append(("fields", list(rows)))
        return self

    def items(self, lines: Sequence[str]) -> Document:
        self.blocks.append(("fields", [(f"{n}", line) for n, line in enumerate(lines, start=1)]))
        return self

    def signatures(self, rows: Iterable[tuple[str, str]]) -> Document:
        self.blocks.append(("signatures", list(rows)))
        return self

    def render(self) -> bytes:
        pdf, face = _new_pdf(title=self.title, top=20)
        pdf.set_font(FAMILY, "", 18)
        _bold(pdf, True)
        _line(pdf, 11, self.title, align="C")
        _bold(pdf, False)
        if self.reference:
            pdf.set_font(FAMILY, "", 11)
            _line(pdf, 7, self.reference, align="R")
        pdf.ln(3)
        for kind, rows in self.blocks:
            _block(pdf, kind, rows)
        return _output(pdf, face)


def _block(pdf: FPDF, kind: str, rows: list[tuple[str, str]]) -> None:
    if kind == "heading":
        pdf.ln(2)
        pdf.set_font(FAMILY, "", 13)
        _bold(pdf, True)
        _line(pdf, 8, rows[0][1])
        _bold(pdf, False)
        return
    pdf.set_font(FAMILY, "", 11)
    if kind == "paragraph":
        _line(pdf, 7, rows[0][1])
        return
    if kind == "signatures":
        pdf.ln(4)
    for label, text in rows:
        shown = text or ("（未签）" if kind == "signatures" else "—")
        line = f"{label}. {shown}" if label.isdigit() else f"{label}：{shown}"
        _line(pdf, 8 if kind == "signatures" else 7, line)
