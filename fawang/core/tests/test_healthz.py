from django.test import Client

from fawang.conftest import County, MakeCase


def test_healthz_reports_counts(county: County, make_case: MakeCase) -> None:
    make_case()
    response = Client().get("/healthz")
    data = response.json()
    assert response.status_code == 200
    assert data["status"] == "ok"
    assert data["counts"]["regions"] == 8
    assert data["counts"]["sites"] == 4
    assert data["counts"]["practitioners"] == 4
    assert data["counts"]["cases"] == 1
    assert data["counts"]["statute_articles"] == 0
