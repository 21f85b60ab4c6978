"""Scoped reads of the outbox for the supervision page (K11; STYLE §3; K2, M4).

Viewing follows the other supervision pages: supervisors, quality inspectors and administrators, over their own
region subtree (`supervision_region_check`). Re-sending is an operation, so only supervisors and administrators.
A message outside every subtree of the user is 404, so its existence is not leaked.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.core.errors import NotFoundError, PermissionDeniedError
from fawang.exchange.config import exchange_targets
from fawang.exchange.models import PROBLEM_STATUSES, ExchangeMessage, MessageStatus
from fawang.regions.models import Region
from fawang.supervision.selectors import supervision_prefixes, supervision_region_check

RETRY_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
PROBLEM_LIST_LIMIT = 200


@dataclass(frozen=True)
class TargetSummary:
    code: str
    name: str
    configured: bool
    pending: int = 0
    failed: int = 0
    delivered: int = 0
    dead: int = 0


def exchange_summary_for_user(*, user: User, region: Region) -> list[TargetSummary]:
    """Per target, the messages of the region subtree by status, from one grouped query. Targets that are no
    longer configured but still have messages are listed too."""
    supervision_region_check(user=user, region=region)
    counts: dict[str, dict[str, int]] = {}
    rows = (
        ExchangeMessage.objects.filter(region__code__startswith=region.prefix)
        .values_list("target", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for code, status, n in rows:
        counts.setdefault(code, {})[status] = n
    names = {t.code: t.name for t in exchange_targets()}
    codes = [*names, *sorted(set(counts) - set(names))]
    return [
        TargetSummary(
            code=code,
            name=names.get(code, "（已不在配置中）"),
            configured=code in names,
            pending=counts.get(code, {}).get(MessageStatus.PENDING, 0),
            failed=counts.get(code, {}).get(MessageStatus.FAILED, 0),
            delivered=counts.get(code, {}).get(MessageStatus.DELIVERED, 0),
            dead=counts.get(code, {}).get(MessageStatus.DEAD, 0),
        )
        for code in codes
    ]


def exchange_problem_list_for_user(*, user: User, region: Region) -> list[ExchangeMessage]:
    """Failing and dead messages of the region subtree, the most recently changed first."""
    supervision_region_check(user=user, region=region)
    return list(
        ExchangeMessage.objects.filter(region__code__startswith=region.prefix, status__in=PROBLEM_STATUSES)
        .select_related("case")
        .order_by("-updated_at", "-id")[:PROBLEM_LIST_LIMIT]
    )


def exchange_message_get_for_user(*, user: User, message_id: int, for_write: bool = False) -> ExchangeMessage:
    prefixes = supervision_prefixes(user=user)
    if not prefixes:
        raise PermissionDeniedError("您没有督办监测权限。")
    message = ExchangeMessage.objects.select_related("case", "region").filter(pk=message_id).first()
    if message is None or not any(message.region.code.startswith(p) for p in prefixes):
        raise NotFoundError()
    writers = [
        g.region_prefix for g in grant_list_for_user(user=user) if g.role in RETRY_ROLES and g.region_prefix
    ]
    if for_write and not any(message.region.code.startswith(p) for p in writers):
        raise PermissionDeniedError("只有督办人员和管理员可以重新发送上报消息。")
    return message
