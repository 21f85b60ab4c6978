"""case_transition through the service: every status × action for two lifecycles, with no side effects on refusal."""

from __future__ import annotations

from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseDeadline, CaseEvent
from fawang.cases.services import case_transition
from fawang.cases.states import ServiceType, Status
from fawang.cases.workflow import Action, transition_for
from fawang.conftest import County, MakeCase
from fawang.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditEntry


def _payload(county: County) -> dict[str, Any]:
    return {
        "site_id": county.station_x.pk,
        "practitioner_id": county.lawyer.pk,
        "missing_items": ["身份证复印件", "经济困难证明"],
    }


def _snapshot(case: Case) -> tuple[Any, ...]:
    case.refresh_from_db()
    return (
        case.status,
        case.handler_site_id,
        case.handler_practitioner_id,
        case.due_at,
        CaseEvent.objects.filter(case=case).count(),
        CaseDeadline.objects.filter(case=case).count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("service_type", [ServiceType.CONSULTATION, ServiceType.LEGAL_AID])
@pytest.mark.parametrize("status", list(Status))
def test_every_action_from_every_status(
    service_type: ServiceType, status: Status, make_case: MakeCase, personas: dict[str, User], county: County
) -> None:
    for action in Action:
        case = make_case(service_type)
        Case.objects.filter(pk=case.pk).update(status=status)  # test set-up only
        transition = transition_for(service_type, action)
        before = _snapshot(case)
        if transition is not None and status in transition.sources:
            result = case_transition(
                reference=case.reference,
                action=action,
                actor=personas["admin"],
                reason="说明",
                payload=_payload(county),
            )
            assert result.status == (transition.target or status)
            assert CaseEvent.objects.filter(case=case).count() == before[4] + 1
            event = CaseEvent.objects.filter(case=case).latest("id")
            assert (event.action, event.from_status, event.to_status) == (action, status, result.status)
        else:
            with pytest.raises(DomainError):
                case_transition(
                    reference=case.reference,
                    action=action,
                    actor=personas["admin"],
                    reason="说明",
                    payload=_payload(county),
                )
            assert _snapshot(case) == before


def test_unknown_action_is_refused_in_chinese(make_case: MakeCase, personas: dict[str, User]) -> None:
    case = make_case()
    with pytest.raises(DomainError, match="没有“fly”这一步骤"):
        case_transition(reference=case.reference, action="fly", actor=personas["admin"])


def test_reason_required_and_nothing_changes(make_case: MakeCase, personas: dict[str, User]) -> None:
    case = make_case()
    before = _snapshot(case)
    with pytest.raises(DomainError, match="须填写理由"):
        case_transition(reference=case.reference, action="reject", actor=personas["admin"], reason="  ")
    assert _snapshot(case) == before


def test_unknown_handler_is_refused(make_case: MakeCase, personas: dict[str, User]) -> None:
    case = make_case()
    before = _snapshot(case)
    with pytest.raises(DomainError, match="未找到指定的承办站点"):
        case_transition(
            reference=case.reference, action="dispatch", actor=personas["admin"], payload={"site_id": 999999}
        )
    assert _snapshot(case) == before


def test_stale_form_conflicts(make_case: MakeCase, personas: dict[str, User]) -> None:
    """Two clerks act on one case: the second, who saw the old status, gets a conflict and changes nothing."""
    case = make_case()
    case_transition(
        reference=case.reference, action="accept", actor=personas["window_clerk"], expected_status="new"
    )
    before = _snapshot(case)
    with pytest.raises(ConflictError):
        case_transition(
            reference=case.reference, action="accept", actor=personas["clerk_x"], expected_status="new"
        )
    assert _snapshot(case) == before


def test_wrong_role_is_refused(make_case: MakeCase, personas: dict[str, User]) -> None:
    case = make_case("legal_aid")
    case_transition(reference=case.reference, action="accept", actor=personas["aid_reviewer"])
    before = _snapshot(case)
    with pytest.raises(PermissionDeniedError, match="只能由"):
        case_transition(reference=case.reference, action="grant", actor=personas["window_clerk"])
    assert _snapshot(case) == before


def test_out_of_scope_actor_cannot_learn_the_case_exists(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    case = make_case(region=None)
    before = _snapshot(case)
    with pytest.raises(NotFoundError):
        case_transition(reference=case.reference, action="accept", actor=personas["clerk_y"])
    assert _snapshot(case) == before


def test_dispatch_moves_jurisdiction_and_keeps_history(
    make_case: MakeCase, personas: dict[str, User], county: County
) -> None:
    # A8: the back office's assignment (派单) of a 工单 to a competent unit.
    case = make_case(region=county.town_x)
    case_transition(
        reference=case.reference,
        action="dispatch",
        actor=personas["clerk_x"],
        payload={"site_id": county.station_y.pk},
    )
    case.refresh_from_db()
    assert (case.status, case.region_id, case.handler_site_id) == (
        "dispatched",
        county.town_y.pk,
        county.station_y.pk,
    )
    assert list(case.events.values_list("action", flat=True)) == ["create", "dispatch"]


def test_escalate_goes_one_level_up(make_case: MakeCase, personas: dict[str, User], county: County) -> None:
    """A11: village room → township station → county centre."""
    case = make_case(region=county.village_x)
    case_transition(reference=case.reference, action="accept", actor=personas["admin"])
    case_transition(
        reference=case.reference, action="escalate", actor=personas["admin"], reason="需工作站处理"
    )
    case.refresh_from_db()
    assert (case.region_id, case.handler_site_id) == (county.town_x.pk, county.station_x.pk)
    case_transition(
        reference=case.reference, action="escalate", actor=personas["admin"], reason="需县中心处理"
    )
    case.refresh_from_db()
    assert (case.region_id, case.handler_site_id) == (county.county.pk, county.centre.pk)


@pytest.mark.usefixtures("append_only_enforced")
def test_case_events_are_append_only(make_case: MakeCase) -> None:
    from django.db import DatabaseError, transaction

    from fawang.core.models import AppendOnlyError

    case = make_case()
    event = case.events.get()
    event.reason = "改写"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).update(reason="改写")
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).delete()
    assert CaseEvent.objects.get(pk=event.pk).reason == ""
