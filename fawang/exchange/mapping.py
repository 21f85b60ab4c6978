"""Upstream records, one pure function per kind (K11; docs/exchange.md "报文格式").

Pure: no query, no clock, no settings. The callers pass the case with its region and requester loaded (the
transition and rating services already hold them), and the facts that need a query (`deadline_met`).

Data minimisation (M1, M3, M7; 个人信息保护法 Art.6): a record says which matter, which service, where, when and
with what result. It never carries ID numbers, phone numbers, addresses, descriptions, reasons, comments or any
other free text; the requester's or rater's name only masked ("张*"), only when the target asks for it, and never
for a confidential 工单 (M7).

Names (`*_name`) are always the Chinese labels, whatever interface language the acting user has chosen (L8): the
upstream platforms read Chinese, and a record is built inside the request that caused it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import override

from fawang.cases.models import Case, CaseEvent
from fawang.cases.states import Channel, ServiceType, Status
from fawang.config.languages import MANDARIN
from fawang.core.clock import to_local
from fawang.evaluation.models import Grade, Rating, RatingChannel, RatingLevel
from fawang.exchange.models import Kind
from fawang.people.models import Person

SCHEMA = "fawang.exchange/1"
# Statuses in which a matter has ended, whether done, refused, not accepted or withdrawn (办结, in the sense of the
# government-service platforms: every ending is reported, not only the favourable one).
CONCLUDED_STATUSES = frozenset(
    {Status.RESOLVED, Status.CLOSED, Status.REFUSED, Status.REJECTED, Status.WITHDRAWN}
)
NOT_ACCEPTED = frozenset({Status.NEW, Status.REJECTED, Status.WITHDRAWN})


def case_event_kind(*, from_status: str, to_status: str) -> Kind | None:
    """Which upstream record a step of the case produces, if any.

    受理: the first step that takes the case out of 待受理 into work (accept, dispatch, grant, …). 办结: entering an
    ending status from an open one; archiving a resolved case (resolved → closed) is not a second ending.
    """
    if from_status == Status.NEW and to_status not in NOT_ACCEPTED:
        return Kind.CASE_ACCEPTED
    if to_status in CONCLUDED_STATUSES and from_status not in CONCLUDED_STATUSES:
        return Kind.CASE_CONCLUDED
    return None


def name_mask(name: str) -> str:
    """Keep the surname's first character: 张三 → 张*, 欧阳娜娜 → 欧***."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


def _time(moment: datetime | None) -> str | None:
    return to_local(moment).isoformat(timespec="seconds") if moment is not None else None


def _chinese(label: str | Promise) -> str:
    """A choice label in Mandarin, the language of the upstream records, not the acting user's (L8)."""
    with override(MANDARIN):
        return str(label)


def _label(choices: type[Status] | type[ServiceType] | type[Channel], value: str) -> str:
    return _chinese(choices(value).label) if value in choices.values else value


def _masked(person: Person | None, *, include_name: bool, confidential: bool) -> dict[str, str]:
    if not include_name or confidential or person is None or not person.name.strip():
        return {}
    return {"name_masked": name_mask(person.name)}


def _case_common(case: Case, event: CaseEvent, *, include_name: bool) -> dict[str, Any]:
    return {
        "case_reference": case.reference,
        "service_code": case.service_type,
        "service_name": _label(ServiceType, case.service_type),
        "channel": case.channel,
        "channel_name": _label(Channel, case.channel),
        "region_code": case.region.code,
        "submitted_at": _time(case.submitted_at),
        "status": event.to_status,
        "status_name": _label(Status, event.to_status),
        **_masked(case.requester, include_name=include_name, confidential=case.confidential),
    }


def case_accepted_record(*, case: Case, event: CaseEvent, include_name: bool) -> dict[str, Any]:
    """办件受理: the matter was taken into work at `accepted_at`."""
    return {**_case_common(case, event, include_name=include_name), "accepted_at": _time(event.at)}


def case_concluded_record(
    *, case: Case, event: CaseEvent, deadline_met: bool | None, include_name: bool
) -> dict[str, Any]:
    """办结: the matter ended at `concluded_at` with `status`; `deadline_met` is None when no statutory clock ran."""
    return {
        **_case_common(case, event, include_name=include_name),
        "concluded_at": _time(event.at),
        "deadline_met": deadline_met,
    }


def rating_record(*, rating: Rating, include_name: bool) -> dict[str, Any]:
    """好差评: one rating of one service instance (H1); the comment stays at home."""
    case = rating.case
    rater = rating.rater_person if rating.real_name else None
    return {
        "case_reference": case.reference,
        "rating_id": str(rating.pk),
        "service_code": rating.service_type,
        "service_name": _label(ServiceType, rating.service_type),
        "region_code": rating.region.code,
        "rating_channel": rating.channel,
        "rating_channel_name": _chinese(RatingChannel(rating.channel).label),
        "level": rating.level,
        "level_name": _chinese(RatingLevel(rating.level).label),
        "grade": rating.grade,
        "grade_name": _chinese(Grade(rating.grade).label),
        "rated_at": _time(rating.rated_at),
        "real_name": rating.real_name,
        **_masked(rater, include_name=include_name, confidential=case.confidential),
    }


def envelope(*, kind: Kind, idempotency_key: str, sender: str, record: dict[str, Any]) -> dict[str, Any]:
    """The JSON body of one POST: what the record is, the key the upstream deduplicates on, and the record."""
    return {
        "schema": SCHEMA,
        "kind": kind.value,
        "kind_name": _chinese(kind.label),
        "idempotency_key": idempotency_key,
        "sender": sender,
        "record": record,
    }
