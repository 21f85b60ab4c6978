"""Kiosk fixtures (G10): the channel opened, a kiosk at township X's station paired to a test client, and a Screen
that carries the visit id from page to page like the kiosk's browser does."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.kiosk.models import Kiosk
from fawang.kiosk.services import kiosk_register
from fawang.people.idcard import id_check_char

_VISIT = re.compile(r'name="visit" value="([0-9a-f]{32})"')
_KEY = re.compile(r'name="key" value="([^"]+)"')


def id_number(first17: str) -> str:
    """A valid 18-character ID number (GB 11643 check character) for test people."""
    return first17 + id_check_char(first17)


@pytest.fixture
def kiosk_open(settings: Any) -> None:
    """G10: this deployment lists "kiosk" in FAWANG_OPTIONAL_CHANNELS."""
    settings.FAWANG_OPTIONAL_CHANNELS = ["kiosk"]


@dataclass
class Screen:
    """A browser paired as a kiosk. `get` remembers the visit id (and a review form's key) of the page shown;
    `post` sends it with the form, as the page would."""

    client: Client
    visit: str = ""
    key: str = ""
    last: Any = field(default=None)

    def _remember(self, response: Any) -> Any:
        self.last = response
        body = response.content.decode() if response.get("Content-Type", "").startswith("text/html") else ""
        if match := _VISIT.search(body):
            self.visit = match.group(1)
        if match := _KEY.search(body):
            self.key = match.group(1)
        return response

    def get(self, url: str, *, follow: bool = False) -> Any:
        return self._remember(self.client.get(url, follow=follow))

    def post(self, url: str, data: dict[str, Any] | None = None, *, follow: bool = False) -> Any:
        payload = {"visit": self.visit, **(data or {})}
        return self._remember(self.client.post(url, payload, follow=follow))

    def step(self, url: str, data: dict[str, Any]) -> Any:
        """Show a screen, then answer it."""
        shown = self.get(url)
        assert shown.status_code == 200, shown.content.decode()[:400]
        return self.post(url, data)


def pair(code: str) -> Screen:
    client = Client()
    response = client.post("/kiosk/pair/", {"code": code})
    assert response.status_code == 302, response.content.decode()[:400]
    return Screen(client)


@dataclass
class KioskSetup:
    kiosk: Kiosk
    code: str


@pytest.fixture
def station_kiosk(kiosk_open: None, personas: dict[str, User], county: County) -> KioskSetup:
    """A kiosk registered by the county supervisor at township X's station (not yet paired)."""
    kiosk, code = kiosk_register(
        actor=personas["county_supervisor"], site_id=county.station_x.pk, name="大厅1号机"
    )
    return KioskSetup(kiosk, code)


@pytest.fixture
def screen(station_kiosk: KioskSetup) -> Screen:
    """The station's kiosk, paired, on its home screen."""
    s = pair(station_kiosk.code)
    assert s.get("/kiosk/").status_code == 200
    return s
