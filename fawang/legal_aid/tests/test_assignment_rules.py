"""C10 (Art.26: 3+ years for capital cases), C21 (different firms when both sides are aided), C8 provisional
aid, C12 termination and C16 fee-waiver selector, through the services and the lifecycle guards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseDeadline, CaseEvent
from fawang.conftest import County
from fawang.core.errors import DomainError
from fawang.directory.models import Institution, InstitutionKind, Practitioner, PractitionerKind
from fawang.legal_aid import services as s
from fawang.legal_aid.models import Assignment, Decision, LegalAidApplication
from fawang.legal_aid.selectors import legal_aid_granted_for_person
from fawang.people.services import person_register

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # 2025-03-03 10:00 Beijing


def _granted(
    personas: dict[str, User], county: County, *, name: str, id_number: str, **details: object
) -> LegalAidApplication:
    reviewer = personas["aid_reviewer"]
    person = person_register(actor=reviewer, name=name, id_number=id_number)
    app = s.aid_application_submit(
        actor=reviewer,
        region=county.county,
        requester=person,
        title=f"{name}的申请",
        details=s.AidDetails(matter="maintenance", verification_mode="pledge", **details),  # type: ignore[arg-type]
    )
    s.aid_accept(actor=reviewer, application=app)
    s.aid_grant(actor=reviewer, application=app, reasons="符合条件")
    app.case.refresh_from_db()
    return app


def _lawyer(county: County, name: str, start: date, firm: Institution | None = None) -> Practitioner:
    return Practitioner.objects.create(
        kind=PractitionerKind.LAWYER,
        name=name,
        licence_number=f"L-{name}",
        practice_start=start,
        institution=firm or county.law_firm,
    )


@pytest.mark.parametrize(
    ("_case", "practice_start", "allowed"),
    [
        ("Art.26: exactly three years on the day → allowed", date(2022, 3, 3), True),
        ("Art.26: one day short of three years → refused", date(2022, 3, 4), False),
        ("Art.26: long-practising lawyer → allowed", date(2010, 6, 1), True),
    ],
)
def test_capital_case_needs_three_years(
    _case: str, practice_start: date, allowed: bool, personas: dict[str, User], county: County
) -> None:
    with time_machine.travel(T0, tick=False):
        app = _granted(personas, county, name="甲", id_number="110101199003077774", capital_case=True)
        lawyer = _lawyer(county, "新律师", practice_start)
        events = CaseEvent.objects.filter(case=app.case).count()
        if allowed:
            s.aid_assign(actor=personas["aid_reviewer"], application=app, practitioner_id=lawyer.pk)
            app.case.refresh_from_db()
            assert (app.case.status, app.case.handler_practitioner_id) == ("assigned", lawyer.pk)
        else:
            with pytest.raises(DomainError, match="三年以上相关执业经历的律师（法律援助法第二十六条）"):
                s.aid_assign(actor=personas["aid_reviewer"], application=app, practitioner_id=lawyer.pk)
            app.case.refresh_from_db()
            assert (app.case.status, app.case.handler_practitioner_id) == ("granted", None)
            assert CaseEvent.objects.filter(case=app.case).count() == events
            assert Assignment.objects.filter(application=app).count() == 0


def test_both_sides_aided_go_to_different_firms(personas: dict[str, User], county: County) -> None:
    other_firm = Institution.objects.create(
        kind=InstitutionKind.LAW_FIRM, name="乙律师事务所", region=county.county
    )
    with time_machine.travel(T0, tick=False):
        wife = _granted(personas, county, name="王芳", id_number="110101199003078574")
        s.aid_assign(actor=personas["aid_reviewer"], application=wife, practitioner_id=county.lawyer.pk)
        husband = _granted(
            personas,
            county,
            name="李强",
            id_number="110101199003078830",
            opposing_party_id_number="110101199003078574",
        )
        with pytest.raises(DomainError, match="不同律师事务所"):
            s.aid_assign(
                actor=personas["aid_reviewer"], application=husband, practitioner_id=county.other_lawyer.pk
            )
        husband.case.refresh_from_db()
        assert husband.case.status == "granted"
        elsewhere = _lawyer(county, "赵律师", date(2012, 1, 1), other_firm)
        s.aid_assign(actor=personas["aid_reviewer"], application=husband, practitioner_id=elsewhere.pk)
    husband.case.refresh_from_db()
    assert husband.case.handler_practitioner_id == elsewhere.pk


def test_assignment_before_grant_is_refused(personas: dict[str, User], county: County) -> None:
    reviewer = personas["aid_reviewer"]
    with time_machine.travel(T0, tick=False):
        person = person_register(actor=reviewer, name="丙", id_number="110101199003079112")
        app = s.aid_application_submit(
            actor=reviewer, region=county.county, requester=person, title="x", details=s.AidDetails()
        )
        s.aid_accept(actor=reviewer, application=app)
        with pytest.raises(DomainError, match="不能执行“指派承办人”"):
            s.aid_assign(actor=reviewer, application=app, practitioner_id=county.lawyer.pk)
    assert Assignment.objects.count() == 0


def test_provisional_aid_only_when_deadline_is_near(personas: dict[str, User], county: County) -> None:
    reviewer = personas["aid_reviewer"]
    with time_machine.travel(T0, tick=False):
        person = person_register(actor=reviewer, name="丁", id_number="110101199003070011")
        far = s.aid_application_submit(
            actor=reviewer,
            region=county.county,
            requester=person,
            title="远",
            details=s.AidDetails(limitation_deadline=date(2025, 3, 10)),
        )
        s.aid_accept(actor=reviewer, application=far)
        with pytest.raises(DomainError, match="法律援助法第四十四条"):
            s.aid_provisional(actor=reviewer, application=far, practitioner_id=county.lawyer.pk, reasons="急")
        near = s.aid_application_submit(
            actor=reviewer,
            region=county.county,
            requester=person,
            title="近",
            details=s.AidDetails(limitation_deadline=date(2025, 3, 9)),
        )
        s.aid_accept(actor=reviewer, application=near)
        s.aid_provisional(
            actor=reviewer, application=near, practitioner_id=county.lawyer.pk, reasons="诉讼时效6日后届满"
        )
    near.case.refresh_from_db()
    assert near.case.status == "assigned"
    # The review clock keeps running: the paperwork is still due (C8).
    assert CaseDeadline.objects.get(case=near.case, rule_code="legal_aid.review").state == "running"
    assert legal_aid_granted_for_person(person=person) is True  # C16
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        s.aid_confirm_provisional(
            actor=reviewer, application=near, reasons="补办", verification_mode="data_sharing"
        )
    assert CaseDeadline.objects.get(case=near.case, rule_code="legal_aid.review").state == "met"


def test_termination_needs_an_article_48_ground(personas: dict[str, User], county: County) -> None:
    with time_machine.travel(T0, tick=False):
        app = _granted(personas, county, name="戊", id_number="110101199003071014")
        s.aid_assign(actor=personas["aid_reviewer"], application=app, practitioner_id=county.lawyer.pk)
        assert legal_aid_granted_for_person(person=app.case.requester) is True  # type: ignore[arg-type]
        with pytest.raises(DomainError, match="终止法律援助须选择"):
            s.aid_terminate(actor=personas["aid_reviewer"], application=app, ground="bored", reasons="x")
        s.aid_terminate(
            actor=personas["aid_reviewer"],
            application=app,
            ground="own_counsel",
            reasons="受援人已自行委托律师。",
        )
    case = Case.objects.get(pk=app.case_id)
    assert (case.status, case.outcome) == ("resolved", "")
    decision = Decision.objects.get(application=app, kind="terminate")
    assert decision.citation == "法律援助法第四十八条第六项"
    assert legal_aid_granted_for_person(person=case.requester) is False  # type: ignore[arg-type]
