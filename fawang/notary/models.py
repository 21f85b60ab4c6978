"""Notarisation records (公证法 2017; 公证程序规则 2020; E1-E10, C16), one matter per 工单.

Booking: slots per office with a capacity; `booked` never exceeds it (a CheckConstraint, and a conditional UPDATE
in the booking service so two concurrent bookings can never overfill a slot).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fawang.core.crypto import EncryptedTextField
from fawang.core.models import BaseModel
from fawang.notary.catalogue import MATTER_TYPES, RefusalGround

MATTER_CHOICES = [(m.code, m.label) for m in MATTER_TYPES]


class NotarySlot(BaseModel):
    office = models.ForeignKey(
        "directory.Institution", verbose_name="公证处", on_delete=models.PROTECT, related_name="+"
    )
    notary = models.ForeignKey(
        "directory.Practitioner",
        verbose_name="接待公证员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    capacity = models.PositiveSmallIntegerField("可预约人数")
    booked = models.PositiveSmallIntegerField("已预约人数", default=0)

    class Meta:
        verbose_name = "公证预约时段"
        verbose_name_plural = "公证预约时段"
        ordering = ("starts_at",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(booked__lte=models.F("capacity")), name="slot_not_overfilled"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_positive"
            ),
            models.UniqueConstraint(fields=("office", "starts_at", "notary"), name="slot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.starts_at:%Y-%m-%d %H:%M}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CANCELLED = "cancelled", _("已取消")
    ATTENDED = "attended", _("已到场办理")


class NotaryBooking(BaseModel):
    slot = models.ForeignKey(NotarySlot, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey("people.Person", verbose_name="预约人", on_delete=models.PROTECT)
    matter_code = models.CharField("公证事项", max_length=30, choices=MATTER_CHOICES)
    status = models.CharField(
        "状态", max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    note = models.CharField("备注", max_length=200, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "公证预约"
        verbose_name_plural = "公证预约"
        constraints = [
            models.UniqueConstraint(
                fields=("slot", "person"),
                condition=models.Q(status="booked"),
                name="one_booking_per_person_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.slot_id}"


class SignMethod(models.TextChoices):
    SIGN = "sign", _("签名")
    SEAL = "seal", _("盖章")
    THUMBPRINT = "thumbprint", _("按指印")


class NotaryMatter(BaseModel):
    """The application (公证申请表) with the six fields of 程序规则 Art.17 (E1)."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="notary_matter")
    office = models.ForeignKey(
        "directory.Institution", verbose_name="公证处", on_delete=models.PROTECT, related_name="+"
    )
    matter_code = models.CharField("公证事项", max_length=30, choices=MATTER_CHOICES)
    purpose = models.CharField("用途", max_length=200)
    is_proxy = models.BooleanField("委托他人代办", default=False)  # A17
    agent_name = models.CharField("代理人", max_length=50, blank=True)
    agent_relationship = models.CharField("与当事人关系", max_length=50, blank=True)
    agent_authority = models.CharField("代理权限（授权委托书）", max_length=200, blank=True)
    documents = models.TextField("申请公证的文书")
    proofs_count = models.PositiveSmallIntegerField("提交证明材料件数", default=0)
    # Names, telephone numbers and circumstances typed freely: encrypted at rest (M3), never looked up.
    witnesses = EncryptedTextField("证人姓名及联系方式", max_length=300, blank=True)
    other_notes = EncryptedTextField("其他需要说明的情况", blank=True)
    applied_on = models.DateField("申请日期")
    signed_by = models.CharField("申请人签署方式", max_length=20, choices=SignMethod.choices)
    fee_waived = models.BooleanField("减免公证费", default=False)  # C16
    fee_waiver_basis = models.CharField("减免依据", max_length=200, blank=True)
    booking = models.OneToOneField(
        NotaryBooking, null=True, blank=True, on_delete=models.PROTECT, related_name="matter"
    )

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("agent_name", "witnesses", "other_notes")
        sensitive: ClassVar[tuple[str, ...]] = ()
        encrypted: ClassVar[tuple[str, ...]] = ("witnesses", "other_notes")

    class Meta:
        verbose_name = "公证申请"
        verbose_name_plural = "公证申请"

    def __str__(self) -> str:
        return f"{self.get_matter_code_display()} {self.case_id}"


class MaterialState(models.TextChoices):
    PROVIDED = "provided", _("已提交")
    MISSING = "missing", _("未提交")
    SHARED_LOOKUP = "shared_lookup", _("信息共享核查并书面承诺")


class NotaryMaterial(BaseModel):
    matter = models.ForeignKey(NotaryMatter, on_delete=models.PROTECT, related_name="materials")
    item_code = models.CharField("材料", max_length=30)
    label = models.CharField("名称", max_length=200)
    article_item = models.PositiveSmallIntegerField("程序规则第18条项次")
    state = models.CharField(
        "状态", max_length=20, choices=MaterialState.choices, default=MaterialState.MISSING
    )
    promise_signed = models.BooleanField("已书面承诺真实性", default=False)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "公证材料"
        verbose_name_plural = "公证材料"
        constraints = [models.UniqueConstraint(fields=("matter", "item_code"), name="notary_material_once")]

    def __str__(self) -> str:
        return self.label


