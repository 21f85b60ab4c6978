"""Q5 (规章制定程序条例 Art.16): a hearing's time, place and subject are announced at least 30 days before."""

from __future__ import annotations

import pytest

from fawang.accounts.models import User
from fawang.legislation.models import Draft, Hearing
from fawang.legislation.rules import HEARING_NOTICE_MIN_DAYS
from fawang.legislation.tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _hearing(starts_at: str, **overrides: str) -> dict[str, str]:
    return {
        "starts_at": starts_at,
        "place": "甲县司法局三楼会议室",
        "subject": "养犬管理办法第三条",
        **overrides,
    }


def test_q5_floor_constant() -> None:
    assert HEARING_NOTICE_MIN_DAYS == 30


@pytest.mark.parametrize(
    ("starts_at", "status"),
    [
        pytest.param("2026-03-31T09:00", 400, id="q5-29-days-refused"),
        pytest.param("2026-04-01T09:00", 302, id="q5-30-days-accepted"),
    ],
)
def test_q5_hearing_notice_floor(
    personas: dict[str, User], open_draft: Draft, starts_at: str, status: int
) -> None:
    response = client_for(personas["admin"]).post(
        f"/work/legislation/{open_draft.pk}/hearings/", _hearing(starts_at)
    )
    assert response.status_code == status
    if status == 400:
        assert "听证会须在举行30日前公布（《规章制定程序条例》第十六条），所选时间距今只有29日" in (
            response.content.decode()
        )
        assert Hearing.objects.count() == 0
    else:
        hearing = Hearing.objects.get()
        assert (hearing.place, hearing.announced_by) == ("甲县司法局三楼会议室", personas["admin"])


def test_q5_hearing_shown_on_the_draft_page_and_api(personas: dict[str, User], open_draft: Draft) -> None:
    client_for(personas["admin"]).post(
        f"/work/legislation/{open_draft.pk}/hearings/", _hearing("2026-04-10T09:30")
    )
    page = client_for(None).get(f"/legislation/{open_draft.pk}/").content.decode()
    assert "2026年4月10日 09:30" in page
    assert "甲县司法局三楼会议室" in page
    assert "养犬管理办法第三条" in page
    hearings = client_for(None).get(f"/api/v1/legislation/drafts/{open_draft.pk}/").json()["hearings"]
    assert hearings == [
        {
            "starts_at": "2026-04-10T09:30:00+08:00",
            "place": "甲县司法局三楼会议室",
            "subject": "养犬管理办法第三条",
        }
    ]


def test_q5_hearing_needs_place_and_subject(personas: dict[str, User], open_draft: Draft) -> None:
    response = client_for(personas["admin"]).post(
        f"/work/legislation/{open_draft.pk}/hearings/", _hearing("2026-05-01T09:00", place=" ")
    )
    assert response.status_code == 400
    assert "请填写听证会地点和听证事项" in response.content.decode()
    assert Hearing.objects.count() == 0


def test_q5_only_editors_announce(personas: dict[str, User], open_draft: Draft) -> None:
    for key, status in (("clerk_x", 403), ("citizen", 403), ("outsider", 404)):
        response = client_for(personas[key]).post(
            f"/work/legislation/{open_draft.pk}/hearings/", _hearing("2026-05-01T09:00")
        )
        assert response.status_code == status, key
    assert Hearing.objects.count() == 0
