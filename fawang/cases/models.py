"""The unified 工单 (A1): one model for every request from every channel, with its event log and clocks."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from fawang.cases.languages import DEFAULT_LANGUAGE, LANGUAGE_MAX_LENGTH, Language
from fawang.cases.states import Channel, DueState, Priority, ServiceType, Status
from fawang.core.models import AppendOnlyModel, BaseModel

CATEGORY_MAX_LENGTH = 20


class Case(BaseModel):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)  # unindexed (BaseModel)
    # Unique by constraint, not `unique=True`, and single-column indexes by Meta.indexes: on PostgreSQL Django adds a
    # second `varchar_pattern_ops` index to every unique or indexed CharField for LIKE 'x%', which nothing here runs,
    # and each index costs every insert and the province load (issue 7 §8).
    reference = models.CharField("工单编号", max_length=20)  # A13, case_reference_unique
    service_type = models.CharField("服务类型", max_length=20, choices=ServiceType.choices)
    channel = models.CharField("受理渠道", max_length=20, choices=Channel.choices)
    # A12: the language or dialect the request was taken in. db_default too, so bulk SQL writers that do not name
    # the column (the province generator) get 普通话; no CheckConstraint, which would scan a province's table.
    language = models.CharField(
        "受理语言",
        max_length=LANGUAGE_MAX_LENGTH,
        choices=Language.choices,
        default=DEFAULT_LANGUAGE,
        db_default=DEFAULT_LANGUAGE,
    )
    category = models.CharField("纠纷类别", max_length=CATEGORY_MAX_LENGTH, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.CharField("优先级", max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    title = models.CharField("事项", max_length=200)
    description = models.TextField("情况描述", blank=True)
    requester = models.ForeignKey(
        "people.Person",
        verbose_name="申请人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    requester_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人账户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_cases",
    )
    region = models.ForeignKey(  # indexed by case_region_submitted_idx, which it leads
        "regions.Region",
        verbose_name="所属辖区",
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
    )
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
        related_name="cases",
    )
    next_actor_role = models.CharField("下一步办理角色", max_length=30, blank=True)  # A14
    confidential = models.BooleanField("保密", default=False)  # M7, I1
    parent = models.ForeignKey(
        "self",
        verbose_name="上级工单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )  # A15
    # N2; NULL (no key) never collides in case_idempotency_key_unique, which "" would.
    idempotency_key = models.CharField("幂等键", max_length=80, null=True, blank=True)  # noqa: DJ001
    due_at = models.DateTimeField("当前时限", null=True, blank=True)
    remind_at = models.DateTimeField("提醒时间", null=True, blank=True)
    due_state = models.CharField("时限状态", max_length=10, choices=DueState.choices, default=DueState.NONE)
    outcome = models.CharField("最近办理结果", max_length=200, blank=True)  # X1
    submitted_at = models.DateTimeField("受理时间", db_index=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("description",)
        sensitive: ClassVar[tuple[str, ...]] = ()

    class Meta:
        verbose_name = "工单"
        verbose_name_plural = "工单"
        ordering = ("-submitted_at",)
        constraints = [
            models.UniqueConstraint(fields=("reference",), name="case_reference_unique"),
            models.UniqueConstraint(fields=("idempotency_key",), name="case_idempotency_key_unique"),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="case_status_valid"),
            models.CheckConstraint(
                condition=models.Q(service_type__in=ServiceType.values), name="case_service_valid"
            ),
            models.CheckConstraint(condition=models.Q(channel__in=Channel.values), name="case_channel_valid"),
        ]
        indexes = [
            models.Index(
                fields=("due_at",),
                name="case_open_due_idx",
                condition=models.Q(due_at__isnull=False, closed_at__isnull=True),
            ),
            models.Index(fields=("region", "submitted_at"), name="case_region_submitted_idx"),
            models.Index(fields=("category",), name="case_category_idx"),
            # Cases finished in a period (rating.participation's partial months, issue 7 §8).
            models.Index(
                fields=("closed_at",), name="case_closed_idx", condition=models.Q(closed_at__isnull=False)
            ),
            models.Index(fields=("service_type", "status"), name="case_service_status_idx"),
            # The supervisor dashboard's overdue and at-risk tables (K2): about 2% of cases at province scale,
            # found without scanning the rest (issue 7 §8). Led by the region so that a county's few hundred
            # regions each probe it; on due_state alone PostgreSQL rescanned the whole index once per region.
            models.Index(
                fields=("region", "due_state"),
                name="case_at_risk_region_idx",
                condition=models.Q(due_state__in=["overdue", "due_soon"]),
            ),
        ]

    def __str__(self) -> str:
        return self.reference


# The only events that are selected by their time across cases: legal-aid grants and the ends of mediation, which
# the indicators count per period (supervision.measures, analytics). A partial index holds about one event in ten.
DATED_ACTIONS = ("grant", "resolve", "terminate")


class CaseEvent(AppendOnlyModel):
    """One step in a case's life (STYLE §4): who did what, when, from which status to which, and why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间")  # indexed only for DATED_ACTIONS (case_event_dated_idx)
    actor = models.ForeignKey(  # not indexed: nothing looks events up by actor (the audit log answers "who did what")
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, db_index=False
    )
    action = models.CharField("动作", max_length=40)
    code = models.CharField("事件代码", max_length=60)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    reason = models.TextField("说明", blank=True)
    context = models.JSONField("上下文", default=dict, blank=True)

    class Meta:
        verbose_name = "工单事件"
        verbose_name_plural = "工单事件"
        ordering = ("at", "id")
        indexes = [
            models.Index(
                fields=("at",), name="case_event_dated_idx", condition=models.Q(action__in=DATED_ACTIONS)
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.from_status}->{self.to_status}"


class ClockState(models.TextChoices):
    RUNNING = "running", "计时中"
    PAUSED = "paused", "暂停"
    MET = "met", "按时完成"
    BREACHED = "breached", "超期完成"
    CANCELLED = "cancelled", "已取消"


class CaseDeadline(BaseModel):
    """One statutory clock on a case (T1, T5, T7): its rule version, its pauses, its stored due time."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)  # unindexed (BaseModel)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule_code = models.CharField("时限规则", max_length=60)
    rule_version = models.PositiveIntegerField("规则版本")
    started_at = models.DateTimeField("起算时间")
    due_at = models.DateTimeField("到期时间", null=True, blank=True)
    remind_at = models.DateTimeField("提醒时间", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    pauses = models.JSONField("暂停记录", default=list, blank=True)  # [{"start", "end", "reason"}]
    extensions = models.PositiveSmallIntegerField("延期次数", default=0)
    stopped_at = models.DateTimeField("停止时间", null=True, blank=True)
    reminded_at = models.DateTimeField("已提醒", null=True, blank=True)
    breach_notified_at = models.DateTimeField("已通报超期", null=True, blank=True)

    class Meta:
        verbose_name = "法定时限"
        verbose_name_plural = "法定时限"
        constraints = [
            models.UniqueConstraint(
                fields=("case", "rule_code"),
                condition=models.Q(state__in=["running", "paused"]),
                name="one_open_clock_per_rule",
            ),
        ]
        indexes = [
            models.Index(
                fields=("due_at",), name="deadline_open_due_idx", condition=models.Q(state="running")
            ),
            # On-time indicators count clocks stopped in a period; whole months come from the summaries, the
            # partial months at the ends (a year-to-date dashboard) from here (issue 7 §8).
            models.Index(
                fields=("stopped_at",),
                name="deadline_stopped_idx",
                condition=models.Q(stopped_at__isnull=False),
            ),
        ]


class ReferenceCounter(models.Model):
    """Per-day sequence behind readable references (A13); incremented with F() under a row lock."""

    day = models.CharField(max_length=8, primary_key=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}:{self.value}"


class Attachment(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField("文件", upload_to="cases/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日"
    WORKDAY = "workday", "调休上班"


class CalendarDay(BaseModel):
    """Administrator-maintained working-day calendar entries for years the package does not cover (T3)."""

    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=CalendarDayKind.choices)
    note = models.CharField("说明/来源", max_length=200, blank=True)

    class Meta:
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
        ordering = ("day",)
