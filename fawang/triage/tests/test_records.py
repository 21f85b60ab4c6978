"""X5: a request that started in the service guide records the tree, version and path on its case; a forged or
stale triage parameter is logged and ignored, and the request is submitted all the same."""

from __future__ import annotations

import logging
import re
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

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
    return _mediation_rest(client, draft)


def _mediation_rest(client: Client, draft: ApplicationDraft) -> Case:
    """The mediation form after the identity screen, to submission."""
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


# --- consultation and complaint (X5: every end node's service records the path) ------------------------------

CONSULTATION = "service_guide:1:unsure"
COMPLAINT = "service_guide:1:complaint"


def _service_link(client: Client, path: str) -> str:
    """The end node's button on /guide/: the service page with `?triage=...`."""
    body = client.get("/guide/", {"v": "1", "p": path}).content.decode()
    match = re.search(r'<a class="button big" href="([^"]+)">', body)
    assert match is not None
    return match.group(1).replace("&amp;", "&")


def _hidden_triage(html: str) -> list[str]:
    return [unescape(v) for v in re.findall(r'<input type="hidden" name="triage" value="([^"]*)"', html)]


def _sign_in(client: Client, login_url: str) -> str:
    """Sign in as the citizen persona through the page the site sent us to; the page we land on after."""
    response = client.post(login_url, {"username": "citizen", "password": "Passw0rd!x"})
    assert response.status_code == 302
    return str(response["Location"])


def _consult(client: Client, county: County, triage: str) -> Any:
    """Ask a question on the consultation page as the guide's link does, sign in, and ask for a human."""
    ask = client.get("/knowledge/ask", {"triage": triage}).content.decode()
    assert _hidden_triage(ask) == [triage[:300]]  # the question form carries it on (cut short)
    answer = client.get(
        "/knowledge/ask", {"q": "借钱不还怎么办", "site": str(county.station_x.pk), "triage": triage}
    )
    login = re.search(r'<a class="button" href="([^"]+)">登录后转人工咨询</a>', answer.content.decode())
    assert login is not None
    page = client.get(_sign_in(client, unescape(login.group(1)))).content.decode()
    assert _hidden_triage(page) == [triage[:300]] * 2  # the question form and the hand-off form
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token is not None
    return client.post(
        "/knowledge/ask/human", {"token": token.group(1), "site": county.station_x.pk, "triage": triage}
    )


def test_a_consultation_from_the_guide_records_its_path_on_the_human_request(
    personas: dict[str, User], county: County
) -> None:
    client = Client()
    link = _service_link(client, "unsure")
    assert link == "/knowledge/ask?triage=service_guide%3A1%3Aunsure"
    assert client.get(link).status_code == 200
    assert TriageRecord.objects.count() == 0  # the smart answer is a read: nothing stored
    response = _consult(client, county, CONSULTATION)
    assert (response.status_code, response["Location"]) == (302, "/knowledge/ask")
    record = TriageRecord.objects.get()
    assert (
        record.case_id,
        record.tree_version,
        record.path,
        record.end_node,
        record.service,
        record.changed_midway,
    ) == (
        Case.objects.get(service_type="consultation").pk,
        1,
        ["unsure"],
        "consult_end",
        "consultation",
        False,
    )


@pytest.mark.parametrize(
    ("_case", "triage"),
    [
        ("junk", "x' OR 1=1 --"),
        ("a path the tree does not have", "service_guide:1:unsure.lottery"),
        ("the complaint end node", COMPLAINT),
        ("too long: cut to 300 characters", "service_guide:1:unsure" + ".a" * 200),
    ],
)
def test_a_forged_parameter_still_asks_a_human_without_a_record(
    personas: dict[str, User], county: County, caplog: pytest.LogCaptureFixture, _case: str, triage: str
) -> None:
    with caplog.at_level(logging.WARNING, logger="fawang.triage"):
        response = _consult(Client(), county, triage)
    assert response.status_code == 302
    assert Case.objects.get().service_type == "consultation"
    assert TriageRecord.objects.count() == 0
    assert [r.name for r in caplog.records if r.name == "fawang.triage"] == ["fawang.triage"]


