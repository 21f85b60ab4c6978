"""One person's use of a kiosk (a visit), kept server-side in the session and cleared on idle or on 结束并清除.

The state lives under one session key, its contents encrypted with the personal-data key (M3): typed answers, the
question asked, the reference of the receipt. Each page carries the visit id; a request that arrives after the idle
time, or after the visit was ended, finds a new visit with a new id, so a stale page cannot be resubmitted (ADR 0099).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from fawang.core import clock
from fawang.core.crypto import pii_decrypt, pii_encrypt
from fawang.kiosk.models import Kiosk

SESSION_KEY = "fawang_kiosk"


def idle_seconds() -> int:
    return int(settings.FAWANG_KIOSK_IDLE_SECONDS)


@dataclass
class Visit:
    id: str
    kiosk_id: int
    data: dict[str, Any] = field(default_factory=dict)
    ended: bool = False


def visit_open(request: HttpRequest, kiosk: Kiosk) -> Visit:
    """The current visit at this kiosk, or a new one when there is none, it belongs to another kiosk, or it has been
    idle longer than FAWANG_KIOSK_IDLE_SECONDS; an old visit's session is flushed (deleted server-side)."""
    now = clock.now().timestamp()
    state = request.session.get(SESSION_KEY)
    if (
        isinstance(state, dict)
        and state.get("kiosk") == kiosk.pk
        and now - float(state.get("seen", 0)) <= idle_seconds()
    ):
        data = json.loads(pii_decrypt(state.get("data", ""))) if state.get("data") else {}
        return Visit(id=str(state["id"]), kiosk_id=kiosk.pk, data=data)
    if state is not None:
        request.session.flush()
    return Visit(id=uuid.uuid4().hex, kiosk_id=kiosk.pk)


def visit_save(request: HttpRequest, visit: Visit) -> None:
    request.session[SESSION_KEY] = {
        "id": visit.id,
        "kiosk": visit.kiosk_id,
        "seen": clock.now().timestamp(),
        "data": pii_encrypt(json.dumps(visit.data, ensure_ascii=False)) if visit.data else "",
    }


def visit_end(request: HttpRequest, visit: Visit) -> None:
    """结束并清除: the session (and everything typed) is deleted server-side; the next page starts a new visit."""
    request.session.flush()
    visit.data = {}
    visit.ended = True
