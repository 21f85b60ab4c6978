"""Chinese PDF documents (调解协议书, 公证书, 鉴定意见书, notices) with fpdf2 and the Debian Noto CJK fonts.

A small builder shared by mediation, notary and appraisal until the lead merges it with the legal-aid helper into
fawang/core (issue 6 report). Documents are rendered from the stored record every time, so a generated document
always matches the record (issue 6, "Bad input and faults"). The font is Noto Serif CJK SC (face 2 of the .ttc
collection), subset-embedded so text extraction (pypdf) returns the stored characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

from fawang.core.errors import DomainError

FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"))
FONT_FILES = {"regular": "NotoSerifCJK-Regular.ttc", "bold": "NotoSerifCJK-Bold.ttc"}
SC_FACE = 2  # JP, KR, SC, TC, HK: the simplified-Chinese face of the collection
FAMILY = "noto-serif-sc"


@lru_cache(maxsize=1)
def font_paths() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for style, name in FONT_FILES.items():
        for folder in FONT_DIRS:
            if (folder / name).exists():
                found[style] = folder / name
                break
    if "regular" not in found:
        raise DomainError("服务器缺少中文字体（fonts-noto-cjk），无法生成文书。")
    return found


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
        return _render(self)


def _render(doc: Document) -> bytes:
    paths = font_paths()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(20, 20, 20)
    pdf.add_font(FAMILY, "", str(paths["regular"]), collection_font_number=SC_FACE)
    bold = "B" if "bold" in paths else ""
    if bold:
        pdf.add_font(FAMILY, "B", str(paths["bold"]), collection_font_number=SC_FACE)
    pdf.set_title(doc.title)
    pdf.add_page()
    pdf.set_font(FAMILY, bold, 18)
    pdf.multi_cell(0, 11, doc.title, align="C", new_x="LMARGIN", new_y="NEXT")
    if doc.reference:
        pdf.set_font(FAMILY, "", 11)
        pdf.multi_cell(0, 7, doc.reference, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for kind, rows in doc.blocks:
        _block(pdf, kind, rows, bold)
    return bytes(pdf.output())


def _block(pdf: FPDF, kind: str, rows: list[tuple[str, str]], bold: str) -> None:
    width = pdf.epw
    if kind == "heading":
        pdf.ln(2)
        pdf.set_font(FAMILY, bold, 13)
        pdf.multi_cell(width, 8, rows[0][1], new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font(FAMILY, "", 11)
    if kind == "paragraph":
        pdf.multi_cell(width, 7, rows[0][1], new_x="LMARGIN", new_y="NEXT")
        return
    if kind == "signatures":
        pdf.ln(4)
    for label, text in rows:
        shown = text or ("（未签）" if kind == "signatures" else "—")
        line = f"{label}. {shown}" if label.isdigit() else f"{label}：{shown}"
        pdf.multi_cell(width, 8 if kind == "signatures" else 7, line, new_x="LMARGIN", new_y="NEXT")
