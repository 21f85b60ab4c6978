"""Security and privacy records (issue 8): password history, sign-in failures, second factors, data-subject
requests and the retention log. Personal data here is kept to what the control needs (M1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.crypto import EncryptedTextField
from fawang.core.models import AppendOnlyModel, BaseModel


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords, so none of the last N is reused (M5)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+"
    )
    password_hash = models.CharField("密码摘要", max_length=256)
    created_at = models.DateTimeField("设置时间", db_index=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.user_id}@{self.created_at:%Y-%m-%d}"


class LoginFailureCounter(models.Model):
    """Consecutive sign-in failures for one username; locked until a time after too many (M5)."""

    username = models.CharField("用户名", max_length=150, unique=True)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    last_failure_at = models.DateTimeField("最近失败时间", null=True, blank=True)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    lock_count = models.PositiveIntegerField("累计锁定次数", default=0)

    class Meta:
        verbose_name = "登录失败计数"
        verbose_name_plural = "登录失败计数"

    def __str__(self) -> str:
        return f"{self.username}: {self.failures}"


class TotpDevice(BaseModel):
    """A time-based one-time-password authenticator (RFC 6238) bound to a staff account (M5)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = EncryptedTextField("密钥")
    confirmed_at = models.DateTimeField("启用时间", null=True, blank=True)
    last_used_step = models.BigIntegerField("最近使用的时间步", default=0)

    class Meta:
        verbose_name = "动态口令设备"
        verbose_name_plural = "动态口令设备"

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class DataRequestKind(models.TextChoices):
    COPY = "copy", _("查阅复制")
    CORRECTION = "correction", _("更正")
    DELETION = "deletion", _("删除")


class DataRequestStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    COMPLETED = "completed", _("已完成")
    REFUSED = "refused", _("不予删除（依法保存）")


class DataRequest(BaseModel):
    """A person's request about their own data (个人信息保护法 Art.44-47; M9), with a due date."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人账户", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=20, choices=DataRequestKind.choices)
    status = models.CharField(
        "状态", max_length=20, choices=DataRequestStatus.choices, default=DataRequestStatus.OPEN
    )
    details = models.TextField("说明", max_length=2000, blank=True)
    submitted_at = models.DateTimeField("提交时间")
    due_on = models.DateField("答复期限")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.TextField("处理意见", max_length=2000, blank=True)

    class Meta:
        verbose_name = "个人信息权利请求"
        verbose_name_plural = "个人信息权利请求"
        ordering = ("due_on", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DataRequestStatus.values), name="data_request_status_known"
            ),
            models.UniqueConstraint(
                fields=("requester", "kind"),
                condition=models.Q(status="open"),
                name="one_open_data_request_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class RetentionRun(AppendOnlyModel):
    """The log of the retention job (M10): one row per category per run, dry runs included."""

    at = models.DateTimeField("运行时间", db_index=True)
    actor_label = models.CharField("执行人", max_length=150)
    category = models.CharField("数据类别", max_length=40)
    dry_run = models.BooleanField("演练")
    cutoff = models.DateTimeField("截止时间", null=True, blank=True)
    matched = models.PositiveIntegerField("到期记录数")
    purged = models.PositiveIntegerField("已清除或匿名化")
    action = models.CharField("处理方式", max_length=20)

    class Meta:
        verbose_name = "保存期限清理记录"
        verbose_name_plural = "保存期限清理记录"
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.category} {self.purged}/{self.matched}"


class IncidentState(models.TextChoices):
    OPEN = "open", _("已发现")
    CONTAINED = "contained", _("已控制")
    REPORTED = "reported", _("已报告主管部门")
    CLOSED = "closed", _("已结案")


class SecurityIncident(BaseModel):
    """A personal-information incident (M11; 个人信息保护法 Art.57, 网络安全法 Art.42): leak, tampering or loss that
    happened or may happen. The notice fields are the three items Art.57 requires a notice to carry."""

    title = models.CharField("事件名称", max_length=120)
    state = models.CharField("状态", max_length=20, choices=IncidentState.choices, default=IncidentState.OPEN)
    detected_at = models.DateTimeField("发现时间")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    # Art.57 (一): kinds of personal information, cause, possible harm.
    data_kinds = models.TextField("涉及的个人信息种类", max_length=1000, blank=True)
    cause = models.TextField("原因", max_length=2000, blank=True)
    possible_harm = models.TextField("可能造成的危害", max_length=2000, blank=True)
    # Art.57 (二): the processor's remedies and what individuals can do to reduce the harm.
    remedies = models.TextField("已采取的补救措施", max_length=2000, blank=True)
    individual_measures = models.TextField("个人可以采取的减轻危害的措施", max_length=2000, blank=True)
    # Art.57 (三): how to reach the processor.
    contact = models.CharField("联系方式", max_length=200, blank=True)
    affected_count = models.PositiveIntegerField("受影响人数（估计）", default=0)
    affected_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="需通知的账户", blank=True, related_name="+"
    )
    authority = models.CharField("报告的主管部门", max_length=120, blank=True)
    contained_at = models.DateTimeField("控制时间", null=True, blank=True)
    authority_reported_at = models.DateTimeField("报告时间", null=True, blank=True)
    people_notified_at = models.DateTimeField("通知个人时间", null=True, blank=True)
    notice_waived_reason = models.TextField("不通知个人的理由", max_length=2000, blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)

    class Meta:
        verbose_name = "个人信息安全事件"
        verbose_name_plural = "个人信息安全事件"
        ordering = ("-detected_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=IncidentState.values), name="security_incident_state_known"
            ),
        ]

    def __str__(self) -> str:
        return f"安全事件 #{self.pk} {self.title}"


class SecurityIncidentStep(AppendOnlyModel):
    """The incident's history: one row per action, never changed (M6, M11)."""

    incident = models.ForeignKey(SecurityIncident, on_delete=models.PROTECT, related_name="steps")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT)
    action = models.CharField("动作", max_length=30)
    from_state = models.CharField("原状态", max_length=20, blank=True)
    to_state = models.CharField("新状态", max_length=20)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "安全事件处置记录"
        verbose_name_plural = "安全事件处置记录"
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.incident_id} {self.action}"
