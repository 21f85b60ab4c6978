"""Site readiness (G7): the building checklist of the physical platform, inspections and the shortfalls.

The checklist follows the local standards cited by G7 (DB5103/T 3—2019 自贡, 莆田): zones, window signs, the
devices a window needs, emergency power and light, barrier-free access. Each item applies to some kinds of site (a
village room needs no barcode scanner). A deployment replaces the list with `FAWANG_SITE_READINESS_ITEMS`
(Config): a list of [code, label, [site kinds]].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext, gettext_noop

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, NotFoundError
from fawang.core.models import AuditAction
from fawang.directory.models import Site, SiteKind
from fawang.regions.models import Region
from fawang.supervision.models import SiteInspection
from fawang.supervision.selectors import supervision_region_check

K = SiteKind
PHYSICAL = (K.CENTRE, K.STATION, K.ROOM)


@dataclass(frozen=True)
class ReadinessItem:
    code: str
    label: str
    kinds: tuple[str, ...]


DEFAULT_ITEMS: tuple[ReadinessItem, ...] = (
    ReadinessItem("office", gettext_noop("办公区"), PHYSICAL),
    ReadinessItem("hall", gettext_noop("服务大厅（接待区）"), (K.CENTRE, K.STATION)),
    ReadinessItem("waiting", gettext_noop("等候区（座椅、饮水、叫号）"), (K.CENTRE, K.STATION)),
    ReadinessItem("window_signs", gettext_noop("窗口标识（岗位、人员、服务事项）"), (K.CENTRE, K.STATION)),
    ReadinessItem("notice_board", gettext_noop("公示栏（事项清单、办事指南、监督电话）"), PHYSICAL),
    ReadinessItem("id_reader", gettext_noop("身份证读卡器"), (K.CENTRE, K.STATION)),
    ReadinessItem("barcode", gettext_noop("条码/二维码扫描设备"), (K.CENTRE,)),
    ReadinessItem("copier", gettext_noop("复印、扫描设备"), (K.CENTRE, K.STATION)),
    ReadinessItem("emergency_lighting", gettext_noop("应急照明"), (K.CENTRE, K.STATION)),
    ReadinessItem("ups", gettext_noop("不间断电源（UPS）"), (K.CENTRE,)),
    ReadinessItem("barrier_free", gettext_noop("无障碍通道"), PHYSICAL),
)


def readiness_items() -> tuple[ReadinessItem, ...]:
    """The checklist, its labels in the active interface language (L8)."""
    configured = getattr(settings, "FAWANG_SITE_READINESS_ITEMS", None)
    if not configured:
        return tuple(ReadinessItem(i.code, gettext(i.label), i.kinds) for i in DEFAULT_ITEMS)
    return tuple(ReadinessItem(str(code), str(label), tuple(kinds)) for code, label, kinds in configured)


def items_for(kind: str) -> tuple[ReadinessItem, ...]:
    return tuple(item for item in readiness_items() if kind in item.kinds)


def physical_site_for_user(*, user: User, site_id: int) -> Site:
    site = Site.objects.select_related("region").filter(pk=site_id, kind__in=PHYSICAL).first()
    if site is None:
        raise NotFoundError("未找到该站点。")
    supervision_region_check(user=user, region=site.region)
    return site


@transaction.atomic
def site_inspection_record(
    *, actor: User, site_id: int, inspected_on: date, present: list[str], note: str = ""
) -> SiteInspection:
    """Record what an inspection found (G7); supervisors of the site's region and administrators only."""
    site = physical_site_for_user(user=actor, site_id=site_id)
    applicable = [item.code for item in items_for(site.kind)]
    unknown = sorted(set(present) - set(applicable))
    if unknown:
        raise DomainError(f"这些项目不适用于{site.get_kind_display()}：{'、'.join(unknown)}。")
    if inspected_on > clock.local_today():
        raise DomainError("检查日期不能晚于今天。")
    missing = [code for code in applicable if code not in present]
    inspection = SiteInspection.objects.create(
        site=site,
        inspected_on=inspected_on,
        inspector=actor,
        present=[code for code in applicable if code in present],
        missing=missing,
        note=note.strip()[:2000],
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="supervision.SiteInspection",
        object_id=inspection.pk,
        summary=f"{site.name} 缺 {len(missing)} 项",
    )
    return inspection


@dataclass(frozen=True)
class SiteReadiness:
    site: Site
    latest: SiteInspection | None
    missing_labels: list[str]

    @property
    def ready(self) -> bool:
        return self.latest is not None and not self.latest.missing


def site_readiness_list_for_user(*, user: User, region: Region) -> list[SiteReadiness]:
    """Every physical site in the region subtree with its latest inspection, the furthest behind first."""
    supervision_region_check(user=user, region=region)
    latest = (
        SiteInspection.objects.filter(site=OuterRef("pk")).order_by("-inspected_on", "-id").values("pk")[:1]
    )
    sites = list(
        Site.objects.filter(kind__in=PHYSICAL, region__code__startswith=region.prefix)
        .select_related("region")
        .annotate(latest_id=Subquery(latest))
        .order_by("region__code", "kind", "name")
    )
    inspections = SiteInspection.objects.in_bulk([s.latest_id for s in sites if s.latest_id])
    rows = []
    for site in sites:
        inspection = inspections.get(site.latest_id)
        missing = _labels(inspection.missing) if inspection else []
        rows.append(SiteReadiness(site=site, latest=inspection, missing_labels=missing))
    # Not inspected yet, then the most items missing: where a bureau should look first.
    rows.sort(key=lambda r: (r.latest is not None, -len(r.missing_labels)))
    return rows


def _labels(codes: list[str]) -> list[str]:
    labels = {item.code: item.label for item in readiness_items()}
    return [labels.get(code, code) for code in codes]


def site_inspection_form_data(
    *, user: User, site_id: int
) -> tuple[Site, tuple[ReadinessItem, ...], list[tuple[SiteInspection, list[str]]]]:
    """The site, its applicable checklist and its last 20 inspections with the labels of what was missing."""
    site = physical_site_for_user(user=user, site_id=site_id)
    history = [(i, _labels(i.missing)) for i in site.inspections.select_related("inspector")[:20]]
    return site, items_for(site.kind), history
