"""Citizen-side records of the network platform: consents, SMS challenges and case messages (issue 4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fawang.core.models import BaseModel


class Consent(BaseModel):
    """Consent to the privacy notice, recorded per version (M1, M2)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    notice_version = models.CharField("告知书版本", max_length=20)
    purpose = models.CharField("用途", max_length=60, default="account")

    class Meta:
        verbose_name = "个人信息处理同意"
        verbose_name_plural = "个人信息处理同意"
        constraints = [
            models.UniqueConstraint(
                fields=("user", "notice_version", "purpose"), name="consent_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.notice_version}"


class SmsChallenge(BaseModel):
    """A one-time code sent to a phone; only its hash is stored."""

    phone = models.CharField("手机号", max_length=20, db_index=True)
    purpose = models.CharField("用途", max_length=20)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "短信验证码"
        verbose_name_plural = "短信验证码"

    def __str__(self) -> str:
        return f"{self.purpose}:{self.created_at:%Y-%m-%d %H:%M}"


class CaseMessage(BaseModel):
    """A message between the requester and the handling unit about one 工单 (issue 4 §2, §4)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_requester = models.BooleanField("来自申请人")
    body = models.TextField("内容")

    class Meta:
        verbose_name = "工单留言"
        verbose_name_plural = "工单留言"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.created_at:%Y-%m-%d %H:%M}"


class AppointmentMode(models.TextChoices):
    IN_PERSON = "in_person", "到所面谈"
    VIDEO = "video", "视频咨询"
    PHONE = "phone", "电话咨询"


class Appointment(BaseModel):
    """An appointment with a lawyer or village adviser (O6) and the referral outcome (O7)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="appointment")
    practitioner = models.ForeignKey("directory.Practitioner", on_delete=models.PROTECT, related_name="+")
    preferred_at = models.DateTimeField("希望时间")
    mode = models.CharField("方式", max_length=10, choices=AppointmentMode.choices)
    intends_to_engage = models.BooleanField("有委托意向", default=False)
    outcome = models.CharField("结果", max_length=200, blank=True)

    class Meta:
        verbose_name = "预约"
        verbose_name_plural = "预约"

    def __str__(self) -> str:
        return f"{self.case_id}:{self.preferred_at:%Y-%m-%d %H:%M}"
