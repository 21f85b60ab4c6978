"""Signing call-centre webhook deliveries (issue 5; docs/hotline-webhook.md). Pure: no Django, no clock.

The CTI system sends two headers with every POST:

* ``X-Fawang-Timestamp``: Unix time in whole seconds when it signed the request;
* ``X-Fawang-Signature``: ``sha256=`` + hex HMAC-SHA256 over ``timestamp + "." + raw body`` with the shared secret.

The timestamp is inside the signed text, so a captured request cannot be re-dated; a request older (or newer) than
the tolerance is refused, and within it a replay carries an event id already stored, so it changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Final

TIMESTAMP_HEADER: Final = "X-Fawang-Timestamp"
SIGNATURE_HEADER: Final = "X-Fawang-Signature"
SCHEME: Final = "sha256="
TOLERANCE_SECONDS: Final = 300


def signature_compute(*, secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return SCHEME + mac.hexdigest()


def headers_for(*, secret: str, body: bytes, now: float) -> dict[str, str]:
    """The two headers a sender attaches (used by the simulator, the bench and the docs' examples)."""
    timestamp = str(int(now))
    return {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature_compute(secret=secret, timestamp=timestamp, body=body),
    }


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""  # a RejectionReason value when not ok
    message: str = ""


def signature_verify(
    *, secret: str, timestamp: str | None, signature: str | None, body: bytes, now: float
) -> Verdict:
    """Check presence, freshness, then the MAC (in constant time)."""
    if not timestamp or not signature:
        return Verdict(False, "unsigned", f"缺少 {TIMESTAMP_HEADER} 或 {SIGNATURE_HEADER} 请求头。")
    if not timestamp.isdigit() or len(timestamp) > 12:
        return Verdict(False, "unsigned", f"{TIMESTAMP_HEADER} 必须是以秒为单位的 Unix 时间戳。")
    skew = abs(now - int(timestamp))
    if skew > TOLERANCE_SECONDS:
        return Verdict(
            False, "stale", f"时间戳与服务器时间相差 {int(skew)} 秒，超过允许的 {TOLERANCE_SECONDS} 秒。"
        )
    expected = signature_compute(secret=secret, timestamp=timestamp, body=body)
    if not hmac.compare_digest(expected.encode("ascii"), signature.strip().encode("utf-8", "replace")):
        return Verdict(False, "bad_signature", "签名不正确：请用共享密钥对“时间戳.报文”计算 HMAC-SHA256。")
    return Verdict(True)
