"""Reads for the kiosks (G10): the device behind a browser's token, the devices a supervisor manages, the sites they
may put one at, and a kiosk's own submissions (for its receipt)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q

from fawang.accounts.models import User
from fawang.cases.selectors import channel_enabled
from fawang.cases.states import Channel
from fawang.core import clock
from fawang.core.errors import NotFoundError, PermissionDeniedError
from fawang.directory.models import Site
from fawang.kiosk.models import Kiosk, KioskSubmission
from fawang.regions.models import Region
from fawang.supervision.readiness import PHYSICAL
from fawang.supervision.selectors import supervision_prefixes, supervision_region_check

RECENT_DAYS = 30


def kiosk_channel_open() -> bool:
    """G10: the kiosk channel is offered only where FAWANG_OPTIONAL_CHANNELS lists it."""
    return channel_enabled(Channel.KIOSK)


def token_digest(token: str) -> str:
    """The stored form of a device token: 256 random bits need no slow hash, only one that cannot be reversed."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def kiosk_get_by_token(*, token: str) -> Kiosk | None:
    """The kiosk a browser's device token belongs to, active or not (the caller refuses inactive ones)."""
    if not token:
        return None
    return (
        Kiosk.objects.select_related("site__region", "account").filter(token_hash=token_digest(token)).first()
    )


def kiosk_account_is_active(*, user: User) -> bool:
    """Whether this user is the device account of an active kiosk on an open channel: such an account may submit for
    the person at its screen (notary and consultation services, G10)."""
    if user.pk is None or not kiosk_channel_open():
        return False
    return Kiosk.objects.filter(account_id=user.pk, active=True).exists()


def kiosk_management_visible(*, user: User) -> bool:
    """The workbench shows device management to supervisors and administrators, only while the channel is open."""
    return kiosk_channel_open() and bool(supervision_prefixes(user=user))


def kiosk_sites_for_user(*, user: User) -> list[Site]:
    """Physical sites (centres, stations, rooms) in the user's supervision scope: where they may register a kiosk."""
    prefixes = supervision_prefixes(user=user)
    if not prefixes:
        raise PermissionDeniedError("只有督办管理员和系统管理员可以管理自助终端。")
    scope = Q()
    for prefix in prefixes:
        scope |= Q(region__code__startswith=prefix)
    return list(
        Site.objects.filter(scope, kind__in=PHYSICAL)
        .select_related("region")
        .order_by("region__code", "name")
    )


@dataclass(frozen=True)
class KioskRow:
    kiosk: Kiosk
    requests: int
    recent: int
    paired: bool
    pairing_pending: bool


def kiosk_list_for_user(*, user: User, region: Region) -> list[KioskRow]:
    """The kiosks in a region of the user's scope with their last-seen time and requests (all, and the last 30
    days): one query."""
    supervision_region_check(user=user, region=region)
    since = clock.now() - timedelta(days=RECENT_DAYS)
    rows = (
        Kiosk.objects.filter(site__region__code__startswith=region.prefix)
        .select_related("site__region")
        .annotate(
            requests=Count("submissions"),
            recent=Count("submissions", filter=Q(submissions__created_at__gte=since)),
        )
        .order_by("site__region__code", "site__name", "name")
    )
    now = clock.now()
    return [
        KioskRow(
            kiosk=k,
            requests=k.requests,
            recent=k.recent,
            paired=bool(k.token_hash),
            pairing_pending=_pending(k, now),
        )
        for k in rows
    ]


def _pending(kiosk: Kiosk, now: datetime) -> bool:
    return (
        bool(kiosk.pairing_digest) and kiosk.pairing_expires_at is not None and kiosk.pairing_expires_at > now
    )


def kiosk_get_for_user(*, user: User, kiosk_id: int) -> Kiosk:
    """One kiosk for its managers: 403 for users who manage no kiosks, 404 outside their scope (existence is not
    leaked)."""
    prefixes = supervision_prefixes(user=user)
    if not prefixes:
        raise PermissionDeniedError("只有督办管理员和系统管理员可以管理自助终端。")
    kiosk = Kiosk.objects.select_related("site__region").filter(pk=kiosk_id).first()
    if kiosk is None:
        raise NotFoundError("未找到该终端。")
    if not any(kiosk.site.region.code.startswith(p) for p in prefixes):
        raise NotFoundError("未找到该终端。")
    return kiosk


def kiosk_submission_get(*, kiosk: Kiosk, reference: str) -> KioskSubmission | None:
    """A submission made at this kiosk (its receipt); another kiosk's reference finds nothing."""
    return (
        KioskSubmission.objects.select_related("case__region", "case__handler_institution", "kiosk__site")
        .filter(kiosk=kiosk, case__reference=reference)
        .first()
    )
