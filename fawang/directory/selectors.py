"""Read-only lookups of the physical platform used at intake and on the public pages (G6)."""

from __future__ import annotations

from fawang.accounts.models import User
from fawang.accounts.selectors import grant_list_for_user
from fawang.cases.states import ServiceType
from fawang.core.errors import DomainError
from fawang.directory.models import WindowPost


def window_posts_for_clerk(*, user: User) -> list[WindowPost]:
    """The open windows of the sites the clerk is assigned to, in window-number order."""
    site_ids = {grant.site_id for grant in grant_list_for_user(user=user) if grant.site_id}
    if not site_ids:
        return []
    return list(
        WindowPost.objects.filter(site_id__in=site_ids, active=True)
        .select_related("site")
        .order_by("site_id", "number")
    )


def window_post_for_intake(*, user: User, window_id: int, service_type: str) -> WindowPost:
    """The window a clerk says they receive at: open, at their own site, and taking this service."""
    window = next((w for w in window_posts_for_clerk(user=user) if w.pk == window_id), None)
    if window is None:
        raise DomainError("所选窗口不存在、已停用或不属于您所在的站点，请重新选择。")
    if not window.takes(service_type):
        label = dict(ServiceType.choices).get(service_type, service_type)
        raise DomainError(f"{window}不受理“{label}”，请改选受理该服务的窗口或综合受理窗口。")
    return window
