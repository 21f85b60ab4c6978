"""L8: the public list of services and its editor in English through the language picker, Mandarin by default.
Run `make locale` first (make test does): English needs the compiled .mo."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.catalogue.models import ServiceItem

pytestmark = pytest.mark.django_db


def _english(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def test_the_public_list_in_english(free_item: ServiceItem) -> None:
    body = _english().get("/services/").content.decode()
    for phrase in (
        "List of public legal services",
        "Who can use it",
        "Legal education",
        "Ask a question",
    ):
        assert phrase in body
    for phrase in ("<h1>公共法律服务事项清单", "服务对象", "法治宣传教育</a>"):
        assert phrase not in body
    assert free_item.name in body  # the item's own text stays as published


def test_the_editor_in_english(editor: User, free_item: ServiceItem) -> None:
    client = _english(editor)
    listing = client.get("/work/catalogue/").content.decode()
    assert "New item" in listing
    assert "Export to Excel" in listing
    assert "新增事项" not in listing
    form = client.get(f"/work/catalogue/{free_item.pk}/").content.decode()
    assert "Basis for the fee (required for chargeable items)" in form
    assert "Retire this item" in form
    assert "收费依据（收费事项必填）" not in form
    saved = client.post(f"/work/catalogue/{free_item.pk}/retire/", {"reason": "合并"}, follow=True)
    assert f"Item “{free_item.name}” retired" in saved.content.decode()


def test_mandarin_stays_the_default(free_item: ServiceItem) -> None:
    body = Client().get("/services/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "公共法律服务事项清单" in body
    assert "List of public legal services" not in body
