"""Quality inspection (B3 ≥ 5% of calls sampled; B9 score sheet with standard and banned phrases)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError
from fawang.core.models import AuditAction
from fawang.hotline.hours import LOCAL_TZ
from fawang.hotline.models import Call, CallState, HotlineCentre, QualityReview
from fawang.hotline.quality import STANDARD_PHRASES, ScoreError, sample_target, score_sheet_total
from fawang.hotline.selectors import INSPECTOR_ROLES, SUPERVISION_ROLES, centre_check, quality_list_for_user


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=LOCAL_TZ)
    return start, start + timedelta(days=1)


@transaction.atomic
def quality_sample(*, actor: User, centre: HotlineCentre, day: date) -> list[QualityReview]:
    """Flag at least `quality_sample_percent` % of the day's answered calls (rounded up) for review.
    Random but reproducible (seeded by centre and day); running it again tops up and never duplicates."""
    centre_check(user=actor, centre=centre, roles=SUPERVISION_ROLES)
    start, end = day_bounds(day)
    answered = list(
        Call.objects.filter(centre=centre, offered_at__gte=start, offered_at__lt=end, state=CallState.ENDED)
        .order_by("call_ref")
        .values_list("pk", flat=True)
    )
    already = set(QualityReview.objects.filter(call_id__in=answered).values_list("call_id", flat=True))
    missing = sample_target(len(answered), centre.quality_sample_percent) - len(already)
    if missing <= 0:
        return []
    pool = [pk for pk in answered if pk not in already]
    picked = random.Random(f"{centre.code}:{day.isoformat()}").sample(pool, min(missing, len(pool)))  # noqa: S311
    now = clock.now()
    created = [
        QualityReview.objects.create(call_id=pk, sampled_at=now, sampled_by=actor, random_sample=True)
        for pk in sorted(picked)
    ]
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="hotline.QualityReview",
        object_id=centre.code,
        summary=f"sample {day} +{len(created)}",
    )
    return created


@transaction.atomic
def quality_flag(*, actor: User, call: Call) -> QualityReview:
    """An inspector adds a call to the review list by hand (e.g. after a complaint)."""
    centre_check(user=actor, centre=call.centre, roles=INSPECTOR_ROLES)
    try:
        with transaction.atomic():
            return QualityReview.objects.create(
                call=call, sampled_at=clock.now(), sampled_by=actor, random_sample=False
            )
    except IntegrityError as exc:
        raise ConflictError("该来电已在质检列表中。") from exc


@transaction.atomic
def quality_review_score(
    *,
    actor: User,
    review_id: int,
    scores: Mapping[str, int],
    standard_phrases: Sequence[str],
    banned_phrases: Sequence[str],
    comment: str = "",
) -> QualityReview:
    review = quality_list_for_user(user=actor).filter(pk=review_id).first()
    if review is None:
        raise DomainError("未找到该质检记录。")
    centre_check(user=actor, centre=review.call.centre, roles=INSPECTOR_ROLES)
    unknown = [p for p in standard_phrases if p not in STANDARD_PHRASES]
    if unknown:
        raise DomainError(f"未知的规范用语：{'、'.join(unknown)}。")
    try:
        total = score_sheet_total(scores, banned_phrases)
    except ScoreError as exc:
        raise DomainError(str(exc)) from exc
    review.scores = dict(scores)
    review.standard_phrases = list(standard_phrases)
    review.banned_phrases = list(banned_phrases)
    review.total = total
    review.comment = comment.strip()
    review.inspector = actor
    review.scored_at = clock.now()
    review.save(
        update_fields=[
            "scores",
            "standard_phrases",
            "banned_phrases",
            "total",
            "comment",
            "inspector",
            "scored_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="hotline.QualityReview",
        object_id=review.pk,
        summary=f"score {total}",
    )
    return review
