"""M14 in the public API: the citizen reads and sets their own safe-contact flag, as on /me/contact-safety/."""

from __future__ import annotations

from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.conftest import MakeCase
from fawang.core.models import AuditEntry
from fawang.people.models import ContactChannel, Person

URL = "/api/v1/me/contact-safety/"
LABEL = str(ContactChannel.USUAL.label)


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_citizen_reads_and_sets_the_flag(make_case: MakeCase, personas: dict[str, User]) -> None:
    citizen = personas["citizen"]
    make_case(requester_user=citizen)  # the citizen's person record
    client = _client(citizen)
    first = client.get(URL)
    assert first.status_code == 200
    assert first.json() == {
        "channel": "usual",
        "channel_label": LABEL,
        "safe_phone_masked": "",
        "safe_contact_name": "",
    }
    assert "no-store" in first["Cache-Control"]
    done = client.put(URL, {"channel": "safe_phone", "safe_phone": "13912345678"}, format="json")
    assert done.status_code == 200
    assert done.json()["safe_phone_masked"] == "139****5678"
    assert Person.objects.get(user=citizen).safe_phone == "13912345678"
    assert AuditEntry.objects.filter(object_type="people.Person").exists()


def test_bad_input_is_a_chinese_400_and_changes_nothing(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    citizen = personas["citizen"]
    make_case(requester_user=citizen)
    client = _client(citizen)
    missing = client.put(URL, {"channel": "safe_phone"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["detail"] == "请填写可以安全拨打的电话号码（7到12位数字）。"
    unknown = client.put(URL, {"channel": "sms"}, format="json")
    assert unknown.status_code == 400
    assert Person.objects.get(user=citizen).contact_channel == "usual"


def test_without_a_person_record_or_sign_in(personas: dict[str, User]) -> None:
    none = _client(personas["citizen_b"]).get(URL)
    assert none.status_code == 404
    assert "请先完成实名登记" in none.json()["detail"]
    assert APIClient().get(URL).status_code in (401, 403)