class AcceptanceCheck(BaseModel):
    """The acceptance check (E10): interest, no dispute, within scope, within the office's area."""

    matter = models.OneToOneField(NotaryMatter, on_delete=models.PROTECT, related_name="acceptance_check")
    has_interest = models.BooleanField("与申请事项有利害关系")
    no_dispute = models.BooleanField("当事人之间无争议")
    within_scope = models.BooleanField("属于公证事项范围")
    within_area = models.BooleanField("属于本机构执业区域")
    note = models.TextField("说明", blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "受理审查"
        verbose_name_plural = "受理审查"

    def __str__(self) -> str:
        return f"受理审查 {self.matter_id}"

    @property
    def passed(self) -> bool:
        return self.has_interest and self.no_dispute and self.within_scope and self.within_area


class LegalNotice(BaseModel):
    """The notice of legal meaning and consequences, recorded and filed (公证法 Art.27; E4)."""

    matter = models.OneToOneField(NotaryMatter, on_delete=models.PROTECT, related_name="notice")
    content = models.TextField("告知内容")
    acknowledged_by = models.CharField("当事人确认方式", max_length=20, choices=SignMethod.choices)
    given_at = models.DateTimeField("告知时间")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "法律意义和后果告知"
        verbose_name_plural = "法律意义和后果告知"

    def __str__(self) -> str:
        return f"告知 {self.matter_id}"


class ReviewCheck(BaseModel):
    """The four checks of 公证法 Art.28 (E9)."""

    matter = models.OneToOneField(NotaryMatter, on_delete=models.PROTECT, related_name="review_check")
    identity_capacity_rights = models.BooleanField("当事人身份、资格及相应权利")
    documents_complete = models.BooleanField("文书内容完备、含义清晰、签名印鉴齐全")
    proofs_true_lawful = models.BooleanField("证明材料真实、合法、充分")
    matter_true_lawful = models.BooleanField("申请公证的事项真实、合法")
    note = models.TextField("审查意见", blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "公证审查"
        verbose_name_plural = "公证审查"

    def __str__(self) -> str:
        return f"审查 {self.matter_id}"

    @property
    def passed(self) -> bool:
        return all(
            (
                self.identity_capacity_rights,
                self.documents_complete,
                self.proofs_true_lawful,
                self.matter_true_lawful,
            )
        )


class NotaryRefusal(BaseModel):
    matter = models.OneToOneField(NotaryMatter, on_delete=models.PROTECT, related_name="refusal")
    ground = models.CharField("不予办理的情形（公证法第31条）", max_length=2, choices=RefusalGround.CHOICES)
    explanation = models.TextField("说明")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "不予办理公证"
        verbose_name_plural = "不予办理公证"

    def __str__(self) -> str:
        return self.get_ground_display()


class CertificateCounter(models.Model):
    """Per office and year, the sequence behind certificate numbers; incremented under a row lock."""

    office = models.ForeignKey("directory.Institution", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("office", "year"), name="certificate_counter_unique")]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}:{self.value}"


class NotaryCertificate(BaseModel):
    matter = models.OneToOneField(NotaryMatter, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField("公证书编号", max_length=60, unique=True)
    statement = models.TextField("证词")
    notary = models.ForeignKey("directory.Practitioner", verbose_name="承办公证员", on_delete=models.PROTECT)
    issued_at = models.DateTimeField("出具时间")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "公证书"
        verbose_name_plural = "公证书"

    def __str__(self) -> str:
        return self.number


class ReviewApplicant(models.TextChoices):
    PARTY = "party", pgettext_lazy("review applicant", "当事人")
    INTERESTED = "interested", _("公证事项的利害关系人")


class ReviewOutcome(models.TextChoices):
    KEEP = "keep", _("维持公证书")
    CORRECT = "correct", _("更正公证书")
    SUPPLEMENT = "supplement", _("补正公证书")
    REVOKE = "revoke", _("撤销公证书")


class NotaryReview(BaseModel):
    """复查 (程序规则 Art.61-63; E7)."""

    matter = models.ForeignKey(NotaryMatter, on_delete=models.PROTECT, related_name="reviews")
    applicant_kind = models.CharField("申请人", max_length=20, choices=ReviewApplicant.choices)
    applicant_name = models.CharField("申请人姓名", max_length=50)
    received_on = models.DateField("收到公证书或知道之日")
    applied_on = models.DateField("书面申请日期")
    grounds = models.TextField("复查理由")
    outcome = models.CharField("复查决定", max_length=20, choices=ReviewOutcome.choices, blank=True)
    decision_note = models.TextField("决定说明", blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    executed_at = models.DateTimeField("执行时间", null=True, blank=True)
    # E7/E10: when the revocation or correction left for the national notary system (notary_report_export).
    reported_at = models.DateTimeField("报送全国公证管理系统时间", null=True, blank=True)
    report_batch = models.CharField("报送批次", max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "公证复查"
        verbose_name_plural = "公证复查"

    def __str__(self) -> str:
        return f"复查 {self.matter_id}"
