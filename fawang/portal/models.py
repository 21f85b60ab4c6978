"""Citizen-side records of the network platform: consents, SMS challenges and case messages (issue 4)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.crypto import BlindIndexedModel, BlindIndexField, EncryptedJSONField, EncryptedTextField
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


class SmsChallenge(BlindIndexedModel, BaseModel):
    """A one-time code sent to a phone; only its hash is stored. The number is encrypted (M3) and found by its
    blind index (the resend limits and the check count per number)."""

    phone = EncryptedTextField("手机号", max_length=20)
    phone_bidx = BlindIndexField(
        "手机号索引", source="phone", normalizer=str.strip, blank=True, db_index=True
    )
    purpose = models.CharField("用途", max_length=20)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("phone",)
        sensitive: ClassVar[tuple[str, ...]] = ()
        encrypted: ClassVar[tuple[str, ...]] = ("phone",)
        blind_indexes: ClassVar[dict[str, str]] = {"phone": "phone_bidx"}

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
    IN_PERSON = "in_person", _("到所面谈")
    VIDEO = "video", _("视频咨询")
    PHONE = "phone", _("电话咨询")


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


class ApplicationService(models.TextChoices):
    """The services a citizen can apply for with a guided form (A2, J11)."""

    LEGAL_AID = "legal_aid", _("法律援助")
    MEDIATION = "mediation", _("人民调解")
    NOTARY = "notary", _("公证")
    APPRAISAL = "appraisal", _("司法鉴定")


class ApplicationDraft(BaseModel):
    """A guided application saved on the server between screens (save and continue, J11, L9).

    `version` grows on every save: a screen posted with an older version is stale (the draft changed in another
    tab or on another phone) and is refused with a message instead of overwriting the newer answers.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    service = models.CharField("服务", max_length=20, choices=ApplicationService.choices)
    token = models.CharField("续填编号", max_length=32, unique=True)
    answers = EncryptedJSONField("已填写内容", default=dict, blank=True)  # phone, address, income… (M3)
    version = models.PositiveIntegerField("版本", default=1)
    case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="portal_draft"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("answers",)
        sensitive: ClassVar[tuple[str, ...]] = ("answers",)
        encrypted: ClassVar[tuple[str, ...]] = ("answers",)

    class Meta:
        verbose_name = "网上申请草稿"
        verbose_name_plural = "网上申请草稿"
        constraints = [
            models.UniqueConstraint(
                fields=("user", "service"),
                condition=models.Q(case__isnull=True),
                name="portal_one_open_draft_per_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}:{self.token}"


class DraftUpload(BaseModel):
    """A scan or photo attached to a draft; on submission it becomes a case attachment (C7, C19, E2)."""

    draft = models.ForeignKey(ApplicationDraft, on_delete=models.CASCADE, related_name="uploads")
    label = models.CharField("材料名称", max_length=100)
    quantity = models.PositiveSmallIntegerField("份数", default=1)
    file = models.FileField("文件", upload_to="portal/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    attachment = models.OneToOneField(
        "cases.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "网上申请材料"
        verbose_name_plural = "网上申请材料"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.label}×{self.quantity}"


class CitizenAnswers(BaseModel):
    """Answers a citizen gave once and that prefill the next form (J11: answers reused across forms)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answers = EncryptedJSONField("常用信息", default=dict, blank=True)  # phone, address… (M3)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("answers",)
        sensitive: ClassVar[tuple[str, ...]] = ("answers",)
        encrypted: ClassVar[tuple[str, ...]] = ("answers",)

    class Meta:
        verbose_name = "常用申请信息"
        verbose_name_plural = "常用申请信息"

    def __str__(self) -> str:
        return str(self.user_id)


class ApplicationReceipt(BaseModel):
    """The receipt of an online application: reference and each material received with quantity and date (C7).

    `content` is the snapshot the page and the PDF are rendered from, so the receipt always says what was
    received at submission."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="portal_receipt")
    number = models.CharField("回执编号", max_length=40, unique=True)
    content = models.JSONField("回执内容")

    class Meta:
        verbose_name = "网上申请回执"
        verbose_name_plural = "网上申请回执"

    def __str__(self) -> str:
        return self.number
