"""Centres, seats and agent state (B8: operators log shift status and never drop offline unrecorded)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction

from fawang.accounts.models import User
from fawang.cases.languages import DEFAULT_LANGUAGE, Language, language_enabled, language_label
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError
from fawang.core.models import AuditAction
from fawang.directory.models import Site, SiteKind
from fawang.hotline.models import AgentState, AgentStateChange, HotlineCentre, Seat, SeatSession
from fawang.hotline.selectors import OPERATOR_ROLES, centre_check, session_current


@transaction.atomic
def centre_ensure(*, actor: User, site: Site, code: str = "", seats: int = 0) -> HotlineCentre:
    """Give a hotline site its CTI code and at least `seats` seats named S01, S02, … (idempotent)."""
    if site.kind != SiteKind.HOTLINE:
        raise DomainError("只有“12348热线中心”类型的站点可以设置为热线中心。")
    centre, created = HotlineCentre.objects.get_or_create(
        site=site, defaults={"code": code or f"HL{site.pk}"}
    )
    for n in range(1, seats + 1):
        Seat.objects.get_or_create(centre=centre, code=f"S{n:02d}")
    if created:
        audit_record(
            actor=actor, action=AuditAction.CREATE, object_type="hotline.HotlineCentre", object_id=centre.pk
        )
    return centre


def _log(session: SeatSession, state: str, reason: str) -> None:
    AgentStateChange.objects.create(
        session=session,
        agent=session.agent,
        seat=session.seat,
        state=state,
        at=clock.now(),
        reason=reason[:200],
    )


@transaction.atomic
def seat_sign_in(*, actor: User, seat: Seat) -> SeatSession:
    """Sign in to a seat (available). Signing in elsewhere signs out of the previous seat first, on the record."""
    centre_check(user=actor, centre=seat.centre, roles=OPERATOR_ROLES)
    if not seat.active:
        raise DomainError("该坐席已停用。")
    current = session_current(user=actor)
    if current is not None and current.seat_id == seat.pk:
        return current
    if current is not None:
        seat_sign_out(actor=actor, reason=f"改签到坐席 {seat.code}")
    now = clock.now()
    try:
        with transaction.atomic():
            session = SeatSession.objects.create(
                seat=seat,
                agent=actor,
                started_at=now,
                state=AgentState.AVAILABLE,
                languages=_last_languages(actor),
            )
    except IntegrityError as exc:
        raise ConflictError(f"坐席 {seat.code} 已有其他坐席员签入。") from exc
    _log(session, AgentState.AVAILABLE, "签入")
    audit_record(
        actor=actor,
        action=AuditAction.LOGIN,
        object_type="hotline.Seat",
        object_id=seat.code,
        summary="seat sign-in",
    )
    return session


def _last_languages(agent: User) -> list[str]:
    """A12: the languages the agent declared last time, still offered here (one declaration, not one per shift)."""
    last = SeatSession.objects.filter(agent=agent).order_by("-started_at").values_list("languages", flat=True)
    return [c for c in (last.first() or []) if isinstance(c, str) and language_enabled(c)]


@transaction.atomic
def seat_languages_set(*, actor: User, languages: Sequence[str]) -> SeatSession:
    """A12: the languages and dialects the signed-in agent takes calls in besides 普通话 (transfer targets)."""
    session = session_current(user=actor)
    if session is None:
        raise DomainError("请先签入坐席。")
    for code in languages:
        if code not in Language.values or not language_enabled(code):
            raise DomainError(f"本平台未开通“{language_label(code)}”受理。")
    chosen = [c for c in dict.fromkeys(languages) if c != DEFAULT_LANGUAGE]
    SeatSession.objects.filter(pk=session.pk).update(languages=chosen, updated_at=clock.now())
    session.languages = chosen
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="hotline.SeatSession",
        object_id=session.pk,
        summary=f"languages: {','.join(chosen) or '-'}",
    )
    return session


@transaction.atomic
def agent_state_set(*, actor: User, state: str, reason: str = "") -> SeatSession:
    if state not in (AgentState.AVAILABLE, AgentState.BUSY, AgentState.BREAK):
        raise DomainError("状态只能是空闲、忙碌或小休。")
    session = session_current(user=actor)
    if session is None:
        raise DomainError("请先签入坐席。")
    if session.state == state:
        return session
    SeatSession.objects.filter(pk=session.pk).update(state=state, updated_at=clock.now())
    session.state = state
    _log(session, state, reason)
    return session


@transaction.atomic
def seat_sign_out(*, actor: User, reason: str = "") -> SeatSession | None:
    session = session_current(user=actor)
    if session is None:
        return None
    now = clock.now()
    SeatSession.objects.filter(pk=session.pk).update(ended_at=now, state=AgentState.OFFLINE, updated_at=now)
    session.ended_at = now
    session.state = AgentState.OFFLINE
    _log(session, AgentState.OFFLINE, reason or "签出")
    return session
