"""Personal data outside `people` is encrypted at rest (M3; issue 8 §3): the raw columns hold Fernet tokens, citizens
still sign in with their mobile number (found through its blind index), the account migration takes the number out
of the username, and mediation addresses / help-request numbers and appraisal client numbers still reach the
mediator's and appraiser's pages and PDFs in full. Hotline numbers: fawang/hotline/tests/test_pii.py."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.db import connection
from django.test import Client, override_settings

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import user_find_by_phone
from fawang.appraisal.models import AppraisalCommission
from fawang.conftest import County, MakeUser
from fawang.core import clock
from fawang.core.crypto import blind_index
from fawang.core.models import AuditAction, AuditEntry
from fawang.core.pii_migration import decrypt_columns, encrypt_columns
from fawang.directory.models import InstitutionKind, PractitionerKind
from fawang.directory.tests.factories import InstitutionFactory, PractitionerFactory
from fawang.mediation.models import HelpRequest, MediationCase, MediationParty
from fawang.mediation.tests.helpers import client_for, pdf_text
from fawang.portal.models import ApplicationDraft, SmsChallenge
from fawang.portal.sms import ConsoleSmsSender
from fawang.security.keyring import pii_keys_rotate
from fawang.security.models import LoginFailureCounter
from fawang.security.tests.raw_columns import assert_ciphertext, raw_column

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture
def _sms_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SMS leaves on commit; the test transaction never commits."""
    from django.db import transaction

    ConsoleSmsSender.outbox.clear()
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def _register(client: Client, phone: str = PHONE) -> User:
    assert client.post("/register/code/", {"phone": phone}).status_code == 200
    match = re.search(r"\d{6}", ConsoleSmsSender.outbox[-1][1])
    assert match is not None
    data = {"phone": phone, "code": match.group(0), "name": "王小明", "password": "Minh@2026secure"}
    assert client.post("/register/", {**data, "consent": "on"}).status_code == 302
    user = user_find_by_phone(phone=phone)
    assert user is not None
    return user


@pytest.mark.usefixtures("_sms_now")
def test_citizen_phone_is_encrypted_and_phone_sign_in_still_works(county: County) -> None:
    user = _register(Client())
    # Nothing in the account row holds the number in clear: not the phone column, not the username.
    assert_ciphertext(raw_column("accounts_user", "phone", user.pk), PHONE)
    assert raw_column("accounts_user", "phone_bidx", user.pk) == blind_index(PHONE)
    assert PHONE not in user.username
    challenge = SmsChallenge.objects.get()
    assert_ciphertext(raw_column("portal_smschallenge", "phone", challenge.pk), PHONE)
    assert User.objects.get(pk=user.pk).phone == PHONE
    # Sign in with the number: the portal page, the staff page (same backend) and the token API.
    page = Client().post("/login/", {"username": PHONE, "password": "Minh@2026secure"})
    assert page.status_code == 302
    assert (
        Client()
        .post("/accounts/login/", {"username": "139 1234 5678", "password": "Minh@2026secure"})
        .status_code
        == 302
    )
    token = Client().post(
        "/api/v1/portal/token/",
        {"phone": PHONE, "password": "Minh@2026secure"},
        content_type="application/json",
    )
    assert token.status_code == 200
    wrong = Client().post("/login/", {"username": PHONE, "password": "Wrong@2026secure"})
    assert wrong.status_code == 200  # the form again, not signed in
    assert "_auth_user_id" not in wrong.wsgi_request.session
    # The same number cannot register twice.
    again = Client()
    assert again.post("/register/code/", {"phone": PHONE}).status_code in (200, 400)
    assert User.objects.filter(phone_bidx=blind_index(PHONE)).count() == 1


def test_draft_answers_are_encrypted(personas: dict[str, User]) -> None:
    draft = ApplicationDraft.objects.create(
        user=personas["citizen"],
        service="mediation",
        token="t" * 32,
        answers={"phone": PHONE, "address": "东村3组", "id_number": "11010519491231002X"},
    )
    assert_ciphertext(raw_column("portal_applicationdraft", "answers", draft.pk), PHONE, "东村", "002X")
    ApplicationDraft.objects.filter(pk=draft.pk).update(answers={"phone": "13700000000"})  # the _bump path
    assert_ciphertext(raw_column("portal_applicationdraft", "answers", draft.pk), "13700000000")
    assert ApplicationDraft.objects.get(pk=draft.pk).answers == {"phone": "13700000000"}


class _Editor:
    def __init__(self) -> None:
        self.connection = connection


