"""Written consultation opinions (法律咨询意见书, J7): drafted from the record, approved by the answering
professional, then released; the state table, the approval rule and bad input, through the services."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction
from pytest_django.fixtures import Settings

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County, MakeCase
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AppendOnlyError, AuditEntry
from fawang.knowledge.models import ConsultationOpinion, ConsultationOpinionEvent, OpinionStatus
from fawang.knowledge.opinions import NOTICE, OPINION_TRANSITIONS, OpinionAction
from fawang.knowledge.selectors import consultation_opinion_get_for_user, consultation_opinion_list_for_case
from fawang.knowledge.services import (
    consultation_opinion_approve,
    consultation_opinion_draft,
    consultation_opinion_edit,
    consultation_opinion_release,
    consultation_opinion_return,
    consultation_opinion_submit,
    consultation_opinion_transition,
)
from fawang.knowledge.tests.conftest import ANSWER, CIVIL
from fawang.notifications.models import Notification
from fawang.notifications.services import FLAGGED_MESSAGE
from fawang.people.services import ContactSafety, person_contact_safety_set

pytestmark = pytest.mark.django_db


def _state(opinion: ConsultationOpinion) -> tuple[str, int]:
    opinion.refresh_from_db()
    return opinion.status, opinion.events.count()


def _to(status: str, case: Case, personas: dict[str, User]) -> ConsultationOpinion:
    """An opinion of `case` brought to `status` through the services (the lawyer both drafts and answers)."""
    lawyer = personas["aid_lawyer"]
    opinion = consultation_opinion_draft(actor=lawyer, reference=case.reference)
    path = {
        OpinionStatus.DRAFT: [],
        OpinionStatus.PENDING: [OpinionAction.SUBMIT],
        OpinionStatus.RETURNED: [OpinionAction.SUBMIT, OpinionAction.RETURN],
        OpinionStatus.APPROVED: [OpinionAction.SUBMIT, OpinionAction.APPROVE],
        OpinionStatus.RELEASED: [OpinionAction.SUBMIT, OpinionAction.APPROVE, OpinionAction.RELEASE],
    }[OpinionStatus(status)]
    for action in path:
        consultation_opinion_transition(
            actor=lawyer, opinion_id=opinion.pk, action=action, reason="请补充", confirm_flagged=True
        )
    opinion.refresh_from_db()
    return opinion


def test_draft_is_made_from_the_record(answered_case: Case, personas: dict[str, User]) -> None:
    """J7: question, facts as stated, the answer given, the cited articles with their titles, the notice."""
    clerk = personas["window_clerk"]
    opinion = consultation_opinion_draft(actor=clerk, reference=answered_case.reference)
    assert (opinion.version, opinion.number, opinion.status) == (
        1,
        f"{answered_case.reference}-YJ1",
        OpinionStatus.DRAFT,
    )
    assert opinion.question == "离婚需要走什么程序"
    assert opinion.facts == "我和丈夫分居两年，他不同意离婚，孩子六岁。"
    assert opinion.answer == ANSWER
    assert (opinion.advice, opinion.notice) == ("", NOTICE)
    assert "根据咨询人陈述的事实" in opinion.notice
    assert opinion.answerer == personas["aid_lawyer"]
    assert (opinion.drafted_by, opinion.updated_by) == (clerk, clerk)
    assert [(c["law_title"], c["article_label"], c["status"]) for c in opinion.citations] == [
        (CIVIL, "第一千零七十九条", "ok"),
        ("中华人民共和国婚姻法", "第三十二条", "repealed"),
    ]
    assert opinion.snapshot == {}
    event = opinion.events.get()
    assert (event.action, event.from_status, event.to_status, event.actor) == ("draft", "", "draft", clerk)
    assert (
        AuditEntry.objects.filter(
            object_type="knowledge.ConsultationOpinion", object_id=opinion.number
        ).count()
        == 1
    )


@pytest.mark.parametrize("status", OpinionStatus.values)
@pytest.mark.parametrize("action", [a.value for a in OPINION_TRANSITIONS])
def test_state_table(status: str, action: str, answered_case: Case, personas: dict[str, User]) -> None:
    """J7: each step runs only from the statuses the table lists; refused steps change nothing."""
    opinion = _to(status, answered_case, personas)
    before = _state(opinion)
    transition = OPINION_TRANSITIONS[OpinionAction(action)]
    call = {
        "actor": personas["aid_lawyer"],
        "opinion_id": opinion.pk,
        "action": action,
        "reason": "引用需更新",
        "confirm_flagged": True,
    }
    if status in transition.sources:
        consultation_opinion_transition(**call)  # type: ignore[arg-type]
        assert _state(opinion) == (transition.target, before[1] + 1)
        assert opinion.events.last().action == action  # type: ignore[union-attr]
    else:
        with pytest.raises(DomainError, match="不能"):
            consultation_opinion_transition(**call)  # type: ignore[arg-type]
        assert _state(opinion) == before


def test_unknown_step_is_refused(answered_case: Case, personas: dict[str, User]) -> None:
    """J7: bad input gets a Chinese error and changes nothing."""
    opinion = _to(OpinionStatus.DRAFT, answered_case, personas)
    with pytest.raises(DomainError, match="没有“publish”这一步骤"):
        consultation_opinion_transition(actor=personas["aid_lawyer"], opinion_id=opinion.pk, action="publish")
    assert _state(opinion) == (OpinionStatus.DRAFT, 1)


def test_only_the_answering_professional_approves(answered_case: Case, personas: dict[str, User]) -> None:
    """J7: the drafter (a clerk), a supervisor and a lawyer who did not answer cannot approve or return."""
    clerk = personas["window_clerk"]
    opinion = consultation_opinion_draft(actor=clerk, reference=answered_case.reference)
    consultation_opinion_submit(actor=clerk, opinion_id=opinion.pk)
    for user in (clerk, personas["county_supervisor"], personas["admin"]):
        with pytest.raises(PermissionDeniedError, match="须由答复该咨询的李律师审批"):
            consultation_opinion_approve(actor=user, opinion_id=opinion.pk, confirm_flagged=True)
        with pytest.raises(PermissionDeniedError):
            consultation_opinion_return(actor=user, opinion_id=opinion.pk, reason="不同意")
    with pytest.raises(NotFoundError):  # not assigned to this case: may not know it exists
        consultation_opinion_approve(
            actor=personas["other_lawyer"], opinion_id=opinion.pk, confirm_flagged=True
        )
    assert _state(opinion) == (OpinionStatus.PENDING, 2)
    consultation_opinion_approve(actor=personas["aid_lawyer"], opinion_id=opinion.pk, confirm_flagged=True)
    opinion.refresh_from_db()
    assert (opinion.status, opinion.approved_by) == (OpinionStatus.APPROVED, personas["aid_lawyer"])


def test_configured_approver_role_but_never_the_drafter(
    answered_case: Case, personas: dict[str, User], settings: Settings
) -> None:
    """J7 (Config): a deployment may let a named role approve; a holder who drafted or edited it still may not."""
    settings.FAWANG_CONSULTATION_OPINION_APPROVER_ROLES = ["window_clerk", "supervisor"]
    clerk = personas["window_clerk"]
    opinion = consultation_opinion_draft(actor=clerk, reference=answered_case.reference)
    consultation_opinion_submit(actor=clerk, opinion_id=opinion.pk)
    with pytest.raises(PermissionDeniedError, match="不能审批本人的稿件"):
        consultation_opinion_approve(actor=clerk, opinion_id=opinion.pk, confirm_flagged=True)
    assert _state(opinion) == (OpinionStatus.PENDING, 2)
    consultation_opinion_approve(
        actor=personas["county_supervisor"], opinion_id=opinion.pk, confirm_flagged=True
    )
    opinion.refresh_from_db()
    assert (opinion.status, opinion.approved_by) == (OpinionStatus.APPROVED, personas["county_supervisor"])
    assert (opinion.snapshot["approver"], opinion.snapshot["approver_licence"]) == ("supervisor", "")


def test_flagged_citations_need_confirmation(answered_case: Case, personas: dict[str, User]) -> None:
    """J7, J8: a repealed or unknown article cited must be checked by the approver before approval."""
    lawyer = personas["aid_lawyer"]
    opinion = _to(OpinionStatus.PENDING, answered_case, personas)
    with pytest.raises(DomainError, match=r"以下引用需复核：婚姻法第三十二条（已废止或非现行版本）"):
        consultation_opinion_approve(actor=lawyer, opinion_id=opinion.pk)
    assert _state(opinion) == (OpinionStatus.PENDING, 2)
    consultation_opinion_return(actor=lawyer, opinion_id=opinion.pk, reason="删去已废止的婚姻法")
    consultation_opinion_edit(
        actor=lawyer,
        opinion_id=opinion.pk,
        question=opinion.question,
        facts=opinion.facts,
        answer="根据《民法典》第一千零七十九条，可以调解或起诉。",
        advice="可先申请人民调解；《劳动合同法》第九百条不适用。",
    )
    opinion.refresh_from_db()
    assert [c["status"] for c in opinion.citations] == ["ok", "unknown_article"]
    consultation_opinion_submit(actor=lawyer, opinion_id=opinion.pk)
    with pytest.raises(DomainError, match="未找到该条文"):
        consultation_opinion_approve(actor=lawyer, opinion_id=opinion.pk)
    with pytest.raises(DomainError, match="不能再修改"):
        consultation_opinion_edit(
            actor=lawyer, opinion_id=opinion.pk, question="问", facts="", answer="答", advice=""
        )
    consultation_opinion_return(actor=lawyer, opinion_id=opinion.pk, reason="删去错误引用")
    consultation_opinion_edit(
        actor=lawyer,
        opinion_id=opinion.pk,
        question=opinion.question,
        facts=opinion.facts,
        answer="根据《民法典》第一千零七十九条，可以调解或起诉。",
        advice="可先申请人民调解。",
    )
    consultation_opinion_submit(actor=lawyer, opinion_id=opinion.pk)
    consultation_opinion_approve(actor=lawyer, opinion_id=opinion.pk)
    assert _state(opinion)[0] == OpinionStatus.APPROVED


@pytest.mark.parametrize(
    ("_case", "fields", "message"),
    [
        ("empty question", {"question": "  "}, "请填写咨询问题"),
        ("empty answer", {"answer": ""}, "请填写答复意见"),
        ("answer too long", {"answer": "答" * 20_001}, "答复意见过长"),
        ("not text", {"advice": None}, None),
    ],
)
def test_bad_edits_change_nothing(
    _case: str,
    fields: dict[str, object],
    message: str | None,
    answered_case: Case,
    personas: dict[str, User],
) -> None:
    """J7: bad input → a clear Chinese error, nothing written (a non-text advice is read as empty)."""
    opinion = _to(OpinionStatus.DRAFT, answered_case, personas)
    data = {"question": opinion.question, "facts": opinion.facts, "answer": opinion.answer, "advice": "x"}
    data.update(fields)  # type: ignore[arg-type]
    if message is None:
        consultation_opinion_edit(actor=personas["window_clerk"], opinion_id=opinion.pk, **data)
        opinion.refresh_from_db()
        assert (opinion.advice, opinion.events.count()) == ("", 1)
        return
    with pytest.raises(DomainError, match=message):
        consultation_opinion_edit(actor=personas["window_clerk"], opinion_id=opinion.pk, **data)
    opinion.refresh_from_db()
    assert (opinion.answer, opinion.advice, opinion.events.count()) == (ANSWER, "", 1)


def test_edit_without_change_writes_no_event(answered_case: Case, personas: dict[str, User]) -> None:
    """J7: saving an unchanged draft is a no-op."""
    opinion = _to(OpinionStatus.DRAFT, answered_case, personas)
    consultation_opinion_edit(
        actor=personas["window_clerk"],
        opinion_id=opinion.pk,
        question=opinion.question,
        facts=opinion.facts,
        answer=opinion.answer,
        advice="",
    )
    assert _state(opinion) == (OpinionStatus.DRAFT, 1)


def test_return_needs_a_reason(answered_case: Case, personas: dict[str, User]) -> None:
    """J7: returning for changes says why."""
    opinion = _to(OpinionStatus.PENDING, answered_case, personas)
    with pytest.raises(DomainError, match="须写明理由"):
        consultation_opinion_return(actor=personas["aid_lawyer"], opinion_id=opinion.pk, reason="  ")
    assert _state(opinion) == (OpinionStatus.PENDING, 2)


def test_drafting_is_refused_when_it_should_be(
    answered_case: Case, personas: dict[str, User], make_case: MakeCase, county: County
) -> None:
    """J7: no draft before an answer, none on another service, none by a citizen or an outsider, one open at a
    time."""
    unanswered = make_case("consultation", title="还没答复")
    with pytest.raises(DomainError, match="该咨询尚未答复"):
        consultation_opinion_draft(actor=personas["window_clerk"], reference=unanswered.reference)
    mediation = make_case("mediation", title="邻里纠纷")
    with pytest.raises(DomainError, match="只有法律咨询工单"):
        consultation_opinion_draft(actor=personas["window_clerk"], reference=mediation.reference)
    with pytest.raises(PermissionDeniedError, match="只有承办该工单的工作人员"):
        consultation_opinion_draft(actor=personas["citizen"], reference=answered_case.reference)
    for stranger in (personas["outsider"], personas["citizen_b"]):
        with pytest.raises(NotFoundError):
            consultation_opinion_draft(actor=stranger, reference=answered_case.reference)
    assert ConsultationOpinion.objects.count() == 0
    consultation_opinion_draft(actor=personas["window_clerk"], reference=answered_case.reference)
    with pytest.raises(DomainError, match="已有未发布的意见书（第1版）"):
        consultation_opinion_draft(actor=personas["aid_lawyer"], reference=answered_case.reference)
    assert ConsultationOpinion.objects.count() == 1


def test_released_text_is_a_snapshot_and_a_redraft_is_a_new_version(
    answered_case: Case, personas: dict[str, User]
) -> None:
    """J7: the approved text is frozen; a later correction is version 2, version 1 stays as released."""
    lawyer = personas["aid_lawyer"]
    first = _to(OpinionStatus.APPROVED, answered_case, personas)
    frozen = dict(first.snapshot)
    assert (frozen["answer"], frozen["approver"], frozen["institution"]) == (
        ANSWER,
        "李律师",
        "甲县律师事务所",
    )
    assert frozen["approver_licence"] == answered_case.handler_practitioner.licence_number  # type: ignore[union-attr]
    with pytest.raises(DomainError, match="不能再修改"):
        consultation_opinion_edit(
            actor=lawyer, opinion_id=first.pk, question="改", facts="", answer="改", advice=""
        )
    consultation_opinion_release(actor=lawyer, opinion_id=first.pk)
    second = consultation_opinion_draft(actor=lawyer, reference=answered_case.reference)
    assert (second.version, second.number) == (2, f"{answered_case.reference}-YJ2")
    consultation_opinion_edit(
        actor=lawyer,
        opinion_id=second.pk,
        question="改后的问题",
        facts="",
        answer="改后的答复",
        advice="改后的建议",
    )
    first.refresh_from_db()
    assert (first.status, first.snapshot, first.question) == (
        OpinionStatus.RELEASED,
        frozen,
        "离婚需要走什么程序",
    )
    with pytest.raises(DatabaseError), transaction.atomic():  # one version in the making per case
        ConsultationOpinion.objects.filter(pk=first.pk).update(status=OpinionStatus.DRAFT)


def test_events_are_append_only(answered_case: Case, personas: dict[str, User]) -> None:
    """J7: the opinion's event log is never changed, by the code or in the database."""
    opinion = _to(OpinionStatus.PENDING, answered_case, personas)
    event = opinion.events.first()
    assert event is not None
    event.reason = "改"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        ConsultationOpinionEvent.objects.filter(pk=event.pk).update(reason="改")
    with pytest.raises(DatabaseError), transaction.atomic():
        ConsultationOpinionEvent.objects.filter(pk=event.pk).delete()


