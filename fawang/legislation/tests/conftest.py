"""Fixtures for public comment on drafts (Q1–Q6): drafts made through the module's services in the shared county
(fawang/conftest.py), a contact point in township X, and a clock that tests move with time_machine."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.core import clock
from fawang.legislation import services
from fawang.legislation.models import ContactPoint, Draft, IdentityMode

FULL_TEXT = (
    "某县养犬管理办法（征求意见稿）\n"
    "第一条 为了规范养犬行为，保障公民健康和人身安全，制定本办法。\n"
    "第二条 本县行政区域内的养犬管理适用本办法。\n"
    "第三条 携犬出户应当束犬链，由成年人牵领。"
)
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=clock.LOCAL_TZ)
TODAY = date(2026, 3, 2)

MakeDraft = Callable[..., Draft]


@pytest.fixture(autouse=True)
def frozen_day() -> Iterator[time_machine.Traveller]:
    """Every test starts at noon on 2 March 2026 (Asia/Shanghai); tests move on with `traveller.shift`."""
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def make_draft(personas: dict[str, User], county: County) -> MakeDraft:
    def make(*, publish: bool = False, **overrides: Any) -> Draft:
        values: dict[str, Any] = {
            "region": county.county,
            "kind": "normative",
            "title": "甲县养犬管理办法（征求意见稿）",
            "drafting_body": "甲县司法局",
            "explanation": "为规范养犬行为，起草了本办法。",
            "full_text": FULL_TEXT,
            "opens_on": TODAY,
            "closes_on": TODAY + timedelta(days=30),
            "identity_mode": IdentityMode.REAL_NAME,
            "concerns_accessibility": False,
        }
        values.update(overrides)
        draft = services.draft_create(actor=personas["admin"], **values)
        if publish:
            draft = services.draft_transition(actor=personas["admin"], draft_id=draft.pk, action="publish")
        return draft

    return make


@pytest.fixture
def open_draft(make_draft: MakeDraft) -> Draft:
    return make_draft(publish=True)


@pytest.fixture
def anonymous_draft(make_draft: MakeDraft) -> Draft:
    return make_draft(publish=True, identity_mode=IdentityMode.ANONYMOUS_ALLOWED, title="甲县停车管理规定")


@pytest.fixture
def contact_point(personas: dict[str, User], county: County) -> ContactPoint:
    return services.contact_point_register(
        actor=personas["admin"], region=county.town_x, name="东镇基层立法联系点", host="东镇司法所"
    )
