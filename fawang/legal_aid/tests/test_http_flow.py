"""Legal aid end to end through the workbench HTTP interface (C4-C7, C13, C5 documents; issue 6 item 2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseDeadline, CaseEvent, ClockState
from fawang.conftest import County
from fawang.legal_aid.models import (
    Decision,
    Document,
    EligibilitySnapshot,
    Material,
    MissingItemsNotice,
)
from fawang.legal_aid.tests.helpers import client_for, new_application, pdf_text, post_step, squash

# 2025-03-03 10:00 Beijing (a Monday, no holidays in the following fortnight).
T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)


def test_application_to_archive_through_http(personas: dict[str, User], county: County) -> None:
    reviewer = client_for(personas["aid_reviewer"])
    with time_machine.travel(T0, tick=False):
        app = new_application(reviewer)
        case = app.case
        # The engine ran on the stored facts: the test county has no hardship standard, so "unknown" (X4).
        snapshot = EligibilitySnapshot.objects.get(application=app)
        assert (snapshot.verdict, snapshot.means_test, snapshot.facts["monthly_income_per_capita"]) == (
            "unknown",
            "unknown",
            "900.00",
        )
        assert (
            post_step(
                reviewer, case, "materials", {"items": "身份证复印件×2\n劳动合同", "copy_kind": "copy"}
            ).status_code
            == 302
        )
        assert post_step(reviewer, case, "accept").status_code == 302
    receipt = Document.objects.get(case=case, kind="materials_receipt")
    got = reviewer.get(f"/work/legal-aid/{case.reference}/documents/{receipt.pk}.pdf")
    assert got.status_code == 200, (got.status_code, got.get("Location"))
    text = pdf_text(got.content)
    # C7: each item's name, quantity and date, exactly as stored.
    for material in Material.objects.filter(application=app):
        assert (
            squash(f"{material.name}（复印件）{material.quantity}{material.received_on.isoformat()}") in text
        )
    assert case.reference in text
    review = CaseDeadline.objects.get(case=case, rule_code="legal_aid.review")
    assert review.due_at == datetime(2025, 3, 10, 16, 0, tzinfo=UTC)  # 7 calendar days (C5)

    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        response = post_step(
            reviewer,
            case,
            "request_materials",
            {"items": "经济困难申报材料\n工资欠条", "reply_by": "2025-03-20"},
        )
        assert response.status_code == 302
        # C6: one notice only; a second request is refused and changes nothing.
        events = CaseEvent.objects.filter(case=case).count()
    review.refresh_from_db()
    assert review.state == ClockState.PAUSED
    assert review.due_at is None
    assert MissingItemsNotice.objects.get(application=app).items == ["经济困难申报材料", "工资欠条"]

    with time_machine.travel(T0 + timedelta(days=4), tick=False):
        assert (
            post_step(reviewer, case, "supplement", {"items": "经济困难申报材料\n工资欠条"}).status_code
            == 302
        )
        again = post_step(
            reviewer,
            case,
            "request_materials",
            {"items": "另一份", "reply_by": "2025-03-25"},
            HTTP_HX_REQUEST="true",
        )
    assert again.status_code == 400
    assert "一次性告知需补充的全部材料，不得再次要求补充" in again.content.decode()
    assert MissingItemsNotice.objects.filter(application=app).count() == 1
    assert CaseEvent.objects.filter(case=case).count() == events + 1  # only the supplement
    review.refresh_from_db()
    # Paused 03-04 → 03-07: three days off the clock, so due 03-13 end of day (C6: supplement time excluded).
    assert review.due_at == datetime(2025, 3, 13, 16, 0, tzinfo=UTC)

    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        # C4: no verification mode → refused, nothing changes.
        refused = post_step(reviewer, case, "grant", {"reasons": "符合条件"}, HTTP_HX_REQUEST="true")
        assert refused.status_code == 400
        assert "信息共享查询或个人诚信承诺" in refused.content.decode()
        assert (
            post_step(
                reviewer,
                case,
                "grant",
                {"reasons": "追索劳动报酬，经核查经济困难", "verification_mode": "pledge"},
            ).status_code
            == 302
        )
    case.refresh_from_db()
    assert case.status == "granted"
    grant = Decision.objects.get(application=app, kind="grant")
    assert grant.verification_mode == "pledge"
    assert grant.snapshot is not None
    doc = Document.objects.get(case=case, kind="grant_decision")
    text = pdf_text(reviewer.get(f"/work/legal-aid/{case.reference}/documents/{doc.pk}.pdf").content)
    assert squash("给予法律援助决定书") in text
    assert squash(f"理由：{grant.reasons}") in text
    assert squash("经济困难核查方式：个人诚信承诺") in text
    assert doc.number in text

    with time_machine.travel(T0 + timedelta(days=6), tick=False):
        assert post_step(reviewer, case, "assign", {"practitioner_id": county.lawyer.pk}).status_code == 302
    lawyer = client_for(personas["aid_lawyer"])
    assert (
        lawyer.get("/work/legal-aid/mine/")
        .content.decode()
        .count(f'href="/work/legal-aid/{case.reference}/"')
        == 1
    )
    with time_machine.travel(T0 + timedelta(days=8), tick=False):
        assert post_step(lawyer, case, "start").status_code == 302
        assert (
            post_step(
                lawyer,
                case,
                "progress",
                {"content": "已向劳动仲裁委提交仲裁申请。", "reported_to_recipient": "on"},
            ).status_code
            == 302
        )
        # C13: closing without documents is refused.
        bare = post_step(
            lawyer, case, "closing", {"result": "调解结案", "matter_ended_on": "2025-03-11", "report": "略"}
        )
        assert bare.status_code == 400
        upload = SimpleUploadedFile("调解书.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        done = post_step(
            lawyer,
            case,
            "closing",
            {
                "result": "仲裁调解，追回工资18000元",
                "matter_ended_on": "2025-03-11",
                "report": "办理经过……",
                "documents": upload,
            },
        )
        assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "resolved"
    with time_machine.travel(T0 + timedelta(days=9), tick=False):
        assert post_step(reviewer, case, "archive").status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "create",
        "accept",
        "request_materials",
        "supplement",
        "grant",
        "assign",
        "start",
        "note",
        "resolve",
        "close",
    ]


def test_refusal_names_ground_and_objection_is_decided(personas: dict[str, User], county: County) -> None:
    reviewer = client_for(personas["aid_reviewer"])
    with time_machine.travel(T0, tick=False):
        app = new_application(reviewer, matter="other_civil", title="邻里纠纷")
        case = app.case
        post_step(reviewer, case, "accept")
        no_ground = post_step(reviewer, case, "refuse", {"reasons": "不属于范围"}, HTTP_HX_REQUEST="true")
        assert no_ground.status_code == 400
        case.refresh_from_db()
        assert case.status == "under_review"
        assert (
            post_step(
                reviewer,
                case,
                "refuse",
                {"ground": "out_of_scope", "reasons": "邻里纠纷不属于法律援助事项。"},
            ).status_code
            == 302
        )
    case.refresh_from_db()
    assert case.status == "refused"
    doc = Document.objects.get(case=case, kind="refusal_decision")
    text = pdf_text(reviewer.get(f"/work/legal-aid/{case.reference}/documents/{doc.pk}.pdf").content)
    assert squash("申请事项不属于法律援助范围") in text
    assert squash("法律援助法第二十四条、第二十九条、第三十一条、第三十三条") in text
    assert squash("邻里纠纷不属于法律援助事项。") in text
    assert squash("向设立本法律援助机构的司法行政部门提出") in text  # C11 right to object

    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        assert post_step(reviewer, case, "object", {"reasons": "我认为属于第三十一条事项"}).status_code == 302
    objection = CaseDeadline.objects.get(case=case, rule_code="legal_aid.objection_decide")
    assert objection.due_at == datetime(2025, 3, 10, 16, 0, tzinfo=UTC)  # 5 days (C11)
    # The reviewer is not the justice bureau: refused, nothing changes.
    wrong = post_step(
        reviewer, case, "objection_decide", {"outcome": "correct", "reasons": "x"}, HTTP_HX_REQUEST="true"
    )
    assert wrong.status_code == 403
    case.refresh_from_db()
    assert case.status == "refused"
    supervisor = client_for(personas["county_supervisor"])
    with time_machine.travel(T0 + timedelta(days=3), tick=False):
        ok = post_step(supervisor, case, "objection_decide", {"outcome": "correct", "reasons": "应重新审查"})
        assert ok.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closed_at) == ("under_review", None)
    assert CaseDeadline.objects.filter(case=case, rule_code="legal_aid.review", state="running").count() == 1


def test_notice_from_court_needs_no_means_test_and_assigns_in_three_days(
    personas: dict[str, User], county: County
) -> None:
    reviewer = client_for(personas["aid_reviewer"])
    with time_machine.travel(T0, tick=False):
        app = new_application(
            reviewer,
            intake_kind="notice",
            title="张某涉嫌故意伤害案",
            matter="criminal_defence",
            notifier_kind="court",
            notifier_name="甲县人民法院",
            notice_number="（2025）甲刑通字第3号",
            monthly_income_per_capita="",
        )
    case = app.case
    assert case.status == "granted"
    snapshot = EligibilitySnapshot.objects.get(application=app)
    assert (snapshot.verdict, snapshot.means_test) == ("eligible", "not_required")
    clock_row = CaseDeadline.objects.get(case=case, rule_code="legal_aid.notice_assign")
    assert clock_row.due_at == datetime(2025, 3, 6, 16, 0, tzinfo=UTC)  # Art.36: 3 days
    # A grassroots legal worker may not defend in a criminal case: refused with the article.
    worker = county.lawyer.__class__.objects.create(
        kind="grassroots_worker",
        name="孙工作者",
        licence_number="G-1",
        practice_start=date(2010, 1, 1),
        institution=county.law_firm,
    )
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        refused = post_step(reviewer, case, "assign", {"practitioner_id": worker.pk}, HTTP_HX_REQUEST="true")
        assert refused.status_code == 400
        assert "刑事辩护法律援助只能指派律师" in refused.content.decode()
        assert post_step(reviewer, case, "assign", {"practitioner_id": county.lawyer.pk}).status_code == 302
    clock_row.refresh_from_db()
    assert clock_row.state == ClockState.MET


def test_outsider_cannot_see_or_act(personas: dict[str, User], county: County) -> None:
    reviewer = client_for(personas["aid_reviewer"])
    app = new_application(reviewer)
    outsider = client_for(personas["outsider"])
    before = (CaseEvent.objects.count(), Case.objects.get(pk=app.case_id).status)
    assert outsider.get(f"/work/legal-aid/{app.case.reference}/").status_code == 404
    assert post_step(outsider, app.case, "accept").status_code == 404
    doc_id = Document.objects.filter(case=app.case).values_list("pk", flat=True).first() or 0
    assert outsider.get(f"/work/legal-aid/{app.case.reference}/documents/{doc_id}.pdf").status_code == 404
    assert (CaseEvent.objects.count(), Case.objects.get(pk=app.case_id).status) == before
