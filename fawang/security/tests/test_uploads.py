"""Upload scanning by content and size (M15): the type comes from magic bytes, never from the name."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from fawang.core.errors import DomainError
from fawang.security.uploads import upload_validate

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("_case", "name", "content", "mime"),
    [
        ("scanned ID card", "身份证.png", PNG, "image/png"),
        ("photo", "现场照片.JPG", JPEG, "image/jpeg"),
        ("judgment", "判决书.pdf", PDF, "application/pdf"),
        (
            "application form",
            "申请表.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_accepted(_case: str, name: str, content: bytes, mime: str) -> None:
    info = upload_validate(SimpleUploadedFile(name, content, content_type="application/octet-stream"))
    assert (info.mime, info.size, len(info.sha256)) == (mime, len(content), 64)


@pytest.mark.parametrize(
    ("_case", "name", "content", "code"),
    [
        ("Windows executable renamed to .pdf", "证据.pdf", EXE, "upload_mismatch"),
        ("ELF binary renamed to .jpg", "photo.jpg", ELF, "upload_mismatch"),
        ("PNG named .pdf", "a.pdf", PNG, "upload_mismatch"),
        ("HTML (script carrier)", "page.html", b"<html><script>alert(1)</script>", "upload_type"),
        ("SVG (script carrier)", "logo.svg", b"<svg onload=alert(1)>", "upload_type"),
        ("executable extension", "setup.exe", EXE, "upload_type"),
        ("no extension", "README", PDF, "upload_type"),
        ("empty file", "empty.pdf", b"", "upload_empty"),
        ("plain text named .docx", "a.docx", b"hello world", "upload_mismatch"),
    ],
)
def test_refused(_case: str, name: str, content: bytes, code: str) -> None:
    with pytest.raises(DomainError) as info:
        upload_validate(SimpleUploadedFile(name, content))
    assert info.value.code == code


def test_size_limit_counts_bytes_actually_read() -> None:
    with override_settings(FAWANG_UPLOAD_MAX_BYTES=1024):
        upload_validate(SimpleUploadedFile("a.pdf", PDF + b"0" * (1024 - len(PDF))))
        big = SimpleUploadedFile("b.pdf", PDF + b"0" * 1024)
        with pytest.raises(DomainError, match="文件过大") as info:
            upload_validate(big)
        assert info.value.code == "upload_too_large"
        big.size = None  # a stream that does not declare its size is measured while hashing
        with pytest.raises(DomainError, match="文件过大"):
            upload_validate(big)


def test_allowed_narrows_types() -> None:
    with pytest.raises(DomainError, match="可上传：pdf"):
        upload_validate(SimpleUploadedFile("a.png", PNG), allowed=frozenset({"pdf"}))
