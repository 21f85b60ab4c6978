"""G10: 24-hour kiosks and remote video are channels of their own, opened per deployment."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.test import Client, override_settings

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.selectors import channel_choices, channel_enabled
from fawang.cases.services import case_create
from fawang.conftest import County
from fawang.core.errors import DomainError
from fawang.people.models import Person

OPENED = override_settings(FAWANG_OPTIONAL_CHANNELS=["kiosk", "video"])


def _create(actor: User, county: County, channel: str, service_type: str = "consultation") -> Case:
    return case_create(
        actor=actor,
        service_type=service_type,
        channel=channel,
        title="远程咨询",
        region=county.town_x,
        requester=Person.objects.create(name="王大爷"),
    )


def test_optional_channels_are_closed_by_default(county: County, personas: dict[str, User]) -> None:
    assert channel_enabled("window")
    assert not channel_enabled("video")
    assert not channel_enabled("fax")
    assert "video" not in dict(channel_choices())
    with pytest.raises(DomainError, match="本平台未开通“远程视频”渠道"):
        _create(personas["admin"], county, "video")
    with pytest.raises(DomainError, match="本平台未开通“自助终端”渠道"):
        _create(personas["admin"], county, "kiosk")
    assert not Case.objects.exists()


@OPENED
def test_an_opened_channel_takes_requests_and_is_counted(county: County, personas: dict[str, User]) -> None:
    assert dict(channel_choices())["video"] == "远程视频"
    _create(personas["admin"], county, "video", "notary")  # video notarisation (淮安)
    _create(personas["admin"], county, "kiosk")
    assert sorted(Case.objects.values_list("channel", flat=True)) == ["kiosk", "video"]


def test_window_intake_offers_only_opened_channels(county: County, personas: dict[str, User]) -> None:
    clerk = Client()
    clerk.force_login(personas["window_clerk"])
    form = {"name": "王大爷", "service_type": "consultation", "channel": "video", "title": "视频咨询"}
    assert 'value="video"' not in clerk.get("/work/intake/").content.decode()
    refused = clerk.post("/work/intake/", {**form, "idempotency_key": "a"})
    assert refused.status_code == 400
    assert not Case.objects.exists()
    with OPENED:
        assert 'value="video"' in clerk.get("/work/intake/").content.decode()
        assert clerk.post("/work/intake/", {**form, "idempotency_key": "b"}).status_code == 302
    assert Case.objects.get().channel == "video"


def test_only_optional_channels_can_be_listed() -> None:
    with override_settings(FAWANG_OPTIONAL_CHANNELS=["video", "window"]):
        errors = [e for e in run_checks() if e.id == "cases.E002"]
    assert len(errors) == 1
    assert "window" in errors[0].msg
