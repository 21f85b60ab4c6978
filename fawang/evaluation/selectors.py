"""Scoped reads of ratings, rectifications, appeals and complaint records (STYLE §3).

Everything is scoped through the case scope of cases.selectors: a user sees a rating or a rectification when they
may see its 工单. The rater's identity is never part of these rows' display (H2); only the verification roles can
reveal the contact details needed for the follow-up call, and each reveal is audited (M6).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.selectors import case_roles_for_user, case_scope_exists
from fawang.core.audit import audit_record
from fawang.core.errors import NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.models import Institution, Practitioner
from fawang.evaluation.models import (
    OPEN_RECTIFICATION_STATES,
    AppealDecision,
    ComplaintDetail,
    Rating,
    RatingAppeal,
    RatingState,
    Rectification,
)
from fawang.evaluation.services import VERIFIER_ROLES
from fawang.people.idcard import phone_mask
from fawang.people.selectors import ContactRoute, person_contact_route


def rating_list_for_user(*, user: User) -> QuerySet[Rating]:
    return Rating.objects.filter(case_scope_exists(user=user)).select_related("case", "region")


def rating_for_case(*, case: Case, instance_key: str = "") -> Rating | None:
    return Rating.objects.filter(case=case, instance_key=instance_key).first()


def rectification_list_for_user(*, user: User, open_only: bool = False) -> QuerySet[Rectification]:
    rows = Rectification.objects.filter(case_scope_exists(user=user)).select_related(
        "case", "rating", "region"
    )
    if open_only:
        rows = rows.filter(state__in=OPEN_RECTIFICATION_STATES)
    return rows.order_by("effective_due_at")


def rectification_get_for_user(*, user: User, rectification_id: int) -> Rectification:
    rect = rectification_list_for_user(user=user).filter(pk=rectification_id).first()
    if rect is None:
        raise NotFoundError()
    return rect


def appeal_pending_for(*, rectification: Rectification) -> RatingAppeal | None:
    return RatingAppeal.objects.filter(rectification=rectification, decision=AppealDecision.PENDING).first()


@dataclass(frozen=True)
class RaterContact:
    name: str
    phone: (
        str  # M14: the number the follow-up may dial (a flagged rater's safe one), "" when no call is allowed
    )
    route: ContactRoute


def rating_rater_contact(*, user: User, rating: Rating, full: bool = False) -> RaterContact | None:
    """The rater's contact for the follow-up call (H4). Only verifiers; the full number is a logged reveal."""
    if not case_roles_for_user(user=user, case=rating.case) & VERIFIER_ROLES:
        raise PermissionDeniedError("评价人身份受保护，仅回访核实人员可以查看联系方式。")
    person = rating.rater_person
    if person is None:
        return None
    route = person_contact_route(person=person)  # M14: never the registered number of a flagged rater
    if full:
        audit_record(
            actor=user,
            action=AuditAction.REVEAL,
            object_type="evaluation.Rating",
            object_id=rating.pk,
            summary="rater contact for follow-up",
        )
        return RaterContact(name=person.name, phone=route.phone, route=route)
    return RaterContact(
        name=person.name[:1] + "*" * max(len(person.name) - 1, 1),
        phone=phone_mask(route.phone) if route.phone else "",
        route=route,
    )


@dataclass(frozen=True)
class ServiceRecord:
    """A practitioner's or institution's record (K9, C14): ratings and complaints with their findings."""

    ratings_total: int
    ratings_good: int
    ratings_bad: int
    complaints: list[ComplaintDetail]
    complaints_justified: int


def _record(user: User, rating_q: Q, complaint_q: Q) -> ServiceRecord:
    ratings = rating_list_for_user(user=user).filter(rating_q, state=RatingState.VALID)
    counts = ratings.aggregate(
        total=Count("pk"), good=Count("pk", filter=Q(grade="good")), bad=Count("pk", filter=Q(grade="bad"))
    )
    complaints = list(
        ComplaintDetail.objects.filter(complaint_q, case_scope_exists(user=user))
        .select_related("case")
        .order_by("-case__submitted_at")
    )
    return ServiceRecord(
        ratings_total=counts["total"],
        ratings_good=counts["good"],
        ratings_bad=counts["bad"],
        complaints=complaints,
        complaints_justified=sum(1 for c in complaints if c.finding in ("justified", "partly")),
    )


def service_record_for_practitioner(*, user: User, practitioner: Practitioner) -> ServiceRecord:
    return _record(user, Q(handler_practitioner=practitioner), Q(subject_practitioner=practitioner))


def service_record_for_institution(*, user: User, institution: Institution) -> ServiceRecord:
    return _record(user, Q(handler_institution=institution), Q(subject_institution=institution))


def complaint_detail_for_case(*, case: Case) -> ComplaintDetail | None:
    return (
        ComplaintDetail.objects.filter(case=case)
        .select_related("subject_practitioner", "subject_institution", "subject_site", "about_case")
        .first()
    )
