"""Hotline fixtures: a 12348 centre in the test county with three seats, the webhook secret, a signed sender."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.conftest import County, MakeUser
from fawang.core import clock
from fawang.directory.models import SiteKind
from fawang.directory.tests.factories import SiteFactory
from fawang.hotline.models import HotlineCentre
from fawang.hotline.services.seats import centre_ensure
from fawang.hotline.signing import headers_for

SECRET = "test-secret-为了签名"
CENTRE = "DJ12348"

PostEvent = Callable[..., Any]


@pytest.fixture
def webhook_secret(settings: Any) -> str:
    settings.HOTLINE_WEBHOOK_SECRET = SECRET
    return SECRET


@pytest.fixture
def centre(county: County, personas: dict[str, User], webhook_secret: str) -> HotlineCentre:
    site = SiteFactory.create(kind=SiteKind.HOTLINE, name="甲县12348热线", region=county.county)
    return centre_ensure(actor=personas["admin"], site=site, code=CENTRE, seats=3)


@pytest.fixture
def operator(personas: dict[str, User]) -> User:
    return personas["hotline_operator"]


@pytest.fixture
def second_operator(make_user: MakeUser, county: County) -> User:
    return make_user("hotline2", Role.HOTLINE_OPERATOR, region=county.county)


@pytest.fixture
def inspector(make_user: MakeUser, county: County) -> User:
    return make_user("inspector", Role.QUALITY_INSPECTOR, region=county.county)


def event(
    call_id: str, kind: str, at: datetime, *, event_id: str | None = None, centre: str = CENTRE, **data: Any
) -> dict[str, Any]:
    return {
        "event_id": event_id or f"{call_id}-{kind}",
        "type": kind,
        "call_id": call_id,
        "centre": centre,
        "occurred_at": at.isoformat(),
        "data": data,
    }


def signed_post(
    client: Client, payload: dict[str, Any] | bytes, *, secret: str = SECRET, now: float | None = None
) -> Any:
    body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
    headers = headers_for(secret=secret, body=body, now=clock.now().timestamp() if now is None else now)
    return client.post("/api/v1/hotline/events", data=body, content_type="application/json", headers=headers)


@pytest.fixture
def post_event(centre: HotlineCentre) -> PostEvent:
    client = Client()

    def post(call_id: str, kind: str, at: datetime, **data: Any) -> Any:
        return signed_post(client, event(call_id, kind, at, **data))

    return post
