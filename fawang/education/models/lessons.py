"""Lessons (P1, P5): articles by topic and audience, reading lists. Always free (P6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel


class Audience(models.TextChoices):
    GENERAL = "general", _("社会公众")
    ELDERLY = "elderly", _("老年人")
    MINORS = "minors", _("青少年")
    MIGRANT_WORKERS = "migrant_workers", _("农民工")
    ENTERPRISES = "enterprises", _("企业")
    VILLAGE_CADRES = "village_cadres", _("村（社区）干部")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEW = "review", _("法律审核中")
    PUBLISHED = "published", _("已发布")


class Topic(BaseModel):
    name = models.CharField("主题", max_length=40, unique=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "普法主题"
        verbose_name_plural = "普法主题"
        ordering = ("position", "name")

    def __str__(self) -> str:
        return self.name


class LessonArticle(BaseModel):
    """A 普法 article. Content goes draft → legal review → published (P5)."""

    title = models.CharField("标题", max_length=120)
    summary = models.CharField("摘要", max_length=300)
    body = models.TextField("正文")
    topic = models.ForeignKey(Topic, verbose_name="主题", on_delete=models.PROTECT, related_name="articles")
    audiences = models.JSONField("适用人群", default=list, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name="适用地区", null=True, blank=True, on_delete=models.PROTECT
    )
    status = models.CharField(
        "状态", max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "普法文章"
        verbose_name_plural = "普法文章"
        ordering = ("-published_at", "-id")

    def __str__(self) -> str:
        return self.title


class ReadingList(BaseModel):
    title = models.CharField("书单名称", max_length=80)
    description = models.CharField("说明", max_length=300, blank=True)
    audience = models.CharField("适用人群", max_length=20, choices=Audience.choices, default=Audience.GENERAL)

    class Meta:
        verbose_name = "学习清单"
        verbose_name_plural = "学习清单"

    def __str__(self) -> str:
        return self.title


class ReadingListItem(models.Model):
    reading_list = models.ForeignKey(ReadingList, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(LessonArticle, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position",)
        constraints = [
            models.UniqueConstraint(fields=("reading_list", "article"), name="reading_list_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.reading_list_id}:{self.position}"
