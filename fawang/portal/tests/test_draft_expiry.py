"""Abandoned portal drafts expire through the retention job (M10): an unsubmitted draft untouched for
FAWANG_RETENTION_DAYS["portal_drafts"] days is deleted with its uploaded files; a draft the citizen is still
working on and a submitted application are kept. Drafts are made through the real API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.core import clock
from fawang.portal.models import ApplicationDraft, DraftUpload
from fawang.portal.tests.apply_helpers import PNG
from fawang.portal.tests.test_apply_api import _filled_draft
from fawang.security.models import RetentionRun


def _upload(client: APIClient, token: str) -> dict[str, Any]:
    version = client.get(f"/api/v1/portal/drafts/{token}/").json()["version"]
    response = client.post(
        f"/api/v1/portal/drafts/{token}/uploads/",
        {"version": version, "label": "身份证", "file": SimpleUploadedFile("id.png", PNG)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_untouched_drafts_expire_with_their_files(
    personas: dict[str, User],
    county: County,
    settings: Settings,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.FAWANG_RETENTION_DAYS = {**settings.FAWANG_RETENTION_DAYS, "portal_drafts": 30}
    client = APIClient()
    client.force_authenticate(personas["citizen"])
    with time_machine.travel(clock.now() - timedelta(days=40), tick=False):
        submitted = _filled_draft(client, county)
        response = client.post(
            f"/api/v1/portal/drafts/{submitted['token']}/submit/",
            {"version": submitted["version"], "confirm": True},
            format="json",
        )
        assert response.status_code == 201, response.content
        abandoned = client.post("/api/v1/portal/drafts/", {"service": "legal_aid"}, format="json").json()
        _upload(client, abandoned["token"])
        resumed = client.post("/api/v1/portal/drafts/", {"service": "mediation"}, format="json").json()
    # Changed yesterday: still being worked on, whatever its age.
    with time_machine.travel(clock.now() - timedelta(days=1), tick=False):
        _upload(client, resumed["token"])
    fresh = client.post("/api/v1/portal/drafts/", {"service": "notary"}, format="json").json()
    abandoned_file = DraftUpload.objects.get(draft__token=abandoned["token"]).file
    storage, name = abandoned_file.storage, str(abandoned_file.name)
    assert storage.exists(name)

    call_command("purge_expired", "--dry-run", "--category", "portal_drafts")
    dry = RetentionRun.objects.get(category="portal_drafts", dry_run=True)
    assert (dry.matched, dry.purged, dry.action) == (1, 0, "delete")
    assert ApplicationDraft.objects.filter(token=abandoned["token"]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired", "--category", "portal_drafts")
    run = RetentionRun.objects.get(category="portal_drafts", dry_run=False)
    assert (run.matched, run.purged) == (1, 1)
    left = set(ApplicationDraft.objects.values_list("token", flat=True))
    assert left == {submitted["token"], resumed["token"], fresh["token"]}
    assert not DraftUpload.objects.filter(draft__token=abandoned["token"]).exists()
    assert not storage.exists(name)  # removed once the deletion was committed
    # The citizen's list no longer offers the expired draft; the kept ones are untouched.
    listed = {d["token"] for d in client.get("/api/v1/portal/drafts/").json()}
    assert listed == {resumed["token"], fresh["token"]}
    assert DraftUpload.objects.filter(draft__token=resumed["token"]).count() == 1


def test_citizen_is_told_when_drafts_expire(personas: dict[str, User], settings: Settings) -> None:
    settings.FAWANG_RETENTION_DAYS = {**settings.FAWANG_RETENTION_DAYS, "portal_drafts": 45}
    client = Client()
    client.force_login(personas["citizen"])
    start = client.post("/apply/mediation/")
    assert start.status_code == 302
    notice = "超过 45 天没有修改的申请会被自动删除（连同已上传的材料）。"
    assert notice in client.get(start["Location"], follow=True).content.decode()
    assert notice in client.get("/me/").content.decode()


def test_expiry_period_is_configurable(personas: dict[str, User], settings: Settings) -> None:
    client = APIClient()
    client.force_authenticate(personas["citizen"])
    with time_machine.travel(clock.now() - timedelta(days=10), tick=False):
        draft = client.post("/api/v1/portal/drafts/", {"service": "mediation"}, format="json").json()
    call_command("purge_expired", "--category", "portal_drafts")
    assert ApplicationDraft.objects.filter(token=draft["token"]).exists()  # default 30 days
    settings.FAWANG_RETENTION_DAYS = {**settings.FAWANG_RETENTION_DAYS, "portal_drafts": 7}
    call_command("purge_expired", "--category", "portal_drafts")
    assert not ApplicationDraft.objects.filter(token=draft["token"]).exists()
