"""A12 for the smart consultation's hand-off to a human (J5): the asker chooses the language of the answer where the
deployment offers more than 普通话, and the consultation 工单 carries it."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.knowledge.models import ConsultationRequest
from fawang.knowledge.tests.conftest import Corpus
from fawang.knowledge.tests.test_consult import token_of

pytestmark = pytest.mark.django_db


def _ask(client: Client, county: County) -> str:
    page = client.get("/knowledge/ask", {"q": "离婚后孩子归谁抚养", "site": str(county.station_x.pk)})
    return page.content.decode()


def test_mandarin_only_no_question_and_the_case_is_in_mandarin(
    corpus: Corpus, county: County, personas: dict[str, User]
) -> None:
    client = Client()
    client.force_login(personas["citizen"])
    html = _ask(client, county)
    # the form's own field: the interface-language picker is name="language" too
    assert 'id="id_language"' not in html
    response = client.post(
        "/knowledge/ask/human", {"token": token_of(html), "site": county.station_x.pk, "language": "yue"}
    )
    assert response.status_code == 302
    assert ConsultationRequest.objects.get().case.language == "zh"  # posted anyway: not offered, ignored


def test_an_answer_asked_for_in_cantonese(
    corpus: Corpus, county: County, personas: dict[str, User], settings: Settings
) -> None:
    settings.FAWANG_INTAKE_LANGUAGES = ["zh", "yue", "hak"]
    client = Client()
    client.force_login(personas["citizen"])
    html = _ask(client, county)
    assert 'id="id_language"' in html
    assert 'value="hak"' in html
    assert 'value="bo"' not in html
    response = client.post(
        "/knowledge/ask/human", {"token": token_of(html), "site": county.station_x.pk, "language": "yue"}
    )
    assert response.status_code == 302
    assert ConsultationRequest.objects.get().case.language == "yue"


def test_a_language_not_offered_is_refused_and_nothing_is_created(
    corpus: Corpus, county: County, personas: dict[str, User], settings: Settings
) -> None:
    settings.FAWANG_INTAKE_LANGUAGES = ["zh", "yue"]
    client = Client()
    client.force_login(personas["citizen"])
    token = token_of(_ask(client, county))
    response = client.post(
        "/knowledge/ask/human", {"token": token, "site": county.station_x.pk, "language": "bo"}
    )
    assert response.status_code == 400
    assert not ConsultationRequest.objects.exists()
