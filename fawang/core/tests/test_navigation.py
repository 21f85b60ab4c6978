"""The shared page header: staff get the workbench, the knowledge base and the FAQ; a citizen on a shared page
(e.g. 智能咨询) gets their own pages, not links that would refuse them."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User

pytestmark = pytest.mark.django_db
LINKS = ('href="/work/"', 'href="/knowledge/ask"', 'href="/knowledge/faq/"')


def _header(user: User | None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    page = client.get("/knowledge/ask").content.decode()
    return page[page.index("<header") : page.index("</header>")]


def test_staff_see_the_workbench_and_the_knowledge_base(personas: dict[str, User]) -> None:
    header = _header(personas["hotline_operator"])
    assert all(link in header for link in LINKS)


def test_a_citizen_sees_their_own_pages_instead(personas: dict[str, User]) -> None:
    header = _header(personas["citizen"])
    assert not any(link in header for link in LINKS)
    assert 'href="/me/"' in header


def test_anonymous_visitors_see_sign_in(db: None) -> None:
    header = _header(None)
    assert 'href="/accounts/login/"' in header
    assert not any(link in header for link in LINKS)
