"""Citizens and other requesters (0.5 priority groups, L7 adaptation needs)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from fawang.core.models import BaseModel


class GroupTag(models.TextChoices):
    """Special-group tags (0.5; G5): they raise routing priority and prompt fee waivers."""

    DIBAO = "dibao", "低保对象"
    DISABLED = "disabled", "残疾人"
    MIGRANT_WORKER = "migrant_worker", "农民工"
    ELDERLY = "elderly", "老年人"
    MINOR = "minor", "未成年人"
    SERVICE_FAMILY = "service_family", "军人军属"
    VETERAN = "veteran", "退役军人"
    SINGLE_MOTHER = "single_mother", "单亲困难母亲"
    TEKUN = "tekun", "特困供养人员"
    LOW_INCOME = "low_income", "低收入家庭"


class AdaptationNeed(models.TextChoices):
    SIGN_LANGUAGE = "sign_language", "手语（国家通用手语）"
    BRAILLE = "braille", "盲文"
    INTERPRETER = "interpreter", "翻译"
    LARGE_PRINT = "large_print", "大字"
    HOME_VISIT = "home_visit", "上门服务"


class Person(BaseModel):
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号码", max_length=18, unique=True, null=True, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True, db_index=True)
    gender = models.CharField("性别", max_length=1, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name="户籍/居住地", null=True, blank=True, on_delete=models.PROTECT
    )
    groups = models.JSONField("特殊群体", default=list, blank=True)
    adaptation_needs = models.JSONField("适配需求", default=list, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class PII:
        """Personal data declared per model (STYLE §16): drives masking, audit and retention."""

        fields: ClassVar[tuple[str, ...]] = ("name", "id_number", "phone", "address", "birth_date")
        sensitive: ClassVar[tuple[str, ...]] = ("id_number", "groups")

    class Meta:
        verbose_name = "群众"
        verbose_name_plural = "群众"

    def __str__(self) -> str:
        return self.name

    @property
    def group_labels(self) -> list[str]:
        return [GroupTag(g).label for g in self.groups if g in GroupTag.values]
