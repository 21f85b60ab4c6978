"""L8 and X5: the service guide in English through the language picker (the tree's own English texts), Mandarin by
default. Run `make locale` first (make test does)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _english() -> Client:
    client = Client()
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def test_the_guide_in_english() -> None:
    client = _english()
    first = client.get("/guide/").content.decode()
    for phrase in ("Service guide", "What kind of matter is it?", "Question 1.", "Start again"):
        assert phrase in first
    for phrase in ("服务导航", "您遇到了哪类事情？", "从头开始"):
        assert phrase not in first
    end = client.get("/guide/?v=1&p=criminal.no_lawyer").content.decode()
    for phrase in (
        "We suggest you apply for legal aid",
        "Legal Aid Law, Art. 24",
        "Apply for legal aid",
        "Back",
    ):
        assert phrase in end
    assert "Your answers" in end
    bad = client.get("/guide/?v=1&p=lottery")
    assert bad.status_code == 400
    assert "This guide path does not exist. Please start again." in bad.content.decode()


def test_mandarin_stays_the_default() -> None:
    body = Client().get("/guide/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "您遇到了哪类事情？" in body
    assert "What kind of matter is it?" not in body