def test_accounts_migration_gives_phone_usernames_an_opaque_name(make_user: MakeUser) -> None:
    from importlib import import_module

    migration = import_module("fawang.accounts.migrations.0003_encrypt_phone")
    user = make_user("legacy", Role.CITIZEN)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET username = %s, phone = %s, phone_bidx = NULL WHERE id = %s",
            [PHONE, PHONE, user.pk],
        )
    migration.forward(None, _Editor())
    assert raw_column("accounts_user", "username", user.pk).startswith("citizen-")
    assert_ciphertext(raw_column("accounts_user", "phone", user.pk), PHONE)
    assert user_find_by_phone(phone=PHONE) == user
    migration.backward(None, _Editor())
    assert (
        raw_column("accounts_user", "username", user.pk),
        raw_column("accounts_user", "phone", user.pk),
    ) == (
        PHONE,
        PHONE,
    )


@pytest.mark.usefixtures("_sms_now")
def test_failed_phone_sign_ins_are_counted_without_storing_the_number(county: County, settings: Any) -> None:
    settings.FAWANG_LOCKOUT_THRESHOLD = 2
    user = _register(Client())
    for _ in range(2):
        Client().post("/accounts/login/", {"username": PHONE, "password": "Wrong@2026secure"})
    counter = LoginFailureCounter.objects.get()
    assert counter.username == "phone:" + blind_index(PHONE)
    assert (counter.failures, counter.locked_until is not None) == (2, True)
    locked = Client().post("/accounts/login/", {"username": PHONE, "password": "Minh@2026secure"})
    assert "_auth_user_id" not in locked.wsgi_request.session  # locked, even with the right password
    alert = AuditEntry.objects.get(action=AuditAction.DENIED, summary__startswith="lockout")
    assert alert.object_id == str(user.pk)
    assert PHONE not in alert.summary


# --- mediation and appraisal (issue 8 §3 follow-up) ---------------------------------------------------------

SERVICE_ADDRESS = "甲县东镇西村9组送达处"
CLIENT_PHONE = "02374512345"
HELP_PHONE = "13800000009"


def _open_mediation(personas: dict[str, User], county: County) -> MediationCase:
    from fawang.mediation.tests.test_mediation_http import _apply

    response = _apply(client_for(personas["clerk_x"]), county.mediator.institution)
    assert response.status_code == 302
    return MediationCase.objects.get(case__reference=str(response["Location"]).rstrip("/").split("/")[-1])


def _written_agreement(personas: dict[str, User], county: County, ref: str) -> None:
    from fawang.mediation.tests.test_mediation_http import _accept_assign_start, _step

    mediator = client_for(personas["mediator"])
    _accept_assign_start(personas, county, ref)
    terms = {
        "kind": "written",
        "facts": "张三与李四因宅基地边界发生争执。",
        "issues": "边界走向",
        "responsibilities": "李四越界砌墙，应予拆除。",
        "terms": "李四拆除越界围墙。",
        "performance_manner": "现场拆除",
        "performance_due": "2026-03-20",
    }
    assert _step(mediator, ref, "agreement", **terms)[0] == 200
    for party in MediationParty.objects.filter(mediation__case__reference=ref):
        assert _step(mediator, ref, "sign", party_id=party.pk, method="sign")[0] == 200
    for step in ("mediator_sign", "seal", "conclude"):
        assert _step(mediator, ref, step)[0] == 200, step
    assert _step(mediator, ref, "confirm_apply", court="甲县人民法院")[0] == 200


def test_mediation_service_address_is_encrypted_and_reaches_the_agreement_and_the_d8_pack(
    personas: dict[str, User], county: County
) -> None:
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        mediation = _open_mediation(personas, county)
        applicant = mediation.parties.get(side="applicant")
        assert_ciphertext(raw_column("mediation_mediationparty", "address", applicant.pk), "东村1组")
        # A service address different from the home address, so the documents must read the party's column.
        applicant.address = SERVICE_ADDRESS
        applicant.save(update_fields=["address"])
        assert_ciphertext(raw_column("mediation_mediationparty", "address", applicant.pk), "西村")
        _written_agreement(personas, county, mediation.case.reference)
    mediator = client_for(personas["mediator"])
    base = f"/work/mediation/{mediation.case.reference}"
    assert f"住址{SERVICE_ADDRESS}" in pdf_text(mediator.get(f"{base}/agreement.pdf").content)
    assert f"送达地址：张三：{SERVICE_ADDRESS}" in pdf_text(mediator.get(f"{base}/confirmation.pdf").content)


def test_help_request_callback_number_is_encrypted_and_shown_to_the_mediator(
    personas: dict[str, User], county: County
) -> None:
    mediation = _open_mediation(personas, county)
    request = HelpRequest.objects.create(
        mediation=mediation,
        stage="negotiation",
        question="下一步怎么办？",
        callback_phone=HELP_PHONE,
        requested_by=personas["citizen"],
        requested_at=clock.now(),
    )
    assert_ciphertext(raw_column("mediation_helprequest", "callback_phone", request.pk), HELP_PHONE)
    page = client_for(personas["clerk_x"]).get(f"/work/mediation/{mediation.case.reference}/")
    assert page.status_code == 200
    assert f"回电 {HELP_PHONE}" in page.content.decode()


