"""Public comment on draft legislation (立法征求意见, Q1–Q6; docs/legislation.md, ADR 0100).

A `Draft` (征求意见稿) is published for comment between two local dates; its stored `status` changes only through
`legislation.services.draft_transition` (the table in `workflow.py`), which writes an append-only `DraftEvent`.
Whether a published draft is open or closed follows the dates (`Draft.phase`), never a job. Comments come from the
portal or are entered by staff of a 基层立法联系点 (`ContactPoint`); each has a readable reference.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fawang.core.crypto import BlindIndexedModel, EncryptedTextField
from fawang.core.models import AppendOnlyModel, BaseModel


class DraftKind(models.TextChoices):
    RULE = "rule", _("规章")
    NORMATIVE = "normative", _("行政规范性文件")


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    PUBLISHED = "published", _("已发布征求意见")
    CLOSED = "closed", _("征求意见已截止")
    SUMMARY_PUBLISHED = "summary_published", _("已公布意见采纳情况")
    WITHDRAWN = "withdrawn", _("已撤回")


class Phase(models.TextChoices):
    """What the public sees, computed from the stored status and today's local date (Q1)."""

    NOT_PUBLISHED = "not_published", _("未发布")
    UPCOMING = "upcoming", _("即将开始征求意见")
    OPEN = "open", _("正在征求意见")
    CLOSED = "closed", _("征求意见已截止")
    SUMMARY = "summary", _("已公布意见采纳情况")
    WITHDRAWN = "withdrawn", _("已撤回")


class IdentityMode(models.TextChoices):
    """Q2: set per draft."""

    REAL_NAME = "real_name", _("须实名提出意见")
    ANONYMOUS_ALLOWED = "anonymous_allowed", _("可以匿名提出意见")


class Draft(BaseModel):
    """A draft rule or normative document published for public comment (Q1)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name="制定机关所在地", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=20, choices=DraftKind.choices, default=DraftKind.NORMATIVE)
    title = models.CharField("标题", max_length=200)
    drafting_body = models.CharField("起草单位", max_length=100)
    explanation = models.TextField("起草说明")
    full_text = models.TextField("征求意见稿全文")
    opens_on = models.DateField("征求意见开始日期")
    closes_on = models.DateField("征求意见截止日期")
    identity_mode = models.CharField(
        "意见人身份", max_length=20, choices=IdentityMode.choices, default=IdentityMode.REAL_NAME
    )
    concerns_accessibility = models.BooleanField("涉及无障碍环境建设", default=False)
    status = models.CharField("状态", max_length=20, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    summary_text = models.TextField("主要意见及采纳情况说明", blank=True)
    summary_published_at = models.DateTimeField("采纳情况公布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "征求意见稿"
        verbose_name_plural = "征求意见稿"
        ordering = ("-opens_on", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DraftStatus.values), name="legislation_draft_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="legislation_draft_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def phase_on(self, today: date) -> Phase:
        """Open and closed follow the dates (Q1): the period runs from `opens_on` to the end of `closes_on`."""
        if self.status == DraftStatus.DRAFT:
            return Phase.NOT_PUBLISHED
        if self.status == DraftStatus.WITHDRAWN:
            return Phase.WITHDRAWN
        if self.status == DraftStatus.SUMMARY_PUBLISHED:
            return Phase.SUMMARY
        if self.status == DraftStatus.CLOSED or today > self.closes_on:
            return Phase.CLOSED
        if today < self.opens_on:
            return Phase.UPCOMING
        return Phase.OPEN


class DraftArticle(models.Model):
    """One article of the draft (第X条), split from the full text so comments can point at it (Q2)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveSmallIntegerField("顺序")
    label = models.CharField("条号", max_length=20)
    text = models.TextField("条文")

    class Meta:
        verbose_name = "征求意见稿条文"
        verbose_name_plural = "征求意见稿条文"
        ordering = ("draft", "position")
        constraints = [
            models.UniqueConstraint(fields=("draft", "position"), name="legislation_article_position_unique")
        ]

    def __str__(self) -> str:
        return self.label


class DraftEvent(AppendOnlyModel):
    """Append-only history of a draft's status (STYLE §4): who, when, from which status to which, why."""

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT)
    action = models.CharField("动作", max_length=30)
    from_status = models.CharField("原状态", max_length=20)
    to_status = models.CharField("新状态", max_length=20)
    reason = models.TextField("说明", blank=True)
    context = models.JSONField("上下文", default=dict, blank=True)

    class Meta:
        verbose_name = "征求意见稿流转记录"
        verbose_name_plural = "征求意见稿流转记录"
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.draft_id} {self.action}"


