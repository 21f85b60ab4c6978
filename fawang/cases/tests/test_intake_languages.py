"""A12: intake in the languages and dialects set per deployment: the declared table, the setting and its check, the
language on each 工单 (case_create), the window intake form and the REST API."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.db import connection
from django.test import Client, override_settings

from fawang.accounts.models import User
from fawang.cases.languages import Language, intake_languages, language_choices, languages_offered
from fawang.cases.models import Case, CaseEvent
from fawang.cases.services import case_create
from fawang.conftest import County
from fawang.core.errors import DomainError
from fawang.core.models import AuditEntry
from fawang.people.models import Person

GUANGDONG = override_settings(FAWANG_INTAKE_LANGUAGES=["zh", "yue", "hak", "nan-chaoshan"])


def _create(actor: User, county: County, **kwargs: object) -> Case:
    return case_create(
        actor=actor,
        service_type="consultation",
        channel="window",
        title="工资被拖欠",
        region=county.town_x,
        requester=Person.objects.create(name="陈阿婆"),
        **kwargs,  # type: ignore[arg-type]
    )


def test_the_declared_table_names_the_required_languages() -> None:
    labels = dict(Language.choices)
    assert [labels[c] for c in ("zh", "yue", "hak", "nan-chaoshan", "nan", "bo", "ug", "mn", "za")] == [
        "普通话",
        "粤语",
        "客家话",
        "潮汕话",
        "闽南语",
        "藏语",
        "维吾尔语",
        "蒙古语",
        "壮语",
    ]
    assert [labels[c] for c in ("ii", "kk", "ko", "en", "csl")] == [
        "彝语",
        "哈萨克语",
        "朝鲜语",
        "英语",
        "手语",
    ]


def test_only_mandarin_by_default() -> None:
    assert intake_languages() == ["zh"]
    assert language_choices() == [("zh", "普通话")]
    assert not languages_offered()


@override_settings(FAWANG_INTAKE_LANGUAGES=["en", "bo", "bo"])
def test_mandarin_is_always_offered_and_first() -> None:
    assert intake_languages() == ["zh", "en", "bo"]
    assert language_choices() == [("zh", "普通话"), ("en", "英语"), ("bo", "藏语")]


def test_an_unknown_language_fails_the_system_check() -> None:
    with override_settings(FAWANG_INTAKE_LANGUAGES=["zh", "yue", "cantonese"]):
        errors = [e for e in run_checks() if e.id == "cases.E003"]
    assert len(errors) == 1
    assert "cantonese" in errors[0].msg
    assert "yue" not in errors[0].msg
    with GUANGDONG:
        assert not [e for e in run_checks() if e.id == "cases.E003"]


def test_a_case_is_taken_in_mandarin_by_default(county: County, personas: dict[str, User]) -> None:
    case = _create(personas["admin"], county)
    case.refresh_from_db()
    assert case.language == "zh"
    assert CaseEvent.objects.get(case=case).context == {"channel": "window"}


def test_the_column_has_a_database_default(county: County, personas: dict[str, User]) -> None:
    """Bulk SQL writers that do not name the column (the province generator) get 普通话 from the database."""
    case = _create(personas["admin"], county)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_case (created_at, updated_at, reference, service_type, channel, category, status, "
            "priority, title, description, region_id, next_actor_role, confidential, due_state, outcome, "
            "submitted_at) SELECT created_at, updated_at, 'FWBULK1', service_type, channel, category, status, "
            "priority, title, description, region_id, next_actor_role, confidential, due_state, outcome, "
            "submitted_at FROM cases_case WHERE id = %s",
            [case.pk],
        )
    assert Case.objects.get(reference="FWBULK1").language == "zh"


@GUANGDONG
def test_a_configured_dialect_is_recorded(county: County, personas: dict[str, User]) -> None:
    case = _create(personas["admin"], county, language="nan-chaoshan")
    case.refresh_from_db()
    assert (case.language, case.get_language_display()) == ("nan-chaoshan", "潮汕话")
    assert CaseEvent.objects.get(case=case).context == {"channel": "window", "language": "nan-chaoshan"}


@pytest.mark.parametrize(
    ("_case", "language", "message"),
    [
        ("A12: declared but not offered by this deployment", "bo", "本平台未开通“藏语”受理"),
        ("A12: not a declared code", "klingon", "未知的受理语言：klingon"),
    ],
)
@GUANGDONG
def test_case_create_refuses_a_language_not_offered_and_writes_nothing(
    county: County, personas: dict[str, User], _case: str, language: str, message: str
) -> None:
    audits = AuditEntry.objects.count()
    with pytest.raises(DomainError, match=message):
        _create(personas["admin"], county, language=language)
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()
    assert AuditEntry.objects.count() == audits


@GUANGDONG
def test_a_child_case_keeps_its_parents_language(county: County, personas: dict[str, User]) -> None:
    """A15: a split (aid plus mediation from one call) keeps the language the request was taken in."""
    parent = _create(personas["admin"], county, language="hak")
    child = _create(personas["admin"], county, parent=parent)
    explicit = _create(personas["admin"], county, parent=parent, language="zh")
    assert (child.language, explicit.language) == ("hak", "zh")


def _intake_form(language: str | None, key: str) -> dict[str, str]:
    form = {"name": "陈阿婆", "service_type": "consultation", "channel": "window", "title": "咨询"}
    return form | {"idempotency_key": key} | ({"language": language} if language else {})


def test_window_intake_hides_the_language_with_mandarin_only(
    county: County, personas: dict[str, User]
) -> None:
    clerk = Client()
    clerk.force_login(personas["window_clerk"])
    page = clerk.get("/work/intake/").content.decode()
    # The intake field: the interface-language picker in the header is name="language" too (L8).
    assert 'id="id_language"' not in page
    # A language posted anyway is ignored: the field is not there, the case is in 普通话.
    assert clerk.post("/work/intake/", _intake_form("yue", "a")).status_code == 302
    assert Case.objects.get().language == "zh"


@GUANGDONG
def test_window_intake_offers_the_configured_languages(county: County, personas: dict[str, User]) -> None:
    clerk = Client()
    clerk.force_login(personas["window_clerk"])
    page = clerk.get("/work/intake/").content.decode()
    assert 'name="language"' in page
    assert 'value="nan-chaoshan"' in page
    assert 'value="bo"' not in page
    refused = clerk.post("/work/intake/", _intake_form("bo", "a"))
    assert refused.status_code == 400
    assert not Case.objects.exists()
    response = clerk.post("/work/intake/", _intake_form("yue", "b"))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.language == "yue"
    # The staff case page and the printed receipt say so (not shown for 普通话).
    assert "粤语" in clerk.get(f"/work/cases/{case.reference}/").content.decode()
    assert "受理语言" in clerk.get(response["Location"]).content.decode()


def _api_body(**extra: object) -> dict[str, object]:
    return {
        "service_type": "consultation",
        "channel": "window",
        "title": "英文咨询",
        "region_code": "990101001000",
    } | extra


@pytest.mark.parametrize(
    ("_case", "languages", "body_language", "status", "stored"),
    [
        ("A12: omitted → 普通话", ["zh"], None, 201, "zh"),
        ("A12: an offered language", ["zh", "en"], "en", 201, "en"),
        ("A12: declared, not offered here: the service refuses", ["zh"], "en", 400, None),
        ("A12: not a declared code: the serializer refuses", ["zh", "en"], "english", 400, None),
    ],
)
def test_the_api_accepts_only_offered_languages(
    county: County,
    personas: dict[str, User],
    _case: str,
    languages: list[str],
    body_language: str | None,
    status: int,
    stored: str | None,
) -> None:
    client = Client()
    client.force_login(personas["window_clerk"])
    extra = {"language": body_language} if body_language else {}
    with override_settings(FAWANG_INTAKE_LANGUAGES=languages):
        response = client.post("/api/v1/cases/", _api_body(**extra), content_type="application/json")
    assert response.status_code == status, response.content
    if stored is None:
        assert not Case.objects.exists()
    else:
        assert response.json()["language"] == stored
        assert Case.objects.get().language == stored
