"""L8: the legal calculators in English through the language picker, Mandarin by default. The engines' own texts
(line labels, formulas, bases) stay in Mandarin for now. Run `make locale` first (make test does)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from fawang.calculators.engines.litigation import FEE_KIND_LABELS
from fawang.calculators.forms import FEE_KIND_CHOICES

pytestmark = pytest.mark.django_db


def _english() -> Client:
    client = Client()
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def test_the_index_and_a_calculator_in_english() -> None:
    client = _english()
    index = client.get("/tools/calculators/").content.decode()
    for phrase in (
        "Legal calculators",
        "Severance pay and compensation",
        "The calculators do not keep anything",
    ):
        assert phrase in index
    for phrase in ("法律计算器", "经济补偿和赔偿金", "计算器不保存您填写的任何内容"):
        assert phrase not in index
    form = client.get("/tools/calculators/severance/").content.decode()
    assert "Start date (first day of employment)" in form
    assert "入职日期" not in form
    refused = client.post(
        "/tools/calculators/severance/", {"start": "2020-01-01", "end": "2025-06-30", "wages": "x"}
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Please correct the following and calculate again:" in body
    assert "Wages must be numbers" in body


def test_mandarin_stays_the_default() -> None:
    body = Client().get("/tools/calculators/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "法律计算器" in body
    assert "Legal calculators" not in body


def test_the_case_kinds_of_the_form_are_the_engine_labels() -> None:
    with translation.override("zh-hans"):
        assert [(value, str(label)) for value, label in FEE_KIND_CHOICES] == [
            (kind.value, label) for kind, label in FEE_KIND_LABELS.items()
        ]
