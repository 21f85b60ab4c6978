"""PDF documents with embedded Chinese fonts (fpdf2 + Noto CJK from Debian's fonts-noto-cjk; ADR 0022).

A document is rendered from its stored content dict only (``Document.content``), never from live rows, so the
PDF always says what the record says. Content shape::

    {"title": str, "number": str, "reference": str,
     "fields": [[label, value], ...],          # the facts block
     "paragraphs": [str, ...],                 # body text
     "items": [[name, quantity, date], ...],   # optional table (C7 receipts, C6 notices)
     "basis": str, "rights": [str, ...], "issuer": str, "date": "YYYY-MM-DD"}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from fpdf import FPDF

FONT_DIRS: Final = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/truetype/noto"),
)
# Index 2 of the Noto CJK collections is the Simplified Chinese face (JP, KR, SC, TC, HK order).
SC_FACE: Final = 2
REGULAR: Final = "NotoSansCJK-Regular.ttc"
BOLD: Final = "NotoSansCJK-Bold.ttc"


class FontMissingError(RuntimeError):
    """fonts-noto-cjk is not installed: `apt-get install fonts-noto-cjk`."""


def _font(name: str) -> Path:
    for folder in FONT_DIRS:
        path = folder / name
        if path.exists():
            return path
    raise FontMissingError(f"未找到中文字体 {name}：请安装 Debian 软件包 fonts-noto-cjk。")


def _new_pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(20, 18, 20)
    pdf.add_font("cjk", "", str(_font(REGULAR)), collection_font_number=SC_FACE)
    pdf.add_font("cjk", "B", str(_font(BOLD)), collection_font_number=SC_FACE)
    pdf.set_creator("法网 Fawang")
    pdf.add_page()
    return pdf


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _fields(pdf: FPDF, fields: Sequence[Sequence[Any]]) -> None:
    pdf.set_font("cjk", "", 11)
    for label, value in fields:
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, 7, f"{_text(label)}：{_text(value)}", new_x="LMARGIN", new_y="NEXT")


def _items(pdf: FPDF, items: Sequence[Sequence[Any]], headings: Sequence[str]) -> None:
    pdf.ln(2)
    pdf.set_font("cjk", "B", 11)
    widths = (100, 25, 45)
    for width, heading in zip(widths, headings, strict=False):
        pdf.cell(width, 8, heading, border=1, align="C")
    pdf.ln(8)
    pdf.set_font("cjk", "", 11)
    for row in items:
        for width, value in zip(widths, row, strict=False):
            pdf.cell(width, 8, _text(value), border=1)
        pdf.ln(8)
    pdf.ln(2)


def document_pdf(content: Mapping[str, Any]) -> bytes:
    """Render one document; returns the PDF bytes."""
    pdf = _new_pdf()
    pdf.set_title(_text(content.get("title")))
    pdf.set_font("cjk", "B", 18)
    pdf.multi_cell(0, 12, _text(content.get("title")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "", 10)
    pdf.multi_cell(
        0, 6, f"文书编号：{_text(content.get('number'))}", align="R", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.multi_cell(
        0, 6, f"工单编号：{_text(content.get('reference'))}", align="R", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(3)
    _fields(pdf, content.get("fields") or [])
    pdf.ln(2)
    pdf.set_font("cjk", "", 12)
    for paragraph in content.get("paragraphs") or []:
        pdf.multi_cell(0, 8, _text(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    items = content.get("items") or []
    if items:
        _items(pdf, items, content.get("item_headings") or ("材料名称", "份数", "日期"))
    if content.get("basis"):
        pdf.set_font("cjk", "", 11)
        pdf.multi_cell(0, 7, f"依据：{_text(content['basis'])}", new_x="LMARGIN", new_y="NEXT")
    for right in content.get("rights") or []:
        pdf.set_font("cjk", "", 11)
        pdf.multi_cell(0, 7, _text(right), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("cjk", "", 12)
    pdf.multi_cell(0, 8, _text(content.get("issuer")), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 8, _text(content.get("date")), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", "", 9)
    pdf.multi_cell(0, 5, "公共法律服务热线：12348", align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
