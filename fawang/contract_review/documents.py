"""Contract text from an uploaded file (J10, contract review): .txt (UTF-8, UTF-16 or GB18030) or .docx (python-docx).
Anything else, files over MAX_FILE_BYTES and archives that unpack to more than MAX_UNPACKED_BYTES are refused with a
Chinese message (`ReviewError(field="upload")`). The file is read in memory and never stored.
"""

from __future__ import annotations

import io
import zipfile
from typing import Protocol

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from fawang.contract_review.engine.model import ReviewError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a .docx is a zip: refuse one that would unpack into a bomb
MAX_PARTS = 2000
EXTENSIONS = ("txt", "docx")
FIELD = "upload"

_TEXT, _TAB, _BREAKS = qn("w:t"), qn("w:tab"), (qn("w:br"), qn("w:cr"))
_BOMS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


class UploadedFileLike(Protocol):
    @property
    def name(self) -> str | None: ...

    @property
    def size(self) -> int | None: ...

    def read(self, size: int = -1) -> bytes: ...


def _refuse(message: str) -> ReviewError:
    return ReviewError(message, field=FIELD)


def _decode(data: bytes) -> str:
    encodings = [encoding for bom, encoding in _BOMS if data.startswith(bom)] or ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise _refuse(
        "无法识别这个文件里的文字。请用记事本把它另存为 UTF-8 编码的 .txt 文件，或者直接把文字粘贴到文本框。"
    )


def _paragraph_text(paragraph: object) -> str:
    parts: list[str] = []
    for node in paragraph.iter():  # type: ignore[attr-defined]  # an lxml element of the document body
        if node.tag == _TEXT:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        elif node.tag in _BREAKS:
            parts.append("\n")
    return "".join(parts)


def _docx_text(data: bytes) -> str:
    unreadable = "无法读取这个 .docx 文件。请确认文件没有损坏，或者把文字复制粘贴到文本框。"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if "word/document.xml" not in {p.filename for p in parts}:
                raise _refuse("这个文件不是 Word 文档（.docx）。请上传 .docx 或 .txt 文件。")
            if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
                raise _refuse(
                    "这个 .docx 文件解压后过大，无法读取。请只保留合同正文，或者把文字复制粘贴到文本框。"
                )
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
        raise _refuse(unreadable) from exc
    body = document.element.body
    return "\n".join(_paragraph_text(p) for p in body.iter(qn("w:p")))


def contract_text_from_file(file: UploadedFileLike) -> str:
    """The text of an uploaded .txt or .docx contract. Raises ReviewError (field "upload") with a Chinese message."""
    name = (file.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        shown = f".{extension}" if extension else "没有扩展名的文件"
        raise _refuse(f"不能上传{shown}：只能上传 .txt 或 .docx 文件（Word 的 .doc 文件请先另存为 .docx）。")
    limit_mb = MAX_FILE_BYTES // (1024 * 1024)
    if file.size is not None and file.size > MAX_FILE_BYTES:
        raise _refuse(f"文件太大：不能超过{limit_mb}MB。请只保留合同正文后再上传。")
    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(f"文件太大：不能超过{limit_mb}MB。请只保留合同正文后再上传。")
    if not data:
        raise _refuse("上传的文件是空的。")
    return _decode(data) if extension == "txt" else _docx_text(data)