class ContactPoint(BaseModel):
    """基层立法联系点 (Q4; 立法法 Art.70, 90): a place that collects comments offline, hosted by a local body."""

    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所在地", on_delete=models.PROTECT, related_name="+"
    )
    host = models.CharField("依托单位", max_length=100)
    address = models.CharField("地址", max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "基层立法联系点"
        verbose_name_plural = "基层立法联系点"
        ordering = ("region__code", "name")
        constraints = [
            models.UniqueConstraint(fields=("region", "name"), name="legislation_contact_point_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CommentSource(models.TextChoices):
    ONLINE = "online", _("网上提交")
    CONTACT_POINT = "contact_point", pgettext_lazy("comment source", "基层立法联系点")


class CollectionMethod(models.TextChoices):
    """How a contact point collected an offline comment (Q4)."""

    SYMPOSIUM = "symposium", _("座谈会")
    VISIT = "visit", _("走访")
    WRITTEN = "written", _("书面")


class Handling(models.TextChoices):
    """How a comment was handled (Q3)."""

    PENDING = "pending", _("待处理")
    ADOPTED = "adopted", _("采纳")
    PARTLY_ADOPTED = "partly_adopted", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")
    NOT_APPLICABLE = "not_applicable", _("不属于征求意见范围")


class CommentReferenceCounter(models.Model):
    """Per-day sequence behind comment references (as `cases.ReferenceCounter` for 工单)."""

    day = models.CharField(max_length=8, primary_key=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}:{self.value}"


class Comment(BlindIndexedModel, BaseModel):
    """A comment on a draft, on the whole text or on one article (Q2), online or from a contact point (Q4).

    The commenter's name, phone and ID number are encrypted at rest (M3) and never shown on public pages; staff
    reads are scoped and audited (M6). An anonymous comment stores none of them and no account link.
    """

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="comments")
    article = models.ForeignKey(
        DraftArticle,
        verbose_name="针对条文",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    reference = models.CharField("意见编号", max_length=20, unique=True)
    body = models.TextField("意见内容")
    source = models.CharField(
        "来源", max_length=20, choices=CommentSource.choices, default=CommentSource.ONLINE
    )
    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name="联系点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    collected_on = models.DateField("收集日期", null=True, blank=True)
    collection_method = models.CharField(
        "收集方式", max_length=20, choices=CollectionMethod.choices, blank=True
    )
    anonymous = models.BooleanField("匿名", default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = EncryptedTextField("姓名", max_length=50, blank=True)
    phone = EncryptedTextField("联系电话", max_length=20, blank=True)
    id_number = EncryptedTextField("身份证号码", max_length=18, blank=True)
    handling = models.CharField("处理情况", max_length=20, choices=Handling.choices, default=Handling.PENDING)
    handling_reason = models.TextField("处理理由", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("name", "phone", "id_number")
        sensitive: ClassVar[tuple[str, ...]] = ("id_number",)
        encrypted: ClassVar[tuple[str, ...]] = ("name", "phone", "id_number")

    class Meta:
        verbose_name = "立法意见"
        verbose_name_plural = "立法意见"
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(handling__in=Handling.values), name="legislation_handling_known"
            ),
            models.CheckConstraint(
                condition=models.Q(source=CommentSource.ONLINE)
                | models.Q(contact_point__isnull=False, collected_on__isnull=False),
                name="legislation_offline_comment_has_source",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class CommentAttachment(BaseModel):
    """A file attached to a comment, checked by `security.uploads.upload_validate` before it is stored (M15)."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField("文件", upload_to="legislation/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "立法意见附件"
        verbose_name_plural = "立法意见附件"
        ordering = ("id",)

    def __str__(self) -> str:
        return self.original_name


class Hearing(BaseModel):
    """听证会 on a draft rule, announced at least 30 days ahead (Q5; 规章制定程序条例 Art.16)."""

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="hearings")
    starts_at = models.DateTimeField("举行时间")
    place = models.CharField("地点", max_length=200)
    subject = models.CharField("听证事项", max_length=300)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公告人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "听证会"
        verbose_name_plural = "听证会"
        ordering = ("starts_at", "id")

    def __str__(self) -> str:
        return f"{self.draft_id} {self.starts_at:%Y-%m-%d}"


class RepresentativeKind(models.TextChoices):
    """Q6 (无障碍环境建设法 Art.9): whose representatives an accessibility draft must invite."""

    DISABLED = "disabled", _("残疾人组织（残联）")
    ELDERLY = "elderly", _("老年人组织（老龄协会等）")


class InvitationMethod(models.TextChoices):
    LETTER = "letter", _("书面函件")
    MEETING = "meeting", _("座谈会")
    PHONE = "phone", _("电话")
    VISIT = "visit", _("上门走访")


class AccessibilityInvitation(BaseModel):
    """The record that disabled and elderly people's representatives were invited to comment (Q6)."""

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="invitations")
    kind = models.CharField("代表类别", max_length=20, choices=RepresentativeKind.choices)
    organisation = models.CharField("受邀组织", max_length=100)
    invited_on = models.DateField("邀请日期")
    method = models.CharField("邀请方式", max_length=20, choices=InvitationMethod.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "无障碍征求意见邀请"
        verbose_name_plural = "无障碍征求意见邀请"
        ordering = ("invited_on", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organisation}"
