"""Legal-culture sites (法治文化阵地, P4): squares, parks, halls, corridors, streets and noticeboards, free and open."""

from __future__ import annotations

from typing import Final

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fawang.core.models import BaseModel

# Stored with each site (data); marked so the public page can show it in the interface language (L8).
FREE_OPEN_BASIS: Final = gettext_noop(
    "公共法律服务事项清单第1项（法治宣传教育）：法治文化阵地向公众免费开放（P4）；"
    "普法不收取任何费用（山东省公共法律服务条例第16条，P6）"
)


class CultureSiteKind(models.TextChoices):
    SQUARE = "square", _("法治文化广场")
    PARK = "park", _("法治文化公园")
    HALL = "hall", _("法治宣传教育馆（展厅）")
    CORRIDOR = "corridor", _("法治文化长廊")
    STREET = "street", _("法治文化街区")
    NOTICEBOARD = "noticeboard", _("法治宣传栏")


class CultureSite(BaseModel):
    """One 法治文化阵地. Free and open by rule (P4): the flag cannot be false, and the basis is cited."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=12, choices=CultureSiteKind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField("地址", max_length=200)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = models.CharField("开放时间", max_length=200)
    free_and_open = models.BooleanField("免费开放", default=True, editable=False)
    free_basis = models.CharField("免费开放依据", max_length=300, default=FREE_OPEN_BASIS, editable=False)
    description = models.CharField("简介", max_length=300, blank=True)
    photo = models.FileField("照片", upload_to="education/culture/%Y/%m/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    archived_at = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        verbose_name = "法治文化阵地"
        verbose_name_plural = "法治文化阵地"
        ordering = ("region__code", "name", "id")
        constraints = [
            models.CheckConstraint(condition=models.Q(free_and_open=True), name="culture_site_always_free"),
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (
                    models.Q(latitude__isnull=False, latitude__gte=-90, latitude__lte=90)
                    & models.Q(longitude__isnull=False, longitude__gte=-180, longitude__lte=180)
                ),
                name="culture_site_coordinates_pair",
            ),
        ]

    def __str__(self) -> str:
        return self.name
