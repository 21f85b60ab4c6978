"""The shared PDF helper (issue 6; ADR 0022): Chinese text is embedded and extractable, the CJK face is parsed
once per process, and each document gets its own glyph subset."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from fpdf.fonts import TTFFont
from pypdf import PdfReader

from fawang.core import pdf


def _text(data: bytes) -> str:
    raw = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", "", raw.replace("\x00", ""))


def _fonts(data: bytes) -> list[str]:
    resources: Any = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]
    return [str(font.get_object()["/BaseFont"]) for font in resources["/Font"].values()]


def test_content_dict_document_embeds_the_cjk_face_and_extracts_exactly() -> None:
    data = pdf.document_pdf(
        {
            "title": "给予法律援助决定书",
            "number": "援决〔2026〕7号",
            "reference": "FW20260302-00001",
            "fields": [["申请人", "欧阳娜娜"]],
            "paragraphs": ["经审查，决定给予法律援助。"],
            "items": [["身份证复印件", 1, "2026-03-02"]],
            "basis": "《中华人民共和国法律援助法》第四十三条",
            "issuer": "中山市法律援助中心",
            "date": "2026-03-09",
        }
    )
    text = _text(data)
    for expected in (
        "给予法律援助决定书",
        "申请人：欧阳娜娜",
        "身份证复印件",
        "依据：《中华人民共和国法律援助法》第四十三条",
    ):
        assert expected in text
    assert _fonts(data) == ["/MPDFAA+NotoSerifCJKSC"]


def test_documents_in_a_row_share_one_parsed_face_but_not_their_subsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[Any] = []
    real = TTFFont

    def counting(*args: Any, **kwargs: Any) -> Any:
        parsed.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf, "_parsed", [])
    monkeypatch.setattr(pdf, "TTFFont", counting)
    first = pdf.Document(title="人民调解协议书").paragraph("甲方赔偿乙方三千元。").render()
    second = pdf.Document(title="公证书").paragraph("兹证明鹦鹉螺号签名属实。").render()
    assert len(parsed) == 1
    # The second document's glyphs were never in the first: its own subset must carry them.
    assert (_text(first), _text(second)) == (
        "人民调解协议书甲方赔偿乙方三千元。",
        "公证书兹证明鹦鹉螺号签名属实。",
    )


def test_missing_font_is_a_chinese_error_naming_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf, "_parsed", [])
    monkeypatch.setattr(pdf, "FONT_DIRS", (tmp_path,))
    with pytest.raises(pdf.FontMissingError, match="请安装 Debian 软件包 fonts-noto-cjk"):
        pdf.document_pdf({"title": "受理通知书"})
