"""The one place the portal checks an uploaded scan or photo (M15): the security module's content-sniffing
validator, narrowed to the formats citizens photograph or scan."""

from __future__ import annotations

from typing import Any

from fawang.security.uploads import UploadInfo, upload_validate

SCAN_TYPES = frozenset({"pdf", "jpg", "jpeg", "png", "webp", "tif", "tiff"})


def upload_check(file: Any) -> UploadInfo:
    """Raise DomainError (Chinese message) for a disguised, empty, oversized or unsupported file."""
    return upload_validate(file, allowed=SCAN_TYPES)