def _complain(client: Client, triage: str) -> Case:
    """Open the complaint form from the guide's link while signed out, sign in, fill it in."""
    response = client.get("/complain/", {"triage": triage})
    assert response.status_code == 302
    back = _sign_in(client, str(response["Location"]))
    assert back == f"/complain/?{urlencode({'triage': triage})}"
    form = client.get(back).content.decode()
    assert _hidden_triage(form) == [triage]
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form)
    assert key is not None
    posted = client.post(
        "/complain/",
        {
            "kind": "complaint",
            "title": "窗口工作人员态度差",
            "description": "多次催问没有答复。",
            "idempotency_key": key.group(1),
            "triage": triage,
        },
    )
    assert posted.status_code == 302
    return Case.objects.get()


def test_a_complaint_from_the_guide_records_its_path_after_sign_in(
    personas: dict[str, User], county: County
) -> None:
    client = Client()
    link = _service_link(client, "complaint")
    assert link == "/complain/?triage=service_guide%3A1%3Acomplaint"
    case = _complain(client, COMPLAINT)
    assert (case.service_type, case.requester_user) == ("complaint", personas["citizen"])
    record = TriageRecord.objects.get()
    assert (record.case_id, record.path, record.end_node, record.service) == (
        case.pk,
        ["complaint"],
        "complaint_end",
        "complaint",
    )


@pytest.mark.parametrize(
    ("_case", "triage"),
    [
        ("junk", "<script>alert(1)</script>"),
        ("an unfinished walk", "service_guide:1:dispute"),
        ("the consultation end node", CONSULTATION),
    ],
)
def test_a_forged_parameter_still_files_the_complaint_without_a_record(
    personas: dict[str, User], county: County, caplog: pytest.LogCaptureFixture, _case: str, triage: str
) -> None:
    with caplog.at_level(logging.WARNING, logger="fawang.triage"):
        case = _complain(Client(), triage)
    assert case.service_type == "complaint"
    assert TriageRecord.objects.count() == 0
    assert [r.name for r in caplog.records if r.name == "fawang.triage"] == ["fawang.triage"]


# --- an open draft (X5: the guide's path joins a draft begun before) ---------------------------------------------


def test_an_open_draft_gains_the_path_without_going_stale(personas: dict[str, User], county: County) -> None:
    client = _client(personas["citizen"])
    assert client.post("/apply/mediation/").status_code == 302  # begun before, not from the guide
    draft = ApplicationDraft.objects.get()
    assert TRIAGE not in draft.answers
    assert identity(client, draft, county.town_x.code).status_code == 302
    draft.refresh_from_db()
    before = (draft.version, draft.updated_at)
    start = client.get("/apply/mediation/", {"triage": MEDIATION}).content.decode()
    assert "继续填写" in start
    assert _hidden_triage(start) == [MEDIATION]
    assert client.post("/apply/mediation/", {"triage": MEDIATION}).status_code == 302
    draft.refresh_from_db()
    assert (ApplicationDraft.objects.count(), draft.answers[TRIAGE]) == (1, MEDIATION)
    assert (draft.version, draft.updated_at) == before  # a form open in another tab is still current
    assert draft.answers["phone"]  # the answers given before are kept
    case = _mediation_rest(client, draft)
    assert TriageRecord.objects.get().case_id == case.pk


def test_an_open_draft_keeps_its_first_path(
    personas: dict[str, User], county: County, guide_v2: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """v2 rewords a question that `dispute.willing` does not pass through: both refs are real end nodes."""
    client = _client(personas["citizen"])
    client.post("/apply/mediation/", {"triage": MEDIATION})
    client.post("/apply/mediation/", {"triage": "service_guide:2:dispute.willing"})
    with caplog.at_level(logging.WARNING, logger="fawang.triage"):
        client.post("/apply/mediation/", {"triage": "junk"})
    draft = ApplicationDraft.objects.get()
    assert (draft.answers[TRIAGE], draft.version) == (MEDIATION, 1)
    assert [r for r in caplog.records if r.name == "fawang.triage"] == []  # a kept path is not re-checked


def test_an_open_draft_ignores_a_forged_path(
    personas: dict[str, User], county: County, caplog: pytest.LogCaptureFixture
) -> None:
    client = _client(personas["citizen"])
    client.post("/apply/mediation/")
    with caplog.at_level(logging.WARNING, logger="fawang.triage"):
        assert client.post("/apply/mediation/", {"triage": CONSULTATION}).status_code == 302
    draft = ApplicationDraft.objects.get()
    assert (TRIAGE in draft.answers, draft.version) == (False, 1)
    assert [r.name for r in caplog.records if r.name == "fawang.triage"] == ["fawang.triage"]
