"""Window posts of the physical sites (G6: 窗口岗位设置), configured by the supervisors of the site's jurisdiction.

A window has a number, a name and the services it takes in; an empty list is a comprehensive window. The intake
form offers the clerk the open windows of their site (`fawang.directory.selectors.window_posts_for_clerk`), the
receipt and the citizen's case page name the window, and a window is closed with a reason, never deleted.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from fawang.accounts.models import User
from fawang.cases.states import INTAKE_SERVICE_CHOICES
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, NotFoundError
from fawang.core.models import AuditAction
from fawang.directory.models import Site, WindowPost
from fawang.supervision.readiness import physical_site_for_user

SERVICE_LABELS = dict(INTAKE_SERVICE_CHOICES)
NAME_MAX = WindowPost._meta.get_field("name").max_length or 50
REASON_MAX = WindowPost._meta.get_field("closed_reason").max_length or 200


def _clean(*, number: int, name: str, service_types: Sequence[str]) -> tuple[str, list[str]]:
    name = name.strip()
    if not 1 <= number <= 99:
        raise DomainError("窗口号应为 1 至 99 之间的整数。")
    if not name:
        raise DomainError("请填写窗口名称，如“法律援助受理”。")
    if len(name) > NAME_MAX:
        raise DomainError(f"窗口名称过长，请控制在 {NAME_MAX} 字以内。")
    unknown = [s for s in service_types if s not in SERVICE_LABELS]
    if unknown:
        raise DomainError(f"未知的服务类型：{'、'.join(unknown)}。")
    return name, sorted(set(service_types), key=list(SERVICE_LABELS).index)


@transaction.atomic
def window_post_save(
    *,
    actor: User,
    site_id: int,
    number: int,
    name: str,
    service_types: Sequence[str],
    window_id: int | None = None,
) -> WindowPost:
    """Open a new window at the site, or change the number, name or services of one of its windows."""
    site = physical_site_for_user(user=actor, site_id=site_id)
    name, services = _clean(number=number, name=name, service_types=service_types)
    clashes = WindowPost.objects.filter(site=site, number=number)
    clash = (clashes.exclude(pk=window_id) if window_id is not None else clashes).first()
    if clash is not None:
        raise DomainError(f"{site.name}已有 {number} 号窗口（{clash.name}），请换一个窗口号。")
    if window_id is None:
        window = WindowPost.objects.create(site=site, number=number, name=name, service_types=services)
        action = AuditAction.CREATE
    else:
        window = _window_of(site=site, window_id=window_id)
        window.number, window.name, window.service_types = number, name, services
        window.save(update_fields=["number", "name", "service_types", "updated_at"])
        action = AuditAction.UPDATE
    audit_record(
        actor=actor,
        action=action,
        object_type="directory.WindowPost",
        object_id=window.pk,
        summary=str(window),
    )
    return window


@transaction.atomic
def window_post_set_open(
    *, actor: User, site_id: int, window_id: int, open_: bool, reason: str = ""
) -> WindowPost:
    """Close a window (a reason is required, e.g. 人员调整) or open it again."""
    site = physical_site_for_user(user=actor, site_id=site_id)
    window = _window_of(site=site, window_id=window_id)
    reason = reason.strip()
    if not open_ and not reason:
        raise DomainError("停用窗口须填写原因。")
    if len(reason) > REASON_MAX:
        raise DomainError(f"停用原因过长，请控制在 {REASON_MAX} 字以内。")
    window.active, window.closed_reason = open_, "" if open_ else reason
    window.save(update_fields=["active", "closed_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="directory.WindowPost",
        object_id=window.pk,
        summary=f"{window} {'启用' if open_ else '停用：' + reason}",
    )
    return window


def _window_of(*, site: Site, window_id: int) -> WindowPost:
    window = WindowPost.objects.select_for_update().filter(pk=window_id, site=site).first()
    if window is None:
        raise NotFoundError("该站点没有这个窗口。")
    return window


def window_posts_for_site(*, user: User, site_id: int) -> tuple[Site, list[WindowPost]]:
    """The site (within the user's jurisdiction) and all its windows, open ones first."""
    site = physical_site_for_user(user=user, site_id=site_id)
    return site, sorted(site.windows.all(), key=lambda w: (not w.active, w.number))