def test_citizen_sees_only_released_opinions_of_own_case(
    answered_case: Case, personas: dict[str, User]
) -> None:
    """J7: drafts, pending and approved opinions are invisible to the citizen; another citizen sees nothing."""
    citizen, other = personas["citizen"], personas["citizen_b"]
    opinion = _to(OpinionStatus.APPROVED, answered_case, personas)
    assert consultation_opinion_list_for_case(user=citizen, case=answered_case) == []
    assert consultation_opinion_list_for_case(user=personas["window_clerk"], case=answered_case) == [opinion]
    with pytest.raises(NotFoundError):
        consultation_opinion_get_for_user(user=citizen, opinion_id=opinion.pk)
    consultation_opinion_release(actor=personas["window_clerk"], opinion_id=opinion.pk)
    assert consultation_opinion_get_for_user(user=citizen, opinion_id=opinion.pk) == opinion
    assert consultation_opinion_list_for_case(user=citizen, case=answered_case) == [opinion]
    with pytest.raises(NotFoundError):
        consultation_opinion_get_for_user(user=other, opinion_id=opinion.pk)
    assert (
        Notification.objects.filter(
            recipient=citizen, message__contains="法律咨询意见书（第1版）已发布"
        ).count()
        == 1
    )


def test_release_notice_to_a_flagged_requester_names_nothing(
    answered_case: Case, personas: dict[str, User]
) -> None:
    """M14: a flagged citizen learns only that there is a message, not that an opinion on their matter is out."""
    assert answered_case.requester is not None
    person_contact_safety_set(
        actor=personas["citizen"], person=answered_case.requester, safety=ContactSafety(channel="portal")
    )
    opinion = _to(OpinionStatus.APPROVED, answered_case, personas)
    consultation_opinion_release(actor=personas["window_clerk"], opinion_id=opinion.pk)
    messages = list(
        Notification.objects.filter(recipient=personas["citizen"]).values_list("message", flat=True)
    )
    assert FLAGGED_MESSAGE in messages
    assert not [m for m in messages if "法律咨询意见书" in m or answered_case.reference in m]
