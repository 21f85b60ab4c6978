"""X5: a request that started in the service guide records the tree, version and path on its case; a forged or
stale triage parameter is logged and ignored, and the request is submitted all the same."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.test import Client
from django.utils.html import escape
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County, MakeCase
from fawang.directory.models import Institution, InstitutionKind
from fawang.portal.apply.services import TRIAGE
from fawang.portal.models import ApplicationDraft
from fawang.portal.tests.apply_helpers import identity, post_step
from fawang.triage.models import TriageRecord
from fawang.triage.services import triage_record_attach

MEDIATION = "service_guide:1:dispute.willing"


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _mediation(client: Client, county: County, triage: str) -> Case:
    """Open the mediation form as the guide's link does (the start page's hidden field), fill it in and submit."""
    start = client.get("/apply/mediation/", {"triage": triage}).content.decode()
    assert f'<input type="hidden" name="triage" value="{escape(triage)}">' in start
    response = client.post("/apply/mediation/", {"triage": triage})
    assert response.status_code == 302
    draft = ApplicationDraft.objects.get()
    assert identity(client, draft, county.town_x.code).status_code == 302
    assert post_step(client, draft, "other_party", {"other_name": "张三"}).status_code == 302
    assert (
        post_step(client, draft, "dispute", {"title": "邻居占用通道", "facts": "堆放杂物。"}).status_code
        == 302
    )
    committee = Institution.objects.get(kind=InstitutionKind.MEDIATION_COMMITTEE)
    assert post_step(client, draft, "committee", {"committee": committee.pk}).status_code == 302
    assert post_step(client, draft, "review", {"confirm": "on"}).status_code == 302
    return Case.objects.get()


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_request_from_the_guide_records_its_path(personas: dict[str, User], county: County) -> None:
    case = _mediation(_client(personas["citizen"]), county, MEDIATION)
    record = TriageRecord.objects.get()
    assert (
        record.case_id,
        record.tree_id,
        record.tree_version,
        record.path,
        record.end_node,
        record.service,
        record.changed_midway,
    ) == (case.pk, "service_guide", 1, ["dispute", "willing"], "mediation_end", "mediation", False)


def test_a_tree_updated_before_submission_is_flagged(
    personas: dict[str, User], county: County, guide_v2: Path
) -> None:
    _mediation(_client(personas["citizen"]), county, MEDIATION)
    record = TriageRecord.objects.get()
    assert (record.tree_version, record.changed_midway) == (1, True)


@pytest.mark.parametrize(
    ("_case", "triage"),
    [
        ("junk", "x' OR 1=1 --"),
        ("an unknown version", "service_guide:9:dispute.willing"),
        ("an unknown tree", "lottery:1:dispute.willing"),
        ("a path the tree does not have", "service_guide:1:dispute.lottery"),
        ("an unfinished walk", "service_guide:1:dispute"),
        ("another service's end node", "service_guide:1:criminal.no_lawyer"),
    ],
)
def test_a_forged_parameter_still_submits_without_a_record(
    personas: dict[str, User], county: County, caplog: pytest.LogCaptureFixture, _case: str, triage: str
) -> None:
    with caplog.at_level(logging.WARNING, logger="fawang.triage"):
        case = _mediation(_client(personas["citizen"]), county, triage)
    assert case.service_type == "mediation"
    assert TriageRecord.objects.count() == 0
    assert TRIAGE not in ApplicationDraft.objects.get().answers
    assert [r.name for r in caplog.records if r.name == "fawang.triage"] == ["fawang.triage"]


def test_the_drafts_api_does_not_show_the_path(personas: dict[str, User], county: County) -> None:
    client = _client(personas["citizen"])
    client.post("/apply/mediation/", {"triage": MEDIATION})
    draft = ApplicationDraft.objects.get()
    assert draft.answers[TRIAGE] == MEDIATION
    api = APIClient()
    api.force_authenticate(personas["citizen"])
    body = api.get(f"/api/v1/portal/drafts/{draft.token}/").json()
    assert TRIAGE not in body["answers"]
    assert "phone" in body["answers"]  # the citizen's own answers are still there


@pytest.mark.parametrize(
    ("_case", "ref", "service", "recorded"),
    [
        ("a real end node", MEDIATION, "mediation", True),
        ("nothing from the guide", "", "mediation", False),
        ("a version since removed", "service_guide:2:dispute.willing", "mediation", False),
        ("another service", MEDIATION, "notary", False),
        ("junk", "service_guide:1:<script>", "mediation", False),
    ],
)
def test_attach_checks_the_ref_again(
    personas: dict[str, User], make_case: MakeCase, _case: str, ref: str, service: str, recorded: bool
) -> None:
    """The draft may hold a ref for weeks; the service re-checks it against the trees at submission."""
    case = make_case("mediation")
    first = triage_record_attach(actor=personas["citizen"], case=case, ref=ref, service=service)
    again = triage_record_attach(actor=personas["citizen"], case=case, ref=ref, service=service)
    assert (first is not None, TriageRecord.objects.count()) == (recorded, int(recorded))
    assert first == again  # idempotent: a case keeps its first record
