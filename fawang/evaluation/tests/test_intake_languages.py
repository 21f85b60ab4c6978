"""A12 for complaints registered on the staff complaint form: the language is asked only where the deployment
offers more than 普通话, and the complaint 工单 carries it."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.evaluation.tests.conftest import FinishedCase

pytestmark = pytest.mark.django_db
URL = "/work/evaluation/complaints/new/"


def _clerk(personas: dict[str, User]) -> Client:
    client = Client()
    client.force_login(personas["window_clerk"])
    return client


def _data(about: Case, **extra: str) -> dict[str, str]:
    return {
        "kind": "complaint",
        "ground": "attitude",
        "title": "窗口人员态度生硬",
        "description": "咨询时被打断",
        "channel": "window",
        "name": "阿旺",
        "phone": "13912340000",
        "about_reference": about.reference,
        "idempotency_key": "k-lang",
        **extra,
    }


def test_mandarin_only_the_form_does_not_ask(finished_case: FinishedCase, personas: dict[str, User]) -> None:
    client = _clerk(personas)
    # id, not name: the interface-language picker (L8) is also named "language"
    assert 'id="id_language"' not in client.get(URL).content.decode()
    assert client.post(URL, _data(finished_case())).status_code == 302
    assert Case.objects.get(service_type="complaint").language == "zh"


def test_a_complaint_taken_in_tibetan(
    finished_case: FinishedCase, personas: dict[str, User], settings: Settings
) -> None:
    settings.FAWANG_INTAKE_LANGUAGES = ["zh", "bo"]
    client = _clerk(personas)
    assert 'value="bo"' in client.get(URL).content.decode()
    assert client.post(URL, _data(finished_case(), language="bo")).status_code == 302
    assert Case.objects.get(service_type="complaint").language == "bo"


def test_a_language_not_offered_is_refused(
    finished_case: FinishedCase, personas: dict[str, User], settings: Settings
) -> None:
    settings.FAWANG_INTAKE_LANGUAGES = ["zh", "bo"]
    response = _clerk(personas).post(URL, _data(finished_case(), language="yue"))
    assert response.status_code == 400
    assert not Case.objects.filter(service_type="complaint").exists()