def test_appraisal_client_phone_is_encrypted_and_shown_to_the_appraiser(
    personas: dict[str, User], county: County, make_user: MakeUser
) -> None:
    institution = InstitutionFactory.create(kind=InstitutionKind.APPRAISAL_INSTITUTION, region=county.county)
    appraiser = PractitionerFactory.create(
        kind=PractitionerKind.APPRAISER,
        institution=institution,
        user=make_user("appraiser_pii", Role.APPRAISER, institution=institution),
    )
    payload = {
        "institution_id": institution.pk,
        "client_kind": "court",
        "client_name": "甲县人民法院",
        "client_handler": "刘明",
        "client_phone": CLIENT_PHONE,
        "matter": "伤残等级鉴定",
        "purpose": "民事诉讼",
        "requirements": "评定伤残等级",
        "background": "交通事故致原告受伤",
        "receiving_appraiser_id": appraiser.pk,
    }
    response = client_for(personas["window_clerk"]).post(
        "/api/v1/appraisal/commissions/", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    commission = AppraisalCommission.objects.get()
    assert_ciphertext(
        raw_column("appraisal_appraisalcommission", "client_phone", commission.pk), CLIENT_PHONE
    )
    assert appraiser.user is not None
    page = client_for(appraiser.user).get(f"/work/appraisal/{response.json()['reference']}/")
    assert page.status_code == 200
    assert f"承办人 刘明 {CLIENT_PHONE}" in page.content.decode()


def test_mediation_and_appraisal_migrations_encrypt_plaintext_rows_and_reverse(
    personas: dict[str, User], county: County
) -> None:
    from importlib import import_module

    mediation = _open_mediation(personas, county)
    party = mediation.parties.get(side="respondent")
    with connection.cursor() as cursor:  # as the rows stood before the migrations
        cursor.execute(
            "UPDATE mediation_mediationparty SET address = %s WHERE id = %s", ["东村2组", party.pk]
        )
    for name in (
        "fawang.mediation.migrations.0003_encrypt_address_and_callback_phone",
        "fawang.appraisal.migrations.0002_encrypt_client_phone",
    ):
        specs = import_module(name).SPECS
        encrypt_columns(*specs)(None, _Editor())
    assert_ciphertext(raw_column("mediation_mediationparty", "address", party.pk), "东村2组")
    assert MediationParty.objects.get(pk=party.pk).address == "东村2组"
    decrypt_columns(
        *import_module("fawang.mediation.migrations.0003_encrypt_address_and_callback_phone").SPECS
    )(None, _Editor())
    assert raw_column("mediation_mediationparty", "address", party.pk) == "东村2组"


def test_key_rotation_covers_the_mediation_and_appraisal_columns(
    personas: dict[str, User], county: County
) -> None:
    from django.conf import settings as live

    mediation = _open_mediation(personas, county)
    HelpRequest.objects.create(
        mediation=mediation,
        stage="negotiation",
        question="？",
        callback_phone=HELP_PHONE,
        requested_by=personas["citizen"],
        requested_at=clock.now(),
    )
    labels = ("mediation.MediationParty", "mediation.HelpRequest")
    new_key = Fernet.generate_key().decode()
    with override_settings(FAWANG_PII_KEYS=[new_key, *live.FAWANG_PII_KEYS]):
        before = {r.label: r.old_values_before for r in pii_keys_rotate(dry_run=True)}
        assert all(before[label] > 0 for label in labels), before
        assert "appraisal.AppraisalCommission" in before  # found by field type, like every encrypted model
        pii_keys_rotate()
        after = {r.label: r.old_values_before for r in pii_keys_rotate(dry_run=True)}
        assert all(after[label] == 0 for label in labels), after
    with override_settings(FAWANG_PII_KEYS=[new_key]):
        assert MediationParty.objects.get(pk=mediation.parties.get(side="applicant").pk).address == "东村1组"
        assert HelpRequest.objects.get().callback_phone == HELP_PHONE


@pytest.mark.usefixtures("_sms_now")
def test_staff_page_phone_sign_in_clears_failures_counted_under_the_number(county: County) -> None:
    """Failures typed as a number are counted under its blind index; the staff page's successful sign-in by that
    number resets that counter too, not only the account's (opaque) username (M5)."""
    _register(Client())
    for _ in range(3):
        Client().post("/accounts/login/", {"username": PHONE, "password": "Wrong@2026secure"})
    counter = LoginFailureCounter.objects.get(username=f"phone:{blind_index(PHONE)}")
    assert counter.failures == 3
    assert (
        Client().post("/accounts/login/", {"username": PHONE, "password": "Minh@2026secure"}).status_code
        == 302
    )
    counter.refresh_from_db()
    assert counter.failures == 0
