"""The staff queue links to the legislation pages for those who work on them (Q1-Q4), and only for them."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("county_supervisor", True), ("admin", True), ("window_clerk", True), ("hotline_operator", False)],
)
def test_queue_link(personas: dict[str, User], persona: str, shown: bool) -> None:
    client = Client()
    client.force_login(personas[persona])
    page = client.get("/work/")
    assert page.status_code == 200
    assert ('href="/work/legislation/">立法征求意见</a>' in page.content.decode()) is shown
