"""The upstream records are pure functions of the case or rating (K11), and minimal (M1, M3, M7)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from fawang.cases.models import Case, CaseEvent
from fawang.cases.states import Status
from fawang.evaluation.models import Rating
from fawang.exchange.mapping import (
    case_accepted_record,
    case_concluded_record,
    case_event_kind,
    envelope,
    name_mask,
    rating_record,
)
from fawang.exchange.models import Kind
from fawang.people.models import Person
from fawang.regions.models import Region, RegionLevel

PHONE = "13812345678"
ID_NUMBER = "110101199003078888"
DESCRIPTION = "丈夫长期家暴，现住在娘家，地址保密"
REASON = "申请人月收入低于当地标准"
COMMENT = "接待人员态度很好，王律师电话13900001111"
SUBMITTED = datetime(2026, 11, 26, 1, 15, tzinfo=UTC)
EVENT_AT = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)


def _case(*, confidential: bool = False) -> Case:
    """An unsaved case carrying everything that must not leave: phone, ID number, address, description, title."""
    requester = Person(name="张三丰", phone=PHONE, id_number=ID_NUMBER, address="测试省测试市甲县东镇东村1号")
    return Case(
        reference="FW20261126-00042",
        service_type="legal_aid",
        channel="hotline",
        status=Status.UNDER_REVIEW,
        title="张三丰申请法律援助（离婚纠纷）",
        description=DESCRIPTION,
        region=Region(code="990101001000", name="东镇", level=RegionLevel.TOWNSHIP),
        requester=requester,
        confidential=confidential,
        submitted_at=SUBMITTED,
        outcome=REASON,
    )


def _event(case: Case, from_status: str, to_status: str) -> CaseEvent:
    return CaseEvent(
        case=case, at=EVENT_AT, action="x", from_status=from_status, to_status=to_status, reason=REASON
    )


@pytest.mark.parametrize(
    ("_case", "from_status", "to_status", "kind"),
    [
        ("受理 (accept)", Status.NEW, Status.ACCEPTED, Kind.CASE_ACCEPTED),
        ("法律援助 受理 into review (C3)", Status.NEW, Status.UNDER_REVIEW, Kind.CASE_ACCEPTED),
        (
            "consultation dispatched straight from intake (A2)",
            Status.NEW,
            Status.DISPATCHED,
            Kind.CASE_ACCEPTED,
        ),
        ("custody notice grants at once (法律援助法 Art.44)", Status.NEW, Status.GRANTED, Kind.CASE_ACCEPTED),
        ("a step that keeps the case 待受理", Status.NEW, Status.NEW, None),
        ("不予受理 at the door: an ending", Status.NEW, Status.REJECTED, Kind.CASE_CONCLUDED),
        ("withdrawn before acceptance: an ending", Status.NEW, Status.WITHDRAWN, Kind.CASE_CONCLUDED),
        ("answered (办结)", Status.DISPATCHED, Status.RESOLVED, Kind.CASE_CONCLUDED),
        ("aid refused (法律援助法 Art.41)", Status.UNDER_REVIEW, Status.REFUSED, Kind.CASE_CONCLUDED),
        ("a complaint closed from work", Status.IN_PROGRESS, Status.CLOSED, Kind.CASE_CONCLUDED),
        ("archiving a resolved case is not a second ending", Status.RESOLVED, Status.CLOSED, None),
        ("reopened after the caller's objection (A6)", Status.RESOLVED, Status.DISPATCHED, None),
        ("resolved again after reopening", Status.DISPATCHED, Status.RESOLVED, Kind.CASE_CONCLUDED),
        ("a note", Status.IN_PROGRESS, Status.IN_PROGRESS, None),
        ("intake (the create event)", "", Status.NEW, None),
    ],
)
def test_case_event_kind(_case: str, from_status: str, to_status: str, kind: Kind | None) -> None:
    assert case_event_kind(from_status=from_status, to_status=to_status) == kind


@pytest.mark.parametrize(
    ("_case", "name", "masked"),
    [
        ("two characters", "张三", "张*"),
        ("three", "张三丰", "张**"),
        ("compound surname", "欧阳娜娜", "欧***"),
        ("none", " ", ""),
    ],
)
def test_name_mask(_case: str, name: str, masked: str) -> None:
    assert name_mask(name) == masked


COMMON = {
    "case_reference": "FW20261126-00042",
    "service_code": "legal_aid",
    "service_name": "法律援助",
    "channel": "hotline",
    "channel_name": "12348热线",
    "region_code": "990101001000",
    "submitted_at": "2026-11-26T09:15:00+08:00",
}


def test_accepted_record() -> None:
    case = _case()
    record = case_accepted_record(
        case=case, event=_event(case, Status.NEW, Status.UNDER_REVIEW), include_name=False
    )
    assert record == {
        **COMMON,
        "status": "under_review",
        "status_name": "审查中",
        "accepted_at": "2026-11-27T10:30:00+08:00",
    }


@pytest.mark.parametrize(
    ("_case", "to_status", "deadline_met"),
    [
        ("resolved on time", Status.RESOLVED, True),
        ("resolved late (T1 breached)", Status.RESOLVED, False),
        ("rejected at the door, no clock ran", Status.REJECTED, None),
    ],
)
def test_concluded_record(_case: str, to_status: Status, deadline_met: bool | None) -> None:
    case = _case_with_status(to_status)
    record = case_concluded_record(
        case=case,
        event=_event(case, Status.IN_PROGRESS, to_status),
        deadline_met=deadline_met,
        include_name=False,
    )
    assert record == {
        **COMMON,
        "status": to_status.value,
        "status_name": to_status.label,
        "concluded_at": "2026-11-27T10:30:00+08:00",
        "deadline_met": deadline_met,
    }


def _case_with_status(status: Status) -> Case:
    case = _case()
    case.status = status
    return case


def _rating(case: Case, *, real_name: bool) -> Rating:
    return Rating(
        pk=7,
        case=case,
        level=2,
        grade="bad",
        channel="hotline_ivr",
        comment=COMMENT,
        real_name=real_name,
        rater_person=case.requester if real_name else None,
        rated_at=EVENT_AT,
        region=case.region,
        service_type=case.service_type,
        case_channel=case.channel,
    )


def test_rating_record() -> None:
    record = rating_record(rating=_rating(_case(), real_name=True), include_name=False)
    assert record == {
        "case_reference": "FW20261126-00042",
        "rating_id": "7",
        "service_code": "legal_aid",
        "service_name": "法律援助",
        "region_code": "990101001000",
        "rating_channel": "hotline_ivr",
        "rating_channel_name": "热线通话后语音评价",
        "level": 2,
        "level_name": "不满意",
        "grade": "bad",
        "grade_name": "差评",
        "rated_at": "2026-11-27T10:30:00+08:00",
        "real_name": True,
    }


def _all_records(case: Case, *, include_name: bool) -> list[dict[str, Any]]:
    accepted = _event(case, Status.NEW, Status.UNDER_REVIEW)
    concluded = _event(case, Status.UNDER_REVIEW, Status.REFUSED)
    return [
        case_accepted_record(case=case, event=accepted, include_name=include_name),
        case_concluded_record(case=case, event=concluded, deadline_met=True, include_name=include_name),
        rating_record(rating=_rating(case, real_name=True), include_name=include_name),
    ]


@pytest.mark.parametrize(
    ("_case", "confidential", "include_name", "name_sent"),
    [
        ("default: no name at all (M1 minimisation)", False, False, None),
        ("target asks for the name: masked only (M3)", False, True, "张**"),
        ("confidential 工单: never, even masked (M7)", True, True, None),
    ],
)
def test_no_personal_data_leaks(
    _case: str, confidential: bool, include_name: bool, name_sent: str | None
) -> None:
    for record in _all_records(_case_for(confidential), include_name=include_name):
        text = json.dumps(record, ensure_ascii=False)
        for secret in (
            PHONE,
            ID_NUMBER,
            "1990",
            DESCRIPTION,
            "家暴",
            REASON,
            "离婚",
            "东村1号",
            COMMENT,
            "13900001111",
        ):
            assert secret not in text
        assert "张三丰" not in text
        assert record.get("name_masked") == name_sent


def _case_for(confidential: bool) -> Case:
    return _case(confidential=confidential)


def test_anonymous_rating_never_carries_a_name() -> None:
    record = rating_record(rating=_rating(_case(), real_name=False), include_name=True)
    assert "name_masked" not in record
    assert record["real_name"] is False


def test_envelope() -> None:
    assert envelope(kind=Kind.RATING, idempotency_key="K", sender="S1", record={"a": 1}) == {
        "schema": "fawang.exchange/1",
        "kind": "rating",
        "kind_name": "好差评",
        "idempotency_key": "K",
        "sender": "S1",
        "record": {"a": 1},
    }
