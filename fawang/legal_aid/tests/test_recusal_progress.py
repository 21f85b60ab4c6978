"""C21 recusal (decided within the configured working days), C23 progress reports to the recipient (overdue
flagged), and C22 through the application (a 司法救助 decision proves hardship where the standard says so, and
the grant says it proves hardship for 司法救助), all through the workbench HTTP interface."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from fawang.accounts.models import User
from fawang.cases.models import CaseEvent
from fawang.conftest import County
from fawang.directory.models import Institution, InstitutionKind, Practitioner, PractitionerKind
from fawang.eligibility.services import hardship_area_create, hardship_standard_create
from fawang.legal_aid import services as s
from fawang.legal_aid.models import Assignment, Document, DocumentKind, LegalAidApplication, Recusal
from fawang.legal_aid.tests.helpers import client_for, maintenance_application, post_step, squash
from fawang.people.services import person_register

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # Monday 2025-03-03 10:00 Beijing


def _assigned(personas: dict[str, User], county: County) -> LegalAidApplication:
    reviewer = personas["aid_reviewer"]
    app = maintenance_application(reviewer, county)
    s.aid_grant(actor=reviewer, application=app, reasons="符合条件")
    s.aid_assign(actor=reviewer, application=app, practitioner_id=county.lawyer.pk)
    return app


def _policy(personas: dict[str, User], county: County, **figures: Any) -> None:
    s.aid_policy_set(
        actor=personas["admin"],
        region=county.county,  # the county administrator's own jurisdiction
        effective_from=date(2024, 1, 1),
        source="测试省法律援助条例（测试数据）",
        **figures,
    )


def test_recusal_is_decided_within_working_days_and_flagged_when_late(
    personas: dict[str, User], county: County
) -> None:
    _policy(personas, county, recusal_working_days=3)
    reviewer, lawyer = client_for(personas["aid_reviewer"]), client_for(personas["aid_lawyer"])
    with time_machine.travel(T0, tick=False):
        app = _assigned(personas, county)
        assert post_step(lawyer, app.case, "recusal_request", {"grounds": " "}).status_code == 400
        assert not Recusal.objects.exists()
        assert (
            post_step(lawyer, app.case, "recusal_request", {"grounds": "与对方当事人系亲属"}).status_code
            == 302
        )
        recusal = Recusal.objects.get(application=app)
        assert (recusal.practitioner, recusal.due_on) == (county.lawyer, date(2025, 3, 6))  # 3 working days
        assert "应于2025-03-06前决定" in CaseEvent.objects.filter(case=app.case).latest("id").reason
        assert post_step(lawyer, app.case, "recusal_request", {"grounds": "再次"}).status_code == 400
    with time_machine.travel(T0 + timedelta(days=4), tick=False):  # Friday 03-07: past the day
        page = squash(reviewer.get(f"/work/legal-aid/{app.case.reference}/").content.decode())
        assert "逾期未决定" in page
        assert "回避申请决定" in page
        # Granting needs another person; the same firm as before is fine here (the other side is not aided).
        no_person = post_step(reviewer, app.case, "recusal_decide", {"outcome": "granted", "reasons": "属实"})
        assert no_person.status_code == 400
        assert "须同时指派另一名法律援助人员" in no_person.content.decode()
        ok = post_step(
            reviewer,
            app.case,
            "recusal_decide",
            {"outcome": "granted", "reasons": "属实", "practitioner_id": county.other_lawyer.pk},
        )
        assert ok.status_code == 302
    recusal.refresh_from_db()
    assert (recusal.outcome, recusal.decided_by) == ("granted", personas["aid_reviewer"])
    current = Assignment.objects.get(application=app, ended_at__isnull=True)
    assert current.practitioner == county.other_lawyer
    assert "准予回避：属实" in Assignment.objects.get(application=app, practitioner=county.lawyer).end_reason


def test_refused_recusal_keeps_the_lawyer_and_no_period_means_no_due_date(
    personas: dict[str, User], county: County
) -> None:
    reviewer = client_for(personas["aid_reviewer"])
    with time_machine.travel(T0, tick=False):
        app = _assigned(personas, county)
        assert post_step(reviewer, app.case, "recusal_request", {"grounds": "受援人要求"}).status_code == 302
        assert Recusal.objects.get().due_on is None  # no local period configured: never guessed
        assert (
            post_step(
                reviewer, app.case, "recusal_decide", {"outcome": "refused", "reasons": "理由不成立"}
            ).status_code
            == 302
        )
    assert Assignment.objects.get(application=app, ended_at__isnull=True).practitioner == county.lawyer
    assert CaseEvent.objects.filter(case=app.case).latest("id").reason == "驳回回避申请：理由不成立"


def test_recusal_to_a_firm_that_aids_the_other_side_is_refused(
    personas: dict[str, User], county: County
) -> None:
    """C21: the replacement is checked again, so both aided sides stay with different firms."""
    other_firm = Institution.objects.create(
        kind=InstitutionKind.LAW_FIRM, name="乙律师事务所", region=county.county
    )
    other_side_lawyer = Practitioner.objects.create(
        kind=PractitionerKind.LAWYER,
        name="赵律师",
        licence_number="L-赵",
        practice_start=date(2015, 1, 1),
        institution=other_firm,
    )
    same_firm_as_other_side = Practitioner.objects.create(
        kind=PractitionerKind.LAWYER,
        name="钱律师",
        licence_number="L-钱",
        practice_start=date(2015, 1, 1),
        institution=other_firm,
    )
    reviewer = client_for(personas["aid_reviewer"])
    with time_machine.travel(T0, tick=False):
        app = _assigned(personas, county)
        person = person_register(actor=personas["aid_reviewer"], name="李强", id_number="110101199003078830")
        husband = s.aid_application_submit(
            actor=personas["aid_reviewer"],
            region=county.county,
            requester=person,
            title="离婚纠纷",
            details=s.AidDetails(
                matter="maintenance",
                verification_mode="pledge",
                opposing_party_id_number="110101199003078574",
            ),
        )
        s.aid_accept(actor=personas["aid_reviewer"], application=husband)
        s.aid_grant(actor=personas["aid_reviewer"], application=husband, reasons="符合条件")
        s.aid_assign(
            actor=personas["aid_reviewer"], application=husband, practitioner_id=other_side_lawyer.pk
        )
        post_step(reviewer, app.case, "recusal_request", {"grounds": "受援人要求"})
        refused = post_step(
            reviewer,
            app.case,
            "recusal_decide",
            {"outcome": "granted", "reasons": "属实", "practitioner_id": same_firm_as_other_side.pk},
        )
    assert refused.status_code == 400
    assert "不同律师事务所" in refused.content.decode()
    assert Recusal.objects.get(application=app).outcome == ""  # nothing decided
    assert Assignment.objects.get(application=app, ended_at__isnull=True).practitioner == county.lawyer


def test_progress_reports_to_the_recipient_are_tracked_and_overdue_flagged(
    personas: dict[str, User], county: County
) -> None:
    _policy(personas, county, progress_interval_days=30)
    lawyer, reviewer = client_for(personas["aid_lawyer"]), client_for(personas["aid_reviewer"])
    with time_machine.travel(T0, tick=False):
        app = _assigned(personas, county)
    with time_machine.travel(T0 + timedelta(days=29), tick=False):
        assert "进展告知逾期" not in lawyer.get("/work/legal-aid/mine/").content.decode()
        # An internal note that was not told to the recipient does not count (C23 tracks reports to them).
        post_step(lawyer, app.case, "progress", {"content": "整理证据（内部）"})
    with time_machine.travel(T0 + timedelta(days=31), tick=False):
        assert "进展告知逾期" in lawyer.get("/work/legal-aid/mine/").content.decode()
        page = squash(reviewer.get(f"/work/legal-aid/{app.case.reference}/").content.decode())
        assert "进展告知逾期" in page
        assert "间隔：30日" in page
        post_step(
            lawyer, app.case, "progress", {"content": "已立案，开庭时间待定", "reported_to_recipient": "on"}
        )
        assert "进展告知逾期" not in lawyer.get("/work/legal-aid/mine/").content.decode()
        assert "最近告知：2025-04-03" in squash(
            reviewer.get(f"/work/legal-aid/{app.case.reference}/").content.decode()
        )


def test_progress_without_a_configured_interval_is_never_flagged(
    personas: dict[str, User], county: County
) -> None:
    lawyer = client_for(personas["aid_lawyer"])
    with time_machine.travel(T0, tick=False):
        _assigned(personas, county)
    with time_machine.travel(T0 + timedelta(days=400), tick=False):
        assert "进展告知逾期" not in lawyer.get("/work/legal-aid/mine/").content.decode()


@pytest.mark.parametrize("mutual", [True, False])
def test_judicial_assistance_decision_proves_hardship_where_the_standard_says_so(
    mutual: bool, personas: dict[str, User], county: County
) -> None:
    admin = personas["admin"]
    area = hardship_area_create(actor=admin, key="testprov", province="测试省")
    data: dict[str, Any] = {
        "effective_from": {"value": "2024-01-01", "source": "测试"},
        "instrument": {"value": "测试省标准", "source": "测试"},
        "basis": {"value": "fixed_amount", "source": "测试"},
        "threshold_yuan": {"value": 2000, "source": "测试"},
        "comparison": {"value": "at_or_below", "source": "测试"},
        "asset_test": {"value": None, "source": "测试"},
    }
    if mutual:
        data["judicial_assistance_mutual"] = {"value": True, "source": "测试省法律援助条例第八条"}
    hardship_standard_create(actor=admin, area=area, data=data, reason="测试")
    reviewer = client_for(personas["aid_reviewer"])
    with time_machine.travel(T0, tick=False):
        response = reviewer.post(
            "/work/legal-aid/new/",
            {
                "intake_kind": "application",
                "name": "孙丽",
                "title": "追索赡养费",
                "matter": "maintenance",
                "monthly_income_per_capita": "5000",
                "has_large_assets": "false",
                "judicial_assistance_decision": "on",
                "idempotency_key": "k-c22",
            },
        )
        assert response.status_code == 302
        app = LegalAidApplication.objects.get(case__title="追索赡养费")
        snapshot = app.snapshots.get()
        assert snapshot.facts["judicial_assistance_decision"] is True
        assert snapshot.means_test == ("passed" if mutual else "failed")
        if not mutual:
            return
        post_step(reviewer, app.case, "accept")
        assert (
            post_step(
                reviewer, app.case, "grant", {"reasons": "持司法救助决定", "verification_mode": "pledge"}
            ).status_code
            == 302
        )
    grant = Document.objects.get(case=app.case, kind=DocumentKind.GRANT_DECISION)
    assert (
        "按测试省法律援助条例第八条，本决定可作为申请司法救助时经济困难的证明。"
        in grant.content["paragraphs"]
    )
