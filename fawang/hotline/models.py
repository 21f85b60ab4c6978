"""The 12348 hotline (REQUIREMENTS A3-A7, B1-B9): centres and seats, raw call-centre events and the calls folded from
them, callbacks (回拨) with attempts and slot capacity, and quality-inspection reviews.

Raw events (`CallEvent`) are stored first and never changed; `Call` holds what folding them gives (fold.py) plus what
the agent recorded (contact type, notes, 工单). Figures are computed from `Call` rows only (service_levels.py).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fawang.cases.languages import DEFAULT_LANGUAGE, LANGUAGE_MAX_LENGTH, Language
from fawang.core.crypto import BlindIndexedModel, BlindIndexField, EncryptedJSONField, EncryptedTextField
from fawang.core.models import AppendOnlyModel, BaseModel


class OutOfHoursMode(models.TextChoices):
    """What callers hear outside the staffed hours (B2: an automatic answer; B5: messages answered in 3 WD)."""

    MESSAGE = "message", _("自动应答并接受留言（3个工作日内回复）")
    ANNOUNCEMENT = "announcement", _("仅播放自动应答（不留言）")


class HotlineCentre(BaseModel):
    """A 12348 call centre: a directory site of kind `hotline` with the code the CTI system uses for it."""

    site = models.OneToOneField(
        "directory.Site", verbose_name="热线站点", on_delete=models.PROTECT, related_name="hotline_centre"
    )
    code = models.CharField("CTI中心编码", max_length=30, unique=True)
    slot_minutes = models.PositiveSmallIntegerField(
        "回拨时段长度（分钟）", default=30
    )  # X2: a 30-minute window
    quality_sample_percent = models.PositiveSmallIntegerField(
        "质检抽样比例（%）", default=5
    )  # B3: at least 5%
    out_of_hours_mode = models.CharField(
        "非人工服务时间应答方式",
        max_length=20,
        choices=OutOfHoursMode.choices,
        default=OutOfHoursMode.MESSAGE,
    )
    out_of_hours_prompt = models.CharField(
        "自动应答提示语", max_length=300, blank=True
    )  # B2: returned to the CTI with service_mode, so the announcement is data, not a recording detail
    # A12: the IVR language menu ("普通话请按1，粤语请按2…"): the menu's name in the CTI's ivr_choice events and its
    # keys onto language codes, e.g. {"1": "zh", "2": "yue"}; set on the 受理语言 page (services.centre).
    ivr_language_menu = models.CharField("IVR语言菜单名", max_length=50, default="language", blank=True)
    ivr_languages = models.JSONField("IVR语言按键", default=dict, blank=True)

    class Meta:
        verbose_name = "热线中心"
        verbose_name_plural = "热线中心"

    def __str__(self) -> str:
        return self.site.name


class OpeningHours(BaseModel):
    """Staffed hours per weekday (B2). A centre without rows is staffed 7×24, the default of B2."""

    centre = models.ForeignKey(HotlineCentre, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField("星期（0=周一）")
    opens = models.TimeField("开始")
    closes = models.TimeField("结束")

    class Meta:
        verbose_name = "人工服务时间"
        verbose_name_plural = "人工服务时间"
        ordering = ("weekday", "opens")
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="hotline_hours_weekday"),
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="hotline_hours_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens}-{self.closes}"


class Seat(BaseModel):
    """A seat (坐席) as the CTI names it; agents sign in to one seat at a time."""

    centre = models.ForeignKey(HotlineCentre, on_delete=models.PROTECT, related_name="seats")
    code = models.CharField("坐席号", max_length=20)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "坐席"
        verbose_name_plural = "坐席"
        ordering = ("centre", "code")
        constraints = [models.UniqueConstraint(fields=("centre", "code"), name="hotline_seat_unique")]

    def __str__(self) -> str:
        return self.code


class AgentState(models.TextChoices):
    AVAILABLE = "available", _("空闲")
    BUSY = "busy", _("忙碌")
    BREAK = "break", _("小休")
    OFFLINE = "offline", _("已签出")


class SeatSession(BaseModel):
    """An agent signed in to a seat. One open session per seat and per agent (database constraints)."""

    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="sessions")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="seat_sessions"
    )
    started_at = models.DateTimeField("签入时间")
    ended_at = models.DateTimeField("签出时间", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=AgentState.choices, default=AgentState.AVAILABLE)
    # A12: languages and dialects the agent takes calls in besides 普通话, declared at sign-in (carried over from
    # the agent's previous session) and listed as transfer targets for calls in them (ADR 0095).
    languages = models.JSONField("可受理语言", default=list, blank=True)

    class Meta:
        verbose_name = "坐席签入"
        verbose_name_plural = "坐席签入"
        constraints = [
            models.UniqueConstraint(
                fields=("seat",),
                condition=models.Q(ended_at__isnull=True),
                name="hotline_one_session_per_seat",
            ),
            models.UniqueConstraint(
                fields=("agent",),
                condition=models.Q(ended_at__isnull=True),
                name="hotline_one_session_per_agent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat} · {self.agent}"


class AgentStateChange(AppendOnlyModel):
    """Every shift-status change, so no agent drops offline unrecorded (B8)."""

    session = models.ForeignKey(SeatSession, on_delete=models.PROTECT, related_name="changes")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+")
    state = models.CharField("状态", max_length=10, choices=AgentState.choices)
    at = models.DateTimeField("时间", db_index=True)
    reason = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "坐席状态记录"
        verbose_name_plural = "坐席状态记录"
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.agent} {self.state} {self.at:%H:%M:%S}"


class CallEvent(AppendOnlyModel):
    """One accepted, signed call-centre event, stored as received before anything is derived from it."""

    # Unique by constraint and indexed only by hotline_event_call_idx: see Case.reference (no LIKE indexes).
    event_id = models.CharField("事件编号", max_length=100)
    call_ref = models.CharField("CTI通话编号", max_length=100)
    centre_code = models.CharField("中心编码", max_length=30)
    type = models.CharField("事件类型", max_length=30)
    occurred_at = models.DateTimeField("发生时间")
    received_at = models.DateTimeField("接收时间")
    # Encrypted (M3): the payload carries the caller's number; fold.py reads it through the field.
    data = EncryptedJSONField("事件数据", default=dict, blank=True)
    body_sha256 = models.CharField("报文摘要", max_length=64)

    class Meta:
        verbose_name = "话务事件"
        verbose_name_plural = "话务事件"
        ordering = ("occurred_at", "id")
        constraints = [models.UniqueConstraint(fields=("event_id",), name="hotline_callevent_event_unique")]
        indexes = [models.Index(fields=("call_ref", "occurred_at"), name="hotline_event_call_idx")]

    def __str__(self) -> str:
        return f"{self.call_ref} {self.type}"


class RejectionReason(models.TextChoices):
    NOT_CONFIGURED = "not_configured", "未配置签名密钥"
    TOO_LARGE = "too_large", "报文过大"
    UNSIGNED = "unsigned", "缺少签名或时间戳"
    BAD_SIGNATURE = "bad_signature", "签名不正确"
    STALE = "stale", "时间戳超出允许范围"
    MALFORMED = "malformed", "报文格式不正确"
    CONFLICT = "conflict", "事件编号重复但内容不同"


class RejectedDelivery(AppendOnlyModel):
    """A delivery the webhook refused, kept for the operators of the CTI link (issue 5: rejected and logged)."""

    received_at = models.DateTimeField("接收时间", db_index=True)
    reason = models.CharField("原因", max_length=20, choices=RejectionReason.choices)
    message = models.CharField("说明", max_length=300)
    event_id = models.CharField("事件编号", max_length=100, blank=True)
    timestamp_header = models.CharField("时间戳", max_length=40, blank=True)
    signature_header = models.CharField("签名", max_length=200, blank=True)
    remote_addr = models.GenericIPAddressField("来源地址", null=True, blank=True)
    body = EncryptedTextField("报文（截断）", blank=True)  # may carry a caller's number (M3)
    body_sha256 = models.CharField("报文摘要", max_length=64)

    class Meta:
        verbose_name = "被拒绝的推送"
        verbose_name_plural = "被拒绝的推送"
        ordering = ("-received_at", "-id")

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M:%S} {self.reason}"


class CallState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RINGING = "ringing", _("振铃中")
    TALKING = "talking", _("通话中")
    ENDED = "ended", _("已结束")
    ABANDONED = "abandoned", _("呼损（未接通挂机）")


class ContactType(models.TextChoices):
    """A3: every hotline contact is typed at registration. Values are the 工单 service types they create."""

    CONSULTATION = "consultation", _("咨询")
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", pgettext_lazy("contact type", "建议")


class Disposition(models.TextChoices):
    NONE = "", _("未处理")
    ANSWERED = "answered", _("当场答复办结")
    DISPATCHED = "dispatched", _("生成工单并转办")
    CALLBACK = "callback", _("转回拨")
    TRANSFERRED = "transferred", _("转接")


class RatingLevel(models.TextChoices):
    """The post-call IVR keys (B4): 1 满意, 2 基本满意, 3 不满意 (keys are configured in fold.RATING_KEYS)."""

    SATISFIED = "satisfied", _("满意")
    FAIRLY_SATISFIED = "fairly_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Call(BlindIndexedModel, BaseModel):
    """One call. The `folded` fields are a pure function of the call's stored events; people never edit them."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)  # unindexed (BaseModel)

    call_ref = models.CharField("CTI通话编号", max_length=100)  # unique by constraint, as CallEvent.event_id
    centre = models.ForeignKey(  # indexed by hotline_call_centre_idx
        HotlineCentre, on_delete=models.PROTECT, related_name="calls", db_index=False
    )
    # Encrypted at rest (M3); earlier calls of a number are found by the blind index (selectors.caller_history).
    caller_number = EncryptedTextField("来电号码", max_length=30, blank=True)
    caller_number_bidx = BlindIndexField(
        "来电号码索引", source="caller_number", normalizer=str.strip, blank=True, db_index=True
    )
    # --- folded from events (fold.py) ---
    state = models.CharField("状态", max_length=10, choices=CallState.choices)
    offered_at = models.DateTimeField("进入队列时间", db_index=True)
    ringing_at = models.DateTimeField("振铃时间", null=True, blank=True)
    answered_at = models.DateTimeField("接通时间", null=True, blank=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    abandoned_at = models.DateTimeField("放弃时间", null=True, blank=True)
    ringing_seat = models.ForeignKey(Seat, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    seat = models.ForeignKey(
        Seat, verbose_name="接听坐席", null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    current_seat = models.ForeignKey(Seat, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接听人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_calls",
    )
    ended_by = models.CharField("挂机方", max_length=10, blank=True)
    transfers = models.JSONField("转接记录", default=list, blank=True)
    ivr_choices = models.JSONField("IVR按键", default=list, blank=True)
    # A12: from the centre's IVR language menu (fold of ivr_choices); db_default for the province generator's SQL.
    language = models.CharField(
        "来电语言",
        max_length=LANGUAGE_MAX_LENGTH,
        choices=Language.choices,
        default=DEFAULT_LANGUAGE,
        db_default=DEFAULT_LANGUAGE,
    )
    recording_url = models.URLField("录音地址", max_length=500, blank=True)  # B7
    message_url = models.URLField("留言录音", max_length=500, blank=True)  # B2/B5 out-of-hours message
    rating_key = models.CharField("评价按键", max_length=4, blank=True)
    rating = models.CharField("评价", max_length=20, choices=RatingLevel.choices, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    out_of_hours = models.BooleanField("非人工服务时间", default=False)
    event_count = models.PositiveIntegerField("事件数", default=0)
    # --- recorded by the agent ---
    contact_type = models.CharField("来电类型", max_length=20, choices=ContactType.choices, blank=True)
    category = models.CharField("纠纷类别", max_length=20, blank=True)
    notes = models.TextField("通话记录", blank=True)
    notes_saved_at = models.DateTimeField("记录保存时间", null=True, blank=True)
    notes_revision = models.PositiveIntegerField("记录版本", default=0)
    disposition = models.CharField(
        "处理方式", max_length=20, choices=Disposition.choices, blank=True, default=Disposition.NONE
    )
    transfer_target = models.CharField("转接去向", max_length=100, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="工单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wrapped_up_at = models.DateTimeField("办结登记时间", null=True, blank=True)
    rating_forwarded_at = models.DateTimeField("评价已转交好差评", null=True, blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("caller_number", "notes", "recording_url", "message_url")
        sensitive: ClassVar[tuple[str, ...]] = ()
        encrypted: ClassVar[tuple[str, ...]] = ("caller_number",)
        blind_indexes: ClassVar[dict[str, str]] = {"caller_number": "caller_number_bidx"}

    class Meta:
        verbose_name = "来电"
        verbose_name_plural = "来电"
        ordering = ("-offered_at",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=CallState.values), name="hotline_call_state_valid"
            ),
            models.UniqueConstraint(fields=("call_ref",), name="hotline_call_ref_unique"),
        ]
        indexes = [models.Index(fields=("centre", "offered_at"), name="hotline_call_centre_idx")]

    def __str__(self) -> str:
        return self.call_ref


class CallbackKind(models.TextChoices):
    CALLBACK = "callback", _("回拨解答")  # A7
    MESSAGE = "message", _("留言回复")  # B2/B5: out-of-hours message, reply in 3 WD
    DISSATISFIED = "dissatisfied", _("不满意回访")  # A6/B3: every dissatisfied rating is followed up


class CallbackStatus(models.TextChoices):
    OPEN = "open", _("待回拨")
    CLAIMED = "claimed", _("回拨中")
    DONE = "done", _("已回拨")
    UNREACHABLE = "unreachable", _("多次未联系上")
    CANCELLED = "cancelled", _("已取消")


class Callback(BlindIndexedModel, BaseModel):
    """A callback task (回拨) with a due window and at most three attempts (A7, X2)."""

    centre = models.ForeignKey(HotlineCentre, on_delete=models.PROTECT, related_name="callbacks")
    kind = models.CharField(
        "类型", max_length=20, choices=CallbackKind.choices, default=CallbackKind.CALLBACK
    )
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.PROTECT, related_name="callbacks")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="hotline_callbacks"
    )
    phone = EncryptedTextField("回拨号码", max_length=30)  # M3; found by phone_bidx (callback_list_by_phone)
    phone_bidx = BlindIndexField(
        "回拨号码索引", source="phone", normalizer=str.strip, blank=True, db_index=True
    )
    reason = models.TextField("回拨事由")
    window_start = models.DateTimeField("时段开始", db_index=True)
    window_end = models.DateTimeField("应回拨时间")
    priority = models.BooleanField("优先回拨", default=False)
    priority_reason = models.CharField("优先理由", max_length=200, blank=True)
    booked_online = models.BooleanField("网上预约", default=False)  # X2: booked by the caller on the web
    status = models.CharField(
        "状态", max_length=12, choices=CallbackStatus.choices, default=CallbackStatus.OPEN
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField("认领时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("已回拨次数", default=0)
    first_attempt_at = models.DateTimeField("首次回拨时间", null=True, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("phone", "reason")
        sensitive: ClassVar[tuple[str, ...]] = ()
        encrypted: ClassVar[tuple[str, ...]] = ("phone",)
        blind_indexes: ClassVar[dict[str, str]] = {"phone": "phone_bidx"}

    class Meta:
        verbose_name = "回拨任务"
        verbose_name_plural = "回拨任务"
        ordering = ("-priority", "window_end")
        constraints = [
            models.CheckConstraint(condition=models.Q(attempts__lte=3), name="hotline_callback_max_attempts"),
            models.CheckConstraint(
                condition=models.Q(window_start__lt=models.F("window_end")), name="hotline_callback_window"
            ),
            # Automatic follow-ups (messages, dissatisfied ratings) are created once per call.
            models.UniqueConstraint(
                fields=("call", "kind"),
                condition=models.Q(call__isnull=False) & ~models.Q(kind="callback"),
                name="hotline_one_auto_callback_per_call",
            ),
        ]

    def __str__(self) -> str:
        return f"回拨#{self.pk}"


class AttemptOutcome(models.TextChoices):
    REACHED = "reached", _("已接通并答复")
    NO_ANSWER = "no_answer", _("无人接听")
    BUSY = "busy", _("占线/拒接")
    UNREACHABLE = "unreachable", _("关机/空号")


class CallbackAttempt(AppendOnlyModel):
    callback = models.ForeignKey(Callback, on_delete=models.PROTECT, related_name="attempt_log")
    number = models.PositiveSmallIntegerField("第几次")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间")
    outcome = models.CharField("结果", max_length=20, choices=AttemptOutcome.choices)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "回拨记录"
        verbose_name_plural = "回拨记录"
        ordering = ("callback", "number")
        constraints = [
            models.UniqueConstraint(fields=("callback", "number"), name="hotline_attempt_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.callback_id}#{self.number} {self.outcome}"


class CallbackSlot(BaseModel):
    """Capacity of one callback slot at one centre (X2). A missing slot copies the same slot of last week."""

    centre = models.ForeignKey(HotlineCentre, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField("时段开始")
    capacity = models.PositiveSmallIntegerField("可预约数")

    class Meta:
        verbose_name = "回拨时段"
        verbose_name_plural = "回拨时段"
        ordering = ("starts_at",)
        constraints = [models.UniqueConstraint(fields=("centre", "starts_at"), name="hotline_slot_unique")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} ×{self.capacity}"


class QualityReview(BaseModel):
    """A call sampled for quality inspection (B3 ≥ 5%), scored on the sheet of quality.py (B9)."""

    call = models.OneToOneField(Call, on_delete=models.PROTECT, related_name="quality_review")
    sampled_at = models.DateTimeField("抽样时间")
    sampled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    random_sample = models.BooleanField("随机抽样", default=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scores = models.JSONField("评分", default=dict, blank=True)
    standard_phrases = models.JSONField("使用的规范用语", default=list, blank=True)
    banned_phrases = models.JSONField("出现的服务禁语", default=list, blank=True)
    total = models.PositiveSmallIntegerField("总分", null=True, blank=True)
    comment = models.TextField("评语", blank=True)
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)

    class Meta:
        verbose_name = "质检"
        verbose_name_plural = "质检"
        ordering = ("-sampled_at",)

    def __str__(self) -> str:
        return f"质检 {self.call_id}"
