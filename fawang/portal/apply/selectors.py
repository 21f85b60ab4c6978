"""Reads for guided applications: a user's own drafts only (STYLE §3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext

from fawang.accounts.models import User
from fawang.core.errors import NotFoundError
from fawang.portal.apply.flows import Flow
from fawang.portal.apply.services import DONE
from fawang.portal.models import ApplicationDraft


def draft_get_for_user(*, user: User, token: str) -> ApplicationDraft:
    draft = ApplicationDraft.objects.filter(token=token, user=user).first()
    if draft is None:
        raise NotFoundError("未找到这份申请草稿。")
    return draft


def draft_list_open_for_user(*, user: User) -> QuerySet[ApplicationDraft]:
    return ApplicationDraft.objects.filter(user=user, case__isnull=True).order_by("-updated_at")


def draft_next_step(*, draft: ApplicationDraft, flow: Flow) -> str:
    done = set(draft.answers.get(DONE, []))
    return next((s.key for s in flow.steps if s.key not in done and s.key != "materials"), "review")


@dataclass(frozen=True)
class ReviewRow:
    step: str
    step_title: str
    label: str
    value: str


def _display(field: forms.Field, value: Any) -> str:
    choices = dict((str(k), str(v)) for k, v in getattr(field, "choices", []) or [])
    if isinstance(value, list):
        return gettext("、").join(choices.get(str(v), str(v)) for v in value) or gettext("无")
    if value in (None, ""):
        return gettext("未填写")
    return choices.get(str(value), str(value))


def draft_review_rows(*, draft: ApplicationDraft, flow: Flow) -> list[ReviewRow]:
    """Every answer with its question, for the review screen (the citizen checks before submitting)."""
    rows: list[ReviewRow] = []
    for step in flow.steps:
        if step.form is None or step.key in ("review", "check"):
            continue
        kwargs: dict[str, Any] = (
            {"near": draft.answers.get("township", "")} if step.key == "committee" else {}
        )
        form = step.form(**kwargs)
        for name, field in form.fields.items():
            if name in ("version", "id_number") or name not in draft.answers:
                continue
            rows.append(
                ReviewRow(
                    step.key, gettext(step.title), str(field.label), _display(field, draft.answers[name])
                )
            )
    return rows
