"""P4: legal-culture sites (法治文化阵地) are registered by editors in their region and listed as free and open."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.core.models import AuditEntry
from fawang.education.models import FREE_OPEN_BASIS, CultureSite

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(county: County, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "东镇法治文化广场",
        "kind": "square",
        "region": county.town_x.pk,
        "address": "东镇人民路1号",
        "opening_hours": "全天开放",
        "description": "宪法宣传墙、民法典主题雕塑",
        "latitude": "",
        "longitude": "",
    }
    data.update(overrides)
    return data


def test_register_and_list_free_and_open(county: County, personas: dict[str, User], settings: object) -> None:
    client = _client(personas["admin"])
    photo = SimpleUploadedFile("square.html", PNG, content_type="text/html")  # the content decides: a PNG
    assert client.post("/learn/manage/culture-sites/", {**_form(county), "photo": photo}).status_code == 302
    west = _form(
        county,
        name="西村法治长廊",
        kind="corridor",
        region=county.village_y.pk,
        latitude="30.5",
        longitude="114.25",
    )
    assert client.post("/learn/manage/culture-sites/", west).status_code == 302
    square = CultureSite.objects.get(name="东镇法治文化广场")
    assert (square.free_and_open, square.free_basis) == (True, FREE_OPEN_BASIS)
    public = Client()
    page = public.get("/learn/culture-sites/").content.decode()
    assert (
        "东镇法治文化广场" in page,
        "西村法治长廊" in page,
        "东镇人民路1号" in page,
        "免费开放" in page,
    ) == (
        True,
        True,
        True,
        True,
    )
    east = public.get("/learn/culture-sites/", {"region": county.town_x.code}).content.decode()
    assert ("东镇法治文化广场" in east, "西村法治长廊" in east) == (True, False)
    corridors = public.get("/learn/culture-sites/", {"kind": "corridor"}).content.decode()
    assert ("东镇法治文化广场" in corridors, "西村法治长廊" in corridors) == (False, True)
    photo_response = public.get(f"/learn/culture-sites/{square.pk}/photo/")
    assert (photo_response.status_code, photo_response["Content-Type"]) == (200, "image/png")
    assert b"".join(photo_response.streaming_content) == PNG  # type: ignore[attr-defined]
    assert public.get(f"/learn/culture-sites/{square.pk + 1}/photo/").status_code == 404  # no photo


@pytest.mark.parametrize(
    ("_case", "overrides", "message"),
    [
        ("P4: no address", {"address": ""}, "该字段是必填项"),
        ("P4: only one coordinate", {"latitude": "30.1"}, "经度和纬度要么都填，要么都不填"),
        ("P4: latitude out of range", {"latitude": "95", "longitude": "114"}, "纬度应在 -90 到 90 之间"),
        ("P4: unknown kind", {"kind": "museum"}, "选择一个有效的选项"),
        ("P4: outside the jurisdiction", {"region": "other"}, "选择一个有效的选项"),
        ("P4: not a picture", {"photo": "text"}, "照片只能是 JPG 或 PNG 格式"),
    ],
)
def test_bad_input_changes_nothing(
    county: County, personas: dict[str, User], _case: str, overrides: dict[str, object], message: str
) -> None:
    if overrides.get("region") == "other":
        overrides = {**overrides, "region": county.other_county.pk}
    if overrides.get("photo") == "text":
        overrides = {**overrides, "photo": SimpleUploadedFile("a.png", b"hello", content_type="image/png")}
    client = _client(personas["admin"])
    before = AuditEntry.objects.count()
    response = client.post("/learn/manage/culture-sites/", _form(county, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert CultureSite.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_free_and_open_cannot_be_false_in_the_database(county: County, personas: dict[str, User]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        CultureSite.objects.create(
            name="收费展馆",
            kind="hall",
            region=county.town_x,
            address="某路",
            opening_hours="9-17",
            free_and_open=False,
            created_by=personas["admin"],
        )


def test_roles_and_archive(county: County, personas: dict[str, User]) -> None:
    for persona in ("citizen", "window_clerk"):
        assert (
            _client(personas[persona]).post("/learn/manage/culture-sites/", _form(county)).status_code == 403
        )
    assert CultureSite.objects.count() == 0
    admin = _client(personas["admin"])
    admin.post("/learn/manage/culture-sites/", _form(county))
    site = CultureSite.objects.get()
    outsider = _client(personas["province_supervisor"])  # an editor, but archiving needs a reason
    assert outsider.post(f"/learn/manage/culture-sites/{site.pk}/archive/", {"reason": ""}).status_code == 302
    site.refresh_from_db()
    assert site.archived_at is None
    assert (
        admin.post(f"/learn/manage/culture-sites/{site.pk}/archive/", {"reason": "广场改建"}).status_code
        == 302
    )
    assert "东镇法治文化广场" not in Client().get("/learn/culture-sites/").content.decode()


def test_bad_region_filter(county: County) -> None:
    response = Client().get("/learn/culture-sites/", {"region": "990101"})
    assert response.status_code == 400
    assert "应为12位数字" in response.content.decode()
