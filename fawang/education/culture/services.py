"""Writing the registry of legal-culture sites (法治文化阵地, P4). Every site is free and open by rule."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction
from fawang.education.access import education_region_check
from fawang.education.models import CultureSite, CultureSiteKind
from fawang.regions.models import Region

PHOTO_TYPES = {"jpg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}  # extension -> leading bytes
PHOTO_MAX_BYTES = 3 * 1024 * 1024


@dataclass(frozen=True)
class SiteDetails:
    name: str
    kind: str
    region: Region
    address: str
    opening_hours: str
    description: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    photo: UploadedFile[bytes] | None = None


def _photo_extension(photo: UploadedFile[bytes]) -> str:
    """The photo's real type by its content (the uploaded name and content type are not trusted)."""
    if photo.size is None or photo.size > PHOTO_MAX_BYTES:
        raise DomainError("照片不能超过 3 MB。")
    head = photo.read(8)
    photo.seek(0)
    for extension, magic in PHOTO_TYPES.items():
        if head.startswith(magic):
            return extension
    raise DomainError("照片只能是 JPG 或 PNG 格式。")


def _check(details: SiteDetails) -> None:
    if not details.name.strip() or not details.address.strip() or not details.opening_hours.strip():
        raise DomainError("名称、地址和开放时间不能为空。")
    if details.kind not in CultureSiteKind.values:
        raise DomainError(f"未知的阵地类型：{details.kind}。")
    if (details.latitude is None) != (details.longitude is None):
        raise DomainError("经度和纬度要么都填，要么都不填。")
    if details.latitude is not None and not -90 <= details.latitude <= 90:
        raise DomainError("纬度应在 -90 到 90 之间。")
    if details.longitude is not None and not -180 <= details.longitude <= 180:
        raise DomainError("经度应在 -180 到 180 之间。")
    if details.photo is not None:
        _photo_extension(details.photo)


@transaction.atomic
def culture_site_create(*, actor: User, details: SiteDetails) -> CultureSite:
    """Register a 法治文化阵地 in the editor's jurisdiction (P4); it is listed as free and open."""
    education_region_check(user=actor, region=details.region)
    _check(details)
    site = CultureSite(
        name=details.name.strip(),
        kind=details.kind,
        region=details.region,
        address=details.address.strip(),
        opening_hours=details.opening_hours.strip(),
        description=details.description.strip(),
        latitude=details.latitude,
        longitude=details.longitude,
        created_by=actor,
    )
    if details.photo is not None:
        site.photo.save(f"site.{_photo_extension(details.photo)}", details.photo, save=False)
    site.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="education.CultureSite", object_id=site.pk
    )
    return site


@transaction.atomic
def culture_site_archive(*, actor: User, site: CultureSite, reason: str) -> CultureSite:
    """Take a site off the public list (closed, demolished): archived with a reason, never deleted."""
    education_region_check(user=actor, region=site.region)
    if not reason.strip():
        raise DomainError("请填写停用原因。")
    updated = CultureSite.objects.filter(pk=site.pk, archived_at__isnull=True).update(archived_at=clock.now())
    if not updated:
        raise DomainError("该阵地已停用。")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="education.CultureSite",
        object_id=site.pk,
        summary=f"archive: {reason.strip()}",
    )
    site.refresh_from_db()
    return site
