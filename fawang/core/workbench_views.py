"""Helpers for thin workbench views (STYLE §8): parse a posted form, call one service, re-render the page body.

Shared by the practitioner workbenches (mediation, notary, appraisal) and resettlement. `plain_step` runs a generic
lifecycle action through `case_transition` so each app declares only which actions its page offers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime
from django_htmx.middleware import HtmxDetails

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError

Step = Callable[[User, str, QueryDict], object]


def steps_in_mandarin(steps: dict[str, Step]) -> dict[str, Step]:
    """Run each step with Mandarin active: the texts a service stores (events, notes) are kept in the source language,
    whatever the interface language of the person acting (L8)."""

    def wrap(step: Step) -> Step:
        def run(user: User, reference: str, data: QueryDict) -> object:
            with translation.override(settings.LANGUAGE_CODE):
                return step(user, reference, data)

        return run

    return {name: wrap(step) for name, step in steps.items()}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def user_of(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # login is enforced by the middleware before this point
        raise PermissionDeniedError("请先登录。")
    return request.user


def text(data: QueryDict, name: str) -> str:
    return str(data.get(name, "") or "").strip()


def integer(data: QueryDict, name: str) -> int:
    try:
        return int(text(data, name))
    except ValueError as exc:
        raise DomainError("请选择或填写有效的数字。") from exc


def integers(data: QueryDict, name: str) -> list[int]:
    try:
        return [int(v) for v in data.getlist(name) if str(v).strip()]
    except ValueError as exc:
        raise DomainError("请选择有效的选项。") from exc


def day(data: QueryDict, name: str) -> date:
    value = parse_date(text(data, name))
    if value is None:
        raise DomainError("请填写有效的日期（年-月-日）。")
    return value


def moment(data: QueryDict, name: str) -> datetime:
    raw = text(data, name).replace("T", " ")
    value = parse_datetime(raw) if raw else None
    if value is None:
        raise DomainError("请填写有效的日期和时间。")
    if value.tzinfo is None:
        value = value.replace(tzinfo=clock.LOCAL_TZ)
    return value


def flag(data: QueryDict, name: str) -> bool:
    return text(data, name) in ("1", "on", "true", "True")


def run_step(request: HttpRequest, steps: Mapping[str, Step], step: str, reference: str) -> tuple[str, str]:
    """Call the service behind one form; returns (error, done message)."""
    handler = steps.get(step)
    if handler is None:
        return "未知的办理步骤。", ""
    try:
        handler(user_of(request), reference, request.POST)
    except DomainError as exc:
        return exc.message, ""
    return "", "已保存。"


def render_body(
    request: HtmxHttpRequest, *, full: str, partial: str, context: dict[str, Any], error: str = ""
) -> HttpResponse:
    status = 400 if error else 200
    context = {**context, "step_error": error, "step_done": "" if error else context.get("step_done", "")}
    template = partial if request.htmx else full
    return render(request, template, context, status=status)


def step_response(
    request: HtmxHttpRequest,
    *,
    steps: Mapping[str, Step],
    name: str,
    reference: str,
    context_of: Callable[[User, str], dict[str, Any]],
    full: str,
    partial: str,
) -> HttpResponse:
    """A workbench form post: run the step, then re-render the page (or its htmx body) with the outcome; 404 when
    the record is out of the user's scope."""
    error, done = run_step(request, steps, name, reference)
    try:
        context = context_of(user_of(request), reference)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    context["step_done"] = done
    return render_body(request, full=full, partial=partial, context=context, error=error)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def plain_step(allowed: tuple[str, ...]) -> Step:
    """A workbench step that runs one of the `allowed` generic lifecycle actions (assign, start, supplement …)
    from the posted form; the lifecycle table and its guards decide the rest."""

    def act(user: User, reference: str, data: QueryDict) -> object:
        from fawang.cases.services import case_transition

        action = text(data, "action")
        if action not in allowed:
            raise DomainError("未知的办理步骤。")
        payload: dict[str, Any] = {}
        if text(data, "practitioner_id"):
            payload["practitioner_id"] = text(data, "practitioner_id")
        items = [line.strip() for line in text(data, "missing_items").splitlines() if line.strip()]
        if items:
            payload["missing_items"] = items
        return case_transition(
            reference=reference,
            action=action,
            actor=user,
            reason=text(data, "reason"),
            payload=payload,
            expected_status=text(data, "expected_status") or None,
        )

    return act
