"""Upload scanning by content type and size (M15). Call `upload_validate(file)` before storing any upload:

    info = upload_validate(request.FILES["file"])   # raises DomainError (HTTP 400) with a Chinese message

The type is decided from the file's first bytes (magic numbers, the `filetype` package), never from the name or
the client's Content-Type; the extension must agree with the content. Only document and image formats that case
files need are accepted; executables, scripts, HTML and SVG (which can carry script) never are.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

import filetype  # type: ignore[import-untyped]  # the package ships no type information
from django.conf import settings

from fawang.core.errors import DomainError

# extension -> MIME type detected from content. docx/xlsx are zip containers that filetype recognises by part names.
ALLOWED_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "mp3": "audio/mpeg",
    "wav": "audio/x-wav",
    "m4a": "audio/mp4",
    "mp4": "video/mp4",
}
# Aliases filetype may report for the same format.
_EQUIVALENT = {"audio/wav": "audio/x-wav", "audio/m4a": "audio/mp4", "video/quicktime": "video/mp4"}
_HEAD_BYTES = 8192


class UploadedFileLike(Protocol):
    @property
    def name(self) -> str | None: ...

    @property
    def size(self) -> int | None: ...

    def read(self, size: int = -1) -> bytes: ...

    def seek(self, offset: int, whence: int = 0) -> int: ...


@dataclass(frozen=True)
class UploadInfo:
    name: str
    extension: str
    mime: str
    size: int
    sha256: str


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _sniff(head: bytes) -> str:
    kind = filetype.guess(head)
    if kind is not None:
        mime = str(kind.mime)
        return _EQUIVALENT.get(mime, mime)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: legacy .doc/.xls
        return "application/x-ole-storage"
    return ""


def _digest_and_size(file: UploadedFileLike, limit: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    while chunk := file.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise DomainError(
                f"文件过大：单个文件不能超过 {limit // (1024 * 1024)} MB。", code="upload_too_large"
            )
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def upload_validate(file: UploadedFileLike, *, allowed: frozenset[str] | None = None) -> UploadInfo:
    """Check size, content type and extension; return what was found. `allowed` narrows the extensions."""
    name = (file.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    extension = _extension(name)
    accepted = set(ALLOWED_TYPES) if allowed is None else set(allowed) & set(ALLOWED_TYPES)
    if extension not in accepted:
        raise DomainError(
            f"不支持的文件类型：.{extension or '（无扩展名）'}。可上传：{'、'.join(sorted(accepted))}。",
            code="upload_type",
        )
    limit = settings.FAWANG_UPLOAD_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise DomainError(
            f"文件过大：单个文件不能超过 {limit // (1024 * 1024)} MB。", code="upload_too_large"
        )
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    if not head:
        raise DomainError("文件为空。", code="upload_empty")
    sniffed = _sniff(head)
    expected = ALLOWED_TYPES[extension]
    legacy_office = extension in ("doc", "xls") and sniffed == "application/x-ole-storage"
    if sniffed != expected and not legacy_office:
        raise DomainError(
            f"文件内容与扩展名 .{extension} 不符（检测为 {sniffed or '未知格式'}），已拒绝。",
            code="upload_mismatch",
        )
    sha256, size = _digest_and_size(file, limit)
    return UploadInfo(name=name, extension=extension, mime=expected, size=size, sha256=sha256)
