"""Who may see analytics for which region (K2, K6; STYLE §3): supervisors, inspectors and admins, own subtree only."""

from __future__ import annotations

from datetime import date

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.core import clock
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.regions.models import Region

ANALYTICS_ROLES = frozenset({Role.SUPERVISOR, Role.QUALITY_INSPECTOR, Role.ADMIN})


def analytics_prefixes_for_user(*, user: User) -> list[str]:
    if not user.is_authenticated:
        return []
    return sorted(
        {
            g.region_prefix
            for g in grant_list_for_user(user=user)
            if g.role in ANALYTICS_ROLES and g.region_prefix
        },
        key=len,
    )


def analytics_region_for_user(*, user: User, code: str | None) -> Region:
    """The region asked for (default: the user's widest jurisdiction); 403 outside it, 404 when unknown."""
    prefixes = analytics_prefixes_for_user(user=user)
    if not prefixes:
        raise PermissionDeniedError("只有督办管理员、质检员和系统管理员可以查看统计分析。")
    if not code:
        return Region.objects.filter(code=prefixes[0].ljust(12, "0")).get()
    region = Region.objects.filter(code=code.strip()).first()
    if region is None:
        raise NotFoundError(f"未找到区划代码 {code}。")
    if not any(region.code.startswith(p) for p in prefixes):
        raise PermissionDeniedError("所选区划不在您的管辖范围内。")
    return region


def period_for(raw_from: str | None, raw_to: str | None) -> tuple[date, date]:
    """Parse a period (default: the last twelve whole months up to today); refuse reversed or absurd ones."""
    from fawang.supervision.periods import period_check, period_parse

    today = clock.local_today()
    date_to = period_parse(raw_to, "截止日期") if raw_to else today
    date_from = period_parse(raw_from, "开始日期") if raw_from else date(date_to.year - 1, date_to.month, 1)
    period_check(date_from, date_to)
    if date_to > today:
        raise DomainError(f"统计期间无效：截止日期 {date_to} 在今天之后。")
    return date_from, date_to
