"""Account writes: staff creation, role grants, and the named system actor for jobs (STYLE §2)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from fawang.accounts.models import RoleAssignment, User
from fawang.accounts.roles import Role
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction
from fawang.directory.models import Institution, Site
from fawang.regions.models import Region

SYSTEM_USERNAME = "system"


def system_actor() -> User:
    """The actor that jobs and importers act as; never None (STYLE §2)."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"display_name": "系统", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def role_grant(
    *,
    actor: User,
    user: User,
    role: Role,
    region: Region | None = None,
    institution: Institution | None = None,
    site: Site | None = None,
    valid_from: date | None = None,
) -> RoleAssignment:
    if role is not Role.CITIZEN and region is None and institution is None and site is None:
        raise DomainError("工作人员角色必须指定辖区、机构或站点。")
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user,
        role=role.value,
        region=region,
        institution=institution,
        site=site,
        defaults={"valid_from": valid_from},
    )
    audit_record(
        actor=actor,
        action=AuditAction.PERMISSION,
        object_type="accounts.User",
        object_id=user.pk,
        summary=f"grant {role.value}",
    )
    return assignment
