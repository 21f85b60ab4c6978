"""A centre's published service settings (B2, B5): staffed hours and what callers get outside them; and its IVR
language menu (A12).

Only supervisors and administrators of the centre's jurisdiction change them. Every change needs a note, because
published hours never change without notice (B2); the note and the new table go into the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.translation import override

from fawang.accounts.models import User
from fawang.config.languages import MANDARIN
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction
from fawang.hotline.hours import Span, hours_describe, hours_problems
from fawang.hotline.languages import ivr_language_map_describe, ivr_language_map_problems
from fawang.hotline.models import HotlineCentre, OpeningHours, OutOfHoursMode
from fawang.hotline.selectors import CENTRE_ADMIN_ROLES, centre_check

PROMPT_MAX = 300


def _menu_in_mandarin(keys: Mapping[str, str]) -> str:
    with override(MANDARIN):
        return ivr_language_map_describe(keys)


def _hours_in_mandarin(spans: Sequence[Span]) -> str:
    """The audit log keeps the table in Mandarin whatever the acting user's interface language (L8)."""
    with override(MANDARIN):
        return hours_describe(sorted(spans, key=lambda s: (s.weekday, s.opens)))


@transaction.atomic
def centre_hours_set(
    *,
    actor: User,
    centre: HotlineCentre,
    spans: Sequence[Span],
    out_of_hours_mode: str,
    out_of_hours_prompt: str,
    note: str,
) -> HotlineCentre:
    """Replace the centre's staffed hours and set its out-of-hours answer. No spans = 7×24 human answering (B2).
    Calls already folded keep their out-of-hours flag (webhook.call_refold); new calls use the new table."""
    centre_check(user=actor, centre=centre, roles=CENTRE_ADMIN_ROLES)
    problems = hours_problems(spans)
    if problems:
        raise DomainError(" ".join(problems))
    if out_of_hours_mode not in OutOfHoursMode.values:
        raise DomainError("请选择非人工服务时间的应答方式。")
    prompt = out_of_hours_prompt.strip()
    if len(prompt) > PROMPT_MAX:
        raise DomainError(f"自动应答提示语不能超过 {PROMPT_MAX} 个字。")
    if not note.strip():
        raise DomainError("请填写变更说明（对外公布的服务时间变更须事先告知，B2）。")
    OpeningHours.objects.filter(centre=centre).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(centre=centre, weekday=s.weekday, opens=s.opens, closes=s.closes)
        for s in sorted(spans, key=lambda s: (s.weekday, s.opens))
    )
    centre.out_of_hours_mode = out_of_hours_mode
    centre.out_of_hours_prompt = prompt
    centre.save(update_fields=["out_of_hours_mode", "out_of_hours_prompt", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="hotline.HotlineCentre",
        object_id=centre.pk,
        summary=f"hours: {_hours_in_mandarin(spans)}; "
        f"out of hours: {out_of_hours_mode}; note: {note.strip()[:200]}"[:500],
    )
    return centre


@transaction.atomic
def centre_languages_set(
    *, actor: User, centre: HotlineCentre, menu: str, keys: Mapping[str, str]
) -> HotlineCentre:
    """A12: map the keys of the centre's IVR language menu onto languages this deployment offers. Calls folded
    from now on get their language from it (a refold of an older call applies the new map too)."""
    centre_check(user=actor, centre=centre, roles=CENTRE_ADMIN_ROLES)
    menu = menu.strip()
    problems = ivr_language_map_problems(keys)
    if keys and not menu:
        problems.insert(0, "请填写语言菜单在呼叫中心系统中的名称（ivr_choice 事件的 menu）。")
    if len(menu) > 50:
        problems.append("语言菜单名不能超过 50 个字符。")
    if problems:
        raise DomainError(" ".join(problems))
    centre.ivr_language_menu = menu
    centre.ivr_languages = dict(sorted(keys.items()))
    centre.save(update_fields=["ivr_language_menu", "ivr_languages", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="hotline.HotlineCentre",
        object_id=centre.pk,
        summary=f"ivr languages ({menu}): {_menu_in_mandarin(centre.ivr_languages)}"[:500],
    )
    return centre
