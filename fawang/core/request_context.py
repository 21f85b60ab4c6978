"""Who is asking and from where, for the audit log, without passing the request through services."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip_address: str | None = None
    user_agent: str = ""


_NO_REQUEST = RequestInfo()
_current: ContextVar[RequestInfo | None] = ContextVar("fawang_request_info", default=None)


def current_request_info() -> RequestInfo:
    return _current.get() or _NO_REQUEST


def set_request_info(info: RequestInfo) -> object:
    return _current.set(info)


def reset_request_info(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]  # token is the Token returned by set_request_info
