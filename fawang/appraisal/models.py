"""Judicial appraisal records (司法鉴定程序通则 2016; F1-F9), one commission per 工单."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from fawang.core.crypto import EncryptedTextField
from fawang.core.models import BaseModel


# L8: choice labels are marked with gettext_noop, not made lazy: they are printed in the PDFs and the event reasons,
# which stay Chinese (ADR 0106); the pages translate them where they show them.
class ClientKind(models.TextChoices):
    """Commissions come from case-handling authorities (通则 Art.11; F7)."""

    COURT = "court", gettext_noop("人民法院")
    PROCURATORATE = "procuratorate", gettext_noop("人民检察院")
    POLICE = "police", gettext_noop("公安机关")
    OTHER_AUTHORITY = "other_authority", gettext_noop("其他办案机关")
    CITIZEN = "citizen", gettext_noop("个人（本省开放时）")


class AppraisalCommission(BaseModel):
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="appraisal")
    institution = models.ForeignKey(
        "directory.Institution", verbose_name="司法鉴定机构", on_delete=models.PROTECT, related_name="+"
    )
    client_kind = models.CharField("委托人类别", max_length=20, choices=ClientKind.choices)
    client_name = models.CharField("委托人（机关）", max_length=100)
    client_handler = models.CharField("承办人", max_length=50)
    # An authority's handler, or a citizen's own number when 个人 commissions: encrypted at rest (M3), never
    # looked up, so no blind index.
    client_phone = EncryptedTextField("联系电话", max_length=20)
    matter = models.CharField("委托鉴定事项", max_length=200)
    purpose = models.CharField("鉴定用途", max_length=200)
    requirements = models.TextField("鉴定要求")
    is_reappraisal = models.BooleanField("重新鉴定", default=False)
    background = models.TextField("与鉴定有关的基本案情")
    no_hint_confirmed = models.BooleanField("委托人确认未要求或暗示鉴定结论", default=False)  # F8
    received_at = models.DateTimeField("收到委托时间")

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("client_handler", "client_phone", "background")
        sensitive: ClassVar[tuple[str, ...]] = ()
        encrypted: ClassVar[tuple[str, ...]] = ("client_phone",)

    class Meta:
        verbose_name = "司法鉴定委托"
        verbose_name_plural = "司法鉴定委托"

    def __str__(self) -> str:
        return f"{self.client_name}：{self.matter}"


class CommissionAgreement(BaseModel):
    """司法鉴定委托书 with the nine items (广东 Art.30; 通则 Art.16; F4)."""

    ITEMS = (
        ("parties", gettext_noop("委托人和鉴定机构基本情况")),
        ("matter_terms", gettext_noop("委托鉴定事项、用途、要求、时限及是否重新鉴定")),
        ("background", gettext_noop("与鉴定有关的基本案情")),
        ("materials", gettext_noop("鉴定材料的提供和退还")),
        ("fees", gettext_noop("鉴定费用及收取方式、退还")),
        ("risks", gettext_noop("鉴定风险提示")),
        ("recusal", gettext_noop("回避事项")),
        ("delivery", gettext_noop("鉴定意见书的交付方式")),
        ("rights_duties", gettext_noop("双方权利义务")),
    )

    commission = models.OneToOneField(AppraisalCommission, on_delete=models.PROTECT, related_name="agreement")
    parties = models.TextField("委托人和鉴定机构基本情况")
    matter_terms = models.TextField("委托鉴定事项、用途、要求、时限及是否重新鉴定")
    time_limit_wd = models.PositiveSmallIntegerField("约定鉴定时限（工作日）", default=30)
    background = models.TextField("与鉴定有关的基本案情")
    materials = models.TextField("鉴定材料的提供和退还")
    fees = models.TextField("鉴定费用及收取方式、退还")
    fee_waived = models.BooleanField("减免鉴定费", default=False)  # C16
    risks = models.TextField("鉴定风险提示")
    recusal = models.TextField("回避事项")
    delivery = models.TextField("鉴定意见书的交付方式")
    rights_duties = models.TextField("双方权利义务")
    signed_at = models.DateTimeField("签订时间", null=True, blank=True)
    client_signatory = models.CharField("委托人签署人", max_length=50, blank=True)

    class Meta:
        verbose_name = "司法鉴定委托书"
        verbose_name_plural = "司法鉴定委托书"

    def __str__(self) -> str:
        return f"委托书 {self.commission_id}"

    def missing_items(self) -> list[str]:
        return [label for name, label in self.ITEMS if not str(getattr(self, name)).strip()]


class MaterialKind(models.TextChoices):
    DOCUMENT = "document", gettext_noop("书证、文书")
    PHYSICAL = "physical", gettext_noop("物证")
    BIOLOGICAL = "biological", gettext_noop("生物检材")
    ELECTRONIC = "electronic", gettext_noop("电子数据")
    MEDICAL = "medical", gettext_noop("病历、影像资料")
    OTHER = "other", gettext_noop("其他")


class AppraisalMaterial(BaseModel):
    """The materials log (通则 Art.12; 广东 Art.28; F2)."""

    commission = models.ForeignKey(AppraisalCommission, on_delete=models.PROTECT, related_name="materials")
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=MaterialKind.choices)
    quantity = models.CharField("数量", max_length=50)
    condition = models.CharField("性状、状态", max_length=200)
    storage = models.CharField("保管方式、位置", max_length=200)
    received_at = models.DateTimeField("接收时间")
    returned_at = models.DateTimeField("退还时间", null=True, blank=True)

    class Meta:
        verbose_name = "鉴定材料"
        verbose_name_plural = "鉴定材料"
        ordering = ("received_at", "id")

    def __str__(self) -> str:
        return f"{self.name}×{self.quantity}"


class HandoverDirection(models.TextChoices):
    RECEIVED = "received", gettext_noop("委托人移交鉴定机构")
    INTERNAL = "internal", gettext_noop("鉴定机构内部流转")
    RETURNED = "returned", gettext_noop("退还委托人")


class MaterialHandover(BaseModel):
    """Every hand-over of materials gets a numbered receipt (F2)."""

    commission = models.ForeignKey(AppraisalCommission, on_delete=models.PROTECT, related_name="handovers")
    receipt_number = models.CharField("交接单号", max_length=40, unique=True)
    direction = models.CharField("交接类型", max_length=20, choices=HandoverDirection.choices)
    material_ids = models.JSONField("交接材料")
    handed_by = models.CharField("移交人", max_length=50)
    received_by = models.CharField("接收人", max_length=50)
    at = models.DateTimeField("交接时间")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "材料交接"
        verbose_name_plural = "材料交接"
        ordering = ("at", "id")

    def __str__(self) -> str:
        return self.receipt_number


class RefusalReason(models.TextChoices):
    """通则 Art.15: a commission that may not be accepted (F3)."""

    OUT_OF_SCOPE = "out_of_scope", gettext_noop("委托鉴定事项超出本机构司法鉴定业务范围")
    MATERIALS = "materials", gettext_noop("鉴定材料不真实、不完整、不充分或者取得方式不合法")
    UNLAWFUL_USE = "unlawful_use", gettext_noop("鉴定用途不合法或者违背社会公德")
    RULES = "rules", gettext_noop("鉴定要求不符合司法鉴定执业规则或者相关鉴定技术规范")
    CAPACITY = "capacity", gettext_noop("鉴定要求超出本机构技术条件或者鉴定能力")
    DUPLICATE = "duplicate", gettext_noop("委托人就同一鉴定事项同时委托其他司法鉴定机构进行鉴定")
    OTHER = "other", gettext_noop("其他不符合法律、法规、规章规定的情形")


class AppraisalRefusal(BaseModel):
    commission = models.OneToOneField(AppraisalCommission, on_delete=models.PROTECT, related_name="refusal")
    reason = models.CharField("不予受理理由", max_length=20, choices=RefusalReason.choices)
    explanation = models.TextField("说明")
    materials_returned_at = models.DateTimeField("退还鉴定材料时间")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "不予受理鉴定委托"
        verbose_name_plural = "不予受理鉴定委托"

    def __str__(self) -> str:
        return self.get_reason_display()


class AppraiserAssignment(BaseModel):
    """An appraiser on the matter; at least two not recused (通则 Art.19-21; F5, F8)."""

    commission = models.ForeignKey(AppraisalCommission, on_delete=models.PROTECT, related_name="appraisers")
    practitioner = models.ForeignKey(
        "directory.Practitioner", verbose_name="司法鉴定人", on_delete=models.PROTECT
    )
    conflict_declared = models.TextField("利害关系声明", blank=True)
    recused = models.BooleanField("已回避", default=False)

    class Meta:
        verbose_name = "承办鉴定人"
        verbose_name_plural = "承办鉴定人"
        constraints = [models.UniqueConstraint(fields=("commission", "practitioner"), name="appraiser_once")]

    def __str__(self) -> str:
        return str(self.practitioner)


class RecusalSource(models.TextChoices):
    SELF = "self", gettext_noop("鉴定人自行提出")
    CLIENT = "client", gettext_noop("委托人申请")


class RecusalDecision(BaseModel):
    assignment = models.ForeignKey(
        AppraiserAssignment, on_delete=models.PROTECT, related_name="recusal_decisions"
    )
    source = models.CharField("提出方", max_length=10, choices=RecusalSource.choices)
    grounds = models.TextField("回避理由")
    recused = models.BooleanField("决定回避")
    note = models.TextField("决定说明", blank=True)
    decided_at = models.DateTimeField("决定时间")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "回避决定"
        verbose_name_plural = "回避决定"

    def __str__(self) -> str:
        return f"{self.assignment_id} {'回避' if self.recused else '不回避'}"


class AppraisalExtension(BaseModel):
    """One approved extension of at most 30 working days, the client told (通则 Art.28; F6)."""

    commission = models.OneToOneField(AppraisalCommission, on_delete=models.PROTECT, related_name="extension")
    reason = models.TextField("延长理由")
    approved_by = models.CharField("批准人（机构负责人）", max_length=50)
    client_told_at = models.DateTimeField("告知委托人时间")
    client_told_how = models.CharField("告知方式", max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "延长鉴定时限"
        verbose_name_plural = "延长鉴定时限"

    def __str__(self) -> str:
        return f"延长 {self.commission_id}"


class AppraisalOpinion(BaseModel):
    """司法鉴定意见书 (通则 Art.36-37; F9)."""

    commission = models.OneToOneField(AppraisalCommission, on_delete=models.PROTECT, related_name="opinion")
    number = models.CharField("意见书编号", max_length=60, unique=True)
    basis = models.TextField("检验过程和分析说明")
    conclusion = models.TextField("鉴定意见")
    drafted_at = models.DateTimeField("制作时间")
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "司法鉴定意见书"
        verbose_name_plural = "司法鉴定意见书"

    def __str__(self) -> str:
        return self.number


class OpinionSignature(BaseModel):
    opinion = models.ForeignKey(AppraisalOpinion, on_delete=models.PROTECT, related_name="signatures")
    practitioner = models.ForeignKey("directory.Practitioner", on_delete=models.PROTECT, related_name="+")
    dissent = models.TextField("不同意见", blank=True)
    signed_at = models.DateTimeField("签名时间")

    class Meta:
        verbose_name = "鉴定人签名"
        verbose_name_plural = "鉴定人签名"
        constraints = [
            models.UniqueConstraint(fields=("opinion", "practitioner"), name="opinion_signed_once")
        ]

    def __str__(self) -> str:
        return f"{self.opinion_id}:{self.practitioner_id}"
