"""Analytics pages and API: scoped by jurisdiction; refusals change nothing (K2, K6)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.analytics.models import Scorecard, ScorecardRow, ScorecardRun
from fawang.analytics.scorecards import scorecard_create, scorecard_run
from fawang.conftest import County
from fawang.core.models import AuditEntry


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def card(personas: dict[str, User], county: County) -> Scorecard:
    return scorecard_create(
        actor=personas["county_supervisor"],
        name="乡镇工作站考核",
        region=county.county,
        subject_kind="site",
        items=[("volume", Decimal(2), None), ("overdue_open", Decimal(1), None)],
    )


@pytest.mark.parametrize("page", ["", "equalisation/", "demand/", "scorecards/"])
def test_supervisors_see_their_own_region(page: str, personas: dict[str, User], county: County) -> None:
    response = _client(personas["county_supervisor"]).get(f"/supervision/analytics/{page}")
    assert response.status_code == 200
    assert "甲县" in response.content.decode()
    province = _client(personas["province_supervisor"]).get(
        f"/supervision/analytics/{page}?region=990101000000"
    )
    assert province.status_code == 200


@pytest.mark.parametrize("page", ["equalisation/", "demand/"])
def test_county_supervisor_cannot_see_the_province_or_a_neighbour(
    page: str, personas: dict[str, User]
) -> None:
    client = _client(personas["county_supervisor"])
    assert client.get(f"/supervision/analytics/{page}?region=990000000000").status_code == 403
    assert client.get(f"/supervision/analytics/{page}?region=990102000000").status_code == 403
    assert client.get(f"/supervision/analytics/{page}?region=123456789012").status_code == 404


@pytest.mark.parametrize("who", ["outsider", "aid_lawyer", "citizen"])
def test_non_supervisors_are_refused(who: str, personas: dict[str, User]) -> None:
    assert _client(personas[who]).get("/supervision/analytics/equalisation/").status_code == 403
    assert _client(personas[who]).get("/api/v1/analytics/equalisation/").status_code == 403


def test_anonymous_is_sent_to_login() -> None:
    assert Client().get("/supervision/analytics/").status_code == 302
    assert Client().get("/api/v1/analytics/demand/").status_code in (401, 403)


def test_bad_periods_are_refused(personas: dict[str, User]) -> None:
    client = _client(personas["county_supervisor"])
    reversed_period = client.get("/api/v1/analytics/equalisation/?from=2026-05-01&to=2026-01-01")
    assert reversed_period.status_code == 400
    assert "开始日期" in reversed_period.json()["detail"] or "统计期间无效" in str(reversed_period.json())
    assert client.get("/supervision/analytics/demand/?month=2026-13").status_code == 400


def test_equalisation_api_reports_the_measures(personas: dict[str, User], county: County) -> None:
    body = (
        _client(personas["province_supervisor"])
        .get("/api/v1/analytics/equalisation/?region=990101000000")
        .json()
    )
    assert body["townships"] == 2
    assert body["villages"] == 2
    assert [m["code"] for m in body["measures"]] == ["cases", "sites", "mediators", "advisers"]
    sites = body["measures"][1]
    # 东镇: station + room = 2 sites / 5,000 = 4 per 10k; 西镇: 1 / 4,000 = 2.5 per 10k
    assert [b["name"] for b in sites["behind"]] == ["西镇", "东镇"]
    assert sites["mean"] == pytest.approx((4 * 5000 + 2.5 * 4000) / 9000, abs=1e-4)


def test_outsider_cannot_create_a_scorecard_and_nothing_changes(
    personas: dict[str, User], county: County
) -> None:
    client = _client(personas["outsider"])
    audit = AuditEntry.objects.exclude(action="denied").count()
    response = client.post(
        "/supervision/analytics/scorecards/",
        {"name": "越权", "region": "990101000000", "subject_kind": "site", "weight_volume": "1"},
    )
    assert response.status_code == 403
    assert Scorecard.objects.count() == 0
    assert AuditEntry.objects.exclude(action="denied").count() == audit


def test_scorecard_run_rank_history_and_export(
    card: Scorecard, personas: dict[str, User], county: County, make_case: object
) -> None:
    supervisor = personas["county_supervisor"]
    run = scorecard_run(
        actor=supervisor, scorecard=card, date_from=card.created_at.date(), date_to=card.created_at.date()
    )
    assert [(r.subject_name, r.rank) for r in run.rows.all()] == [("东镇工作站", 1), ("西镇工作站", 1)]
    client = _client(supervisor)
    page = client.get(f"/supervision/analytics/scorecards/{card.pk}/")
    assert page.status_code == 200
    assert "东镇工作站" in page.content.decode()
    export = client.get(f"/supervision/analytics/scorecards/runs/{run.pk}/export.xlsx")
    assert export.status_code == 200
    assert AuditEntry.objects.filter(action="export", object_type="analytics.ScorecardRun").count() == 1
    api = client.get(f"/api/v1/analytics/scorecards/runs/{run.pk}/").json()
    assert [r["subject"] for r in api["rows"]] == ["东镇工作站", "西镇工作站"]


def test_outsider_cannot_see_or_export_a_run(card: Scorecard, personas: dict[str, User]) -> None:
    run = scorecard_run(
        actor=personas["county_supervisor"],
        scorecard=card,
        date_from=card.created_at.date(),
        date_to=card.created_at.date(),
    )
    rows = ScorecardRow.objects.count()
    other = _client(personas["outsider"])
    assert other.get(f"/supervision/analytics/scorecards/{card.pk}/").status_code == 404
    assert (
        other.post(
            f"/supervision/analytics/scorecards/{card.pk}/", {"from": "2026-01-01", "to": "2026-01-31"}
        ).status_code
        == 404
    )
    assert other.get(f"/supervision/analytics/scorecards/runs/{run.pk}/export.xlsx").status_code == 404
    assert other.get(f"/api/v1/analytics/scorecards/runs/{run.pk}/").status_code == 404
    assert (ScorecardRun.objects.count(), ScorecardRow.objects.count()) == (1, rows)
    assert not AuditEntry.objects.filter(action="export").exists()
