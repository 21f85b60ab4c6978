"""The administrative-division tree (0.6): every site, role, 工单 and statistic hangs from a node.

Codes are the 12-digit statistical codes: 2 digits province, 2 city, 2 county, 3 township, 3 village.
A subtree is therefore a code prefix, which makes scoping one indexed LIKE 'prefix%'.
"""

from django.db import models

from fawang.core.models import BaseModel


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, "省"
    CITY = 2, "市"
    COUNTY = 3, "县（区）"
    TOWNSHIP = 4, "乡镇（街道）"
    VILLAGE = 5, "村（社区）"


# Significant digits of the code at each level.
PREFIX_LENGTH = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
}


class UrbanRural(models.TextChoices):
    URBAN = "urban", "城镇"
    RURAL = "rural", "农村"


class Region(BaseModel):
    code = models.CharField("统计用区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.PositiveSmallIntegerField("层级", choices=RegionLevel.choices)
    population = models.PositiveIntegerField("常住人口", default=0)
    urban_rural = models.CharField(
        "城乡分类", max_length=10, choices=UrbanRural.choices, default=UrbanRural.RURAL
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ("code",)
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="region_level_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTH[RegionLevel(self.level)]]
