"""好差评 (H1-H9) and complaints/suggestions (A3, C14, D13, X6, K9).

A Rating rates one finished service instance of a 工单 once (H1); a bad one opens a Rectification owned by the
handling unit (H3, 谁办理谁负责) whose steps are kept in an append-only log; a RatingAppeal can void it (H5).
A ComplaintDetail carries what a complaint or suggestion 工单 needs beyond the Case: who it is about, the finding
and the complainant's satisfaction; it is the row behind a practitioner's or institution's complaint record (K9).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import AppendOnlyModel, BaseModel


class RatingLevel(models.IntegerChoices):
    """Five levels, top two good, middle neutral, bottom two bad (H1; 国办发〔2019〕51号)."""

    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    NEUTRAL = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


class Grade(models.TextChoices):
    GOOD = "good", _("好评")
    NEUTRAL = "neutral", _("中评")
    BAD = "bad", _("差评")


class RatingChannel(models.TextChoices):
    """Where the rating was given (H8): every platform, including the hotline after the call."""

    WEB = "web", _("网站")
    APP = "app", _("移动端/小程序")
    HOTLINE_IVR = "hotline_ivr", _("热线通话后语音评价")
    SMS = "sms", _("短信评价")
    WINDOW = "window", _("窗口评价器")
    KIOSK = "kiosk", _("自助终端")


class RatingState(models.TextChoices):
    VALID = "valid", _("有效")
    VOIDED = "voided", _("已作废")


class Rating(BaseModel):
    """One rating of one finished service instance (H1). Never pre-filled, never forced (H2).

    `instance_key` distinguishes several instances of one 工单 (a window visit, a hotline call id); empty means the
    matter as a whole. The handling unit and region are copied at rating time so that later transfers do not move
    a rating to another unit's record.
    """

    created_at = models.DateTimeField("创建时间", auto_now_add=True)  # unindexed (BaseModel)

    # No single-column indexes where a composite index leads with the column (rating_once_per_instance,
    # rating_region_day_idx): each index is rebuilt on every write and by the province load (issue 7 §8).
    case = models.ForeignKey(
        "cases.Case", verbose_name="工单", on_delete=models.PROTECT, related_name="ratings", db_index=False
    )
    instance_key = models.CharField("服务实例", max_length=64, blank=True, default="")
    level = models.PositiveSmallIntegerField("评价等级", choices=RatingLevel.choices)
    grade = models.CharField("评价类别", max_length=10, choices=Grade.choices)
    channel = models.CharField("评价渠道", max_length=20, choices=RatingChannel.choices)
    comment = models.TextField("评价意见", blank=True)
    real_name = models.BooleanField("实名评价", default=False)
    rater_person = models.ForeignKey(
        "people.Person",
        verbose_name="评价人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rater_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评价人账户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField("评价时间", db_index=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name="辖区", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    service_type = models.CharField("服务类型", max_length=20)
    case_channel = models.CharField("受理渠道", max_length=20)
    handler_site = models.ForeignKey(
        "directory.Site",
        verbose_name="承办站点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler_institution = models.ForeignKey(
        "directory.Institution",
        verbose_name="承办机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler_practitioner = models.ForeignKey(
        "directory.Practitioner",
        verbose_name="承办人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField("状态", max_length=10, choices=RatingState.choices, default=RatingState.VALID)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    void_reason = models.TextField("作废理由", blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("comment", "rater_person", "rater_user")
        sensitive: ClassVar[tuple[str, ...]] = ()

    class Meta:
        verbose_name = "服务评价"
        verbose_name_plural = "服务评价"
        ordering = ("-rated_at",)
        constraints = [
            models.UniqueConstraint(fields=("case", "instance_key"), name="rating_once_per_instance"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="rating_level_range"),
            models.CheckConstraint(condition=models.Q(grade__in=Grade.values), name="rating_grade_valid"),
            models.CheckConstraint(
                condition=models.Q(state__in=RatingState.values), name="rating_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=("region", "rated_at"), name="rating_region_day_idx"),
            # The few voided ratings, which the monthly summaries subtract (analytics/summaries.py).
            models.Index(
                fields=("rated_at",), condition=models.Q(state=RatingState.VOIDED), name="rating_voided_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.instance_key or '-'}:{self.level}"


class RectificationState(models.TextChoices):
    OPEN = "open", _("待整改")
    IN_PROGRESS = "in_progress", _("限期整改中")
    APPEALED = "appealed", _("申诉审核中")
    AWAITING_VERIFICATION = "awaiting_verification", _("待回访核实")
    CLOSED = "closed", _("整改办结")
    VOIDED = "voided", _("差评已撤销")


OPEN_RECTIFICATION_STATES = (
    RectificationState.OPEN,
    RectificationState.IN_PROGRESS,
    RectificationState.APPEALED,
    RectificationState.AWAITING_VERIFICATION,
)
FINISHED_RECTIFICATION_STATES = (RectificationState.CLOSED, RectificationState.VOIDED)


class RectificationOutcome(models.TextChoices):
    """The four outcomes of H3."""

    FIX_NOW = "fix_now", _("立行立改")
    FIX_BY_DEADLINE = "fix_by_deadline", _("限期整改（列入整改台账）")
    EXPLAIN = "explain", _("解释说明")
    APPEAL = "appeal", _("申诉")


class Rectification(BaseModel):
    """差评整改 (H3): owned by the unit that handled the service, with a deadline and a verification follow-up."""

    rating = models.ForeignKey(
        Rating, verbose_name="差评", on_delete=models.PROTECT, related_name="rectifications"
    )
    case = models.ForeignKey("cases.Case", verbose_name="工单", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(
        "regions.Region", verbose_name="辖区", on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the rating, which never changes it: H4 follow-ups count real-name ones without joining the
    # ratings (at province scale PostgreSQL hashed all of them for a few thousand rectifications).
    real_name = models.BooleanField("实名评价", default=False)
    owner_institution = models.ForeignKey(
        "directory.Institution",
        verbose_name="整改责任机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_site = models.ForeignKey(
        "directory.Site",
        verbose_name="整改责任站点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_label = models.CharField("整改责任单位", max_length=120)
    state = models.CharField("状态", max_length=30, choices=RectificationState.choices)
    outcome = models.CharField("整改方式", max_length=20, choices=RectificationOutcome.choices, blank=True)
    response = models.TextField("整改情况/解释说明", blank=True)
    ledger_deadline = models.DateField("台账整改期限", null=True, blank=True)
    rule_code = models.CharField("期限规则", max_length=60)
    rule_version = models.PositiveIntegerField("规则版本")
    opened_at = models.DateTimeField("开始时间", db_index=True)
    due_at = models.DateTimeField("整改期限")
    effective_due_at = models.DateTimeField("有效期限", db_index=True)
    responded_at = models.DateTimeField("反馈时间", null=True, blank=True)
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    rater_reached = models.BooleanField("回访联系上评价人", null=True)
    rerating_level = models.PositiveSmallIntegerField(
        "整改后评价", choices=RatingLevel.choices, null=True, blank=True
    )
    verification_note = models.TextField("回访核实情况", blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回访人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "差评整改"
        verbose_name_plural = "差评整改"
        ordering = ("effective_due_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("rating",),
                condition=models.Q(state__in=["open", "in_progress", "appealed", "awaiting_verification"]),
                name="one_open_rectification_per_rating",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=RectificationState.values), name="rectification_state_valid"
            ),
        ]
        indexes = [models.Index(fields=("region", "opened_at"), name="rectification_region_idx")]

    def __str__(self) -> str:
        return f"整改 {self.case_id} ({self.get_state_display()})"

    @property
    def is_overdue(self) -> bool:
        from fawang.core import clock

        return self.state in OPEN_RECTIFICATION_STATES and clock.now() >= self.effective_due_at


class RectificationStep(AppendOnlyModel):
    """The audit trail of a rectification (H3-H5): every step, who, when, from which state to which."""

    rectification = models.ForeignKey(Rectification, on_delete=models.PROTECT, related_name="steps")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT)
    action = models.CharField("动作", max_length=30)
    from_state = models.CharField("原状态", max_length=30, blank=True)
    to_state = models.CharField("新状态", max_length=30)
    note = models.TextField("说明", blank=True)
    context = models.JSONField("上下文", default=dict, blank=True)

    class Meta:
        verbose_name = "整改记录"
        verbose_name_plural = "整改记录"
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.rectification_id} {self.action}"


class AppealGround(models.TextChoices):
    MISTAKEN = "mistaken", _("误评（评价对象、事项或等级有误）")
    MALICIOUS = "malicious", _("恶意差评")


class AppealDecision(models.TextChoices):
    PENDING = "pending", _("待审核")
    UPHELD = "upheld", _("申诉成立，差评作废")
    REJECTED = "rejected", _("申诉不成立")


class RatingAppeal(BaseModel):
    """申诉 (H5): the handling unit asks that a mistaken or malicious bad review be voided; a supervisor decides."""

    rating = models.ForeignKey(Rating, verbose_name="差评", on_delete=models.PROTECT, related_name="appeals")
    rectification = models.ForeignKey(
        Rectification, verbose_name="整改", on_delete=models.PROTECT, related_name="appeals"
    )
    ground = models.CharField("申诉理由类别", max_length=20, choices=AppealGround.choices)
    statement = models.TextField("申诉说明")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申诉人", on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField("申诉时间")
    decision = models.CharField(
        "审核结果", max_length=10, choices=AppealDecision.choices, default=AppealDecision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_reason = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "差评申诉"
        verbose_name_plural = "差评申诉"
        constraints = [
            models.UniqueConstraint(
                fields=("rating",),
                condition=models.Q(decision="pending"),
                name="one_pending_appeal_per_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"申诉 {self.rating_id} ({self.get_decision_display()})"


class ComplaintGround(models.TextChoices):
    ATTITUDE = "attitude", _("服务态度")
    DELAY = "delay", _("办理拖延")
    QUALITY = "quality", _("服务质量")
    FEES = "fees", _("违规收费")
    MISCONDUCT = "misconduct", _("违规违纪")
    # 人民调解法 Art.15 (D13): the four kinds of mediator misconduct, each filed against the mediator's record.
    MEDIATOR_BIAS = "mediator_bias", _("调解员偏袒一方当事人（人民调解法第15条）")
    MEDIATOR_INSULT = "mediator_insult", _("调解员侮辱当事人（人民调解法第15条）")
    MEDIATOR_BENEFIT = "mediator_benefit", _("调解员索取、收受财物或者牟取其他不正当利益（人民调解法第15条）")
    MEDIATOR_SECRET = "mediator_secret", _("调解员泄露当事人的个人隐私、商业秘密（人民调解法第15条）")
    PRIVACY = "privacy", _("泄露个人信息")
    LAWYER_CHANGE = "lawyer_change", _("要求更换承办律师（C14）")
    OTHER = "other", _("其他")


MEDIATOR_MISCONDUCT: frozenset[str] = frozenset(
    {
        ComplaintGround.MEDIATOR_BIAS,
        ComplaintGround.MEDIATOR_INSULT,
        ComplaintGround.MEDIATOR_BENEFIT,
        ComplaintGround.MEDIATOR_SECRET,
    }
)


class ComplaintFinding(models.TextChoices):
    JUSTIFIED = "justified", _("投诉属实")
    PARTLY = "partly", _("部分属实")
    UNJUSTIFIED = "unjustified", _("投诉不属实")
    ADOPTED = "adopted", _("建议已采纳")
    NOTED = "noted", _("建议留作参考")
    NOT_ADOPTED = "not_adopted", _("建议不予采纳")


COMPLAINT_FINDINGS = (ComplaintFinding.JUSTIFIED, ComplaintFinding.PARTLY, ComplaintFinding.UNJUSTIFIED)
SUGGESTION_FINDINGS = (ComplaintFinding.ADOPTED, ComplaintFinding.NOTED, ComplaintFinding.NOT_ADOPTED)


class ComplaintDetail(BaseModel):
    """What a complaint or suggestion 工单 carries beyond the Case (X6, C14, K9)."""

    case = models.OneToOneField(
        "cases.Case", verbose_name="工单", on_delete=models.PROTECT, related_name="complaint_detail"
    )
    ground = models.CharField("投诉事由", max_length=20, choices=ComplaintGround.choices, blank=True)
    subject_practitioner = models.ForeignKey(
        "directory.Practitioner",
        verbose_name="被投诉人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    subject_institution = models.ForeignKey(
        "directory.Institution",
        verbose_name="被投诉机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    subject_site = models.ForeignKey(
        "directory.Site",
        verbose_name="被投诉站点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    about_case = models.ForeignKey(
        "cases.Case",
        verbose_name="所涉工单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_about",
    )
    origin_rating = models.ForeignKey(
        Rating, verbose_name="源自差评", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finding = models.CharField("核查结论", max_length=20, choices=ComplaintFinding.choices, blank=True)
    finding_at = models.DateTimeField("答复时间", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        "投诉人评价", choices=RatingLevel.choices, null=True, blank=True
    )
    satisfaction_at = models.DateTimeField("评价时间", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("不满意重办次数", default=0)

    class Meta:
        verbose_name = "投诉建议信息"
        verbose_name_plural = "投诉建议信息"

    def __str__(self) -> str:
        return f"投诉 {self.case_id}"
