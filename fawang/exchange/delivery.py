"""One signed HTTPS POST, and the pure rules for what its result means (K11; docs/exchange.md "签名").

The signature is the one the 12348 webhook verifies inbound (`fawang.hotline.signing`, docs/hotline-webhook.md):
`X-Fawang-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>` with `X-Fawang-Timestamp`, so a
partner implements one scheme for both directions. `Idempotency-Key` lets the upstream drop a redelivery.
HTTP is the standard library's urllib (ADR 0096): one POST with a timeout needs no dependency.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

from fawang.hotline.signing import headers_for

IDEMPOTENCY_HEADER: Final = "Idempotency-Key"
USER_AGENT: Final = "Fawang-Exchange/1"
RETRYABLE_STATUSES: Final = frozenset({408, 429})
BACKOFF_BASE_SECONDS: Final = 30
BACKOFF_CAP_SECONDS: Final = 6 * 3600
ERROR_EXCERPT: Final = 300


@dataclass(frozen=True)
class Outcome:
    """What one attempt ended with: delivered, worth retrying (transient), or refused for good."""

    delivered: bool
    retryable: bool
    status_code: int | None
    error: str = ""


def body_encode(payload: dict[str, Any]) -> bytes:
    """Canonical JSON: the same stored payload always yields the same bytes, so a redelivery is byte-identical."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def outcome_for_status(status: int, detail: str = "") -> Outcome:
    """2xx delivered; 408, 429 and 5xx transient; any other status (4xx, a redirect) permanent."""
    if 200 <= status < 300:
        return Outcome(delivered=True, retryable=False, status_code=status)
    retryable = status in RETRYABLE_STATUSES or status >= 500
    return Outcome(
        delivered=False, retryable=retryable, status_code=status, error=f"HTTP {status} {detail}".strip()
    )


def retry_delay(*, attempts: int, fraction: float) -> timedelta:
    """Exponential backoff with "equal jitter": half the step fixed, half random (fraction in [0, 1)).

    Steps 30 s, 1 min, 2 min, … capped at 6 h; with the default 12 attempts a message keeps trying for about half a
    day, long enough to ride out an upstream outage overnight. The jitter spreads a burst of retries after one.
    """
    step = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=step / 2 + fraction * step / 2)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is reported, never followed: urllib would turn the POST into a GET without the body."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _excerpt(raw: bytes) -> str:
    return raw[:ERROR_EXCERPT].decode("utf-8", "replace").strip()


def post_signed(
    *, url: str, body: bytes, secret: str, idempotency_key: str, timeout: float, now: float
) -> Outcome:
    """POST the body once; never raises for network trouble, which is an Outcome like any other."""
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        IDEMPOTENCY_HEADER: idempotency_key,
        **headers_for(secret=secret, body=body, now=now),
    }
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310  # https (checks)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return outcome_for_status(response.status)
    except urllib.error.HTTPError as exc:
        detail = _excerpt(exc.read()) if exc.fp is not None else ""
        return outcome_for_status(exc.code, detail)
    except (urllib.error.URLError, TimeoutError, http.client.HTTPException, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(delivered=False, retryable=True, status_code=None, error=f"连接失败：{reason}"[:500])
