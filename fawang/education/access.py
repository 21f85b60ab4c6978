"""Who edits 普法 content and manages events and culture sites, and where (STYLE §3; P2-P5).

Editors are the roles `services.EDITORS` names; their jurisdiction is the region subtree of each such role
assignment. Events and culture sites outside it are "not found" to them.
"""

from __future__ import annotations

from fawang.accounts.models import User
from fawang.accounts.selectors import grant_list_for_user
from fawang.core.errors import PermissionDeniedError
from fawang.education.services import EDITORS
from fawang.regions.models import Region


def education_staff_prefixes(*, user: User) -> list[str]:
    """The region prefixes (subtrees) in which the user edits 普法 content; empty for everyone else."""
    if not user.is_authenticated:
        return []
    return sorted(
        {g.region_prefix for g in grant_list_for_user(user=user) if g.role in EDITORS and g.region_prefix},
        key=len,
    )


def education_staff_require(*, user: User) -> list[str]:
    prefixes = education_staff_prefixes(user=user)
    if not prefixes:
        raise PermissionDeniedError("您的角色不能管理普法活动和法治文化阵地。")
    return prefixes


def education_region_check(*, user: User, region: Region) -> None:
    """Refuse a region outside the editor's jurisdiction, in Chinese."""
    prefixes = education_staff_require(user=user)
    if not any(region.code.startswith(p) for p in prefixes):
        raise PermissionDeniedError(f"“{region.name}”不在您的管辖范围内。")
