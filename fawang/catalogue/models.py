"""The public legal service item catalogue (公共法律服务事项清单, G3, G4).

司发通〔2019〕97号 (2019-09-27) has each province publish a list of its public legal services; every item states its
target group, content, mode, fee status, provider and basis (G3; 山东条例 Art.47). Free items stay free (G4): the
rule is checked in the services and held again by a database constraint.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.cases.states import ServiceType
from fawang.core.models import BaseModel


class ServiceKind(models.TextChoices):
    """The kinds of public legal service. Values shared with cases.ServiceType mean the same service."""

    EDUCATION = "education", _("法治宣传教育")
    CONSULTATION = "consultation", _("法律咨询")
    LEGAL_AID = "legal_aid", _("法律援助")
    MEDIATION = "mediation", _("人民调解")
    NOTARY = "notary", _("公证")
    APPRAISAL = "appraisal", _("司法鉴定")
    ARBITRATION = "arbitration", _("仲裁")
    LAWYER = "lawyer", _("律师服务")
    GUIDANCE = "guidance", _("热线、网络法律服务指引")
    OTHER = "other", _("其他")


# G4, fixed for these kinds: 普法, legal consultation, legal aid, people's mediation, and hotline or online guidance
# are free of charge (山东条例 Art.16, 20; 法律援助法 Art.2: legal aid is free; 人民调解法 Art.4: mediation charges
# nothing; 公共法律服务 policy of 司发通〔2019〕97号). The one place that says so: services, the CheckConstraint below
# and the public page all read this tuple.
FREE_KINDS: tuple[ServiceKind, ...] = (
    ServiceKind.EDUCATION,
    ServiceKind.CONSULTATION,
    ServiceKind.LEGAL_AID,
    ServiceKind.MEDIATION,
    ServiceKind.GUIDANCE,
)

# The 工单 service type that handles an item of this kind, where one exists.
CASE_SERVICE_TYPE: dict[ServiceKind, ServiceType] = {
    ServiceKind.CONSULTATION: ServiceType.CONSULTATION,
    ServiceKind.LEGAL_AID: ServiceType.LEGAL_AID,
    ServiceKind.MEDIATION: ServiceType.MEDIATION,
    ServiceKind.NOTARY: ServiceType.NOTARY,
    ServiceKind.APPRAISAL: ServiceType.APPRAISAL,
    ServiceKind.LAWYER: ServiceType.LAWYER_REFERRAL,
}


class ServiceMode(models.TextChoices):
    WINDOW = "window", _("窗口")
    HOTLINE = "hotline", _("热线")
    ONLINE = "online", _("网络")
    VISIT = "visit", _("上门/巡回")  # G9
    KIOSK = "kiosk", _("自助终端")  # G10


class FeeStatus(models.TextChoices):
    FREE = "free", _("免费")
    CHARGED = "charged", _("收费")


class ProviderKind(models.TextChoices):
    """Who provides the item (提供主体). Values shared with directory.InstitutionKind mean the same institution."""

    JUSTICE_BUREAU = "justice_bureau", _("司法行政机关")
    SERVICE_CENTRE = "service_centre", _("公共法律服务中心（站、室）")
    HOTLINE = "hotline", _("12348公共法律服务热线")
    ONLINE = "online", _("12348公共法律服务网")
    LEGAL_AID_CENTRE = "legal_aid_centre", _("法律援助机构")
    LAW_FIRM = "law_firm", _("律师事务所")
    GRASSROOTS_OFFICE = "grassroots_office", _("基层法律服务所")
    NOTARY_OFFICE = "notary_office", _("公证机构")
    APPRAISAL_INSTITUTION = "appraisal_institution", _("司法鉴定机构")
    MEDIATION_COMMITTEE = "mediation_committee", _("人民调解委员会")
    ARBITRATION_COMMISSION = "arbitration_commission", _("仲裁委员会")
    JUSTICE_OFFICE = "justice_office", _("司法所")


class ServiceItem(BaseModel):
    """One item of a province's 事项清单 (G3). Retired items are kept with a reason, not deleted (STYLE §16)."""

    province = models.ForeignKey(
        "regions.Region", verbose_name="省（区、市）", on_delete=models.PROTECT, related_name="service_items"
    )
    code = models.CharField("事项编码", max_length=30)
    name = models.CharField("事项名称", max_length=100)
    kind = models.CharField("服务类别", max_length=20, choices=ServiceKind.choices)
    target_group = models.CharField("服务对象", max_length=300)
    content = models.TextField("服务内容")
    modes = models.JSONField("服务方式", default=list)
    fee_status = models.CharField(
        "收费情况", max_length=10, choices=FeeStatus.choices, default=FeeStatus.FREE
    )
    fee_basis = models.CharField("收费依据", max_length=300, blank=True)
    provider_kind = models.CharField("提供主体类别", max_length=30, choices=ProviderKind.choices)
    provider_name = models.CharField("提供主体", max_length=200, blank=True)
    basis = models.TextField("设立依据")
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("截止日期", null=True, blank=True)
    active = models.BooleanField("公开", default=True)
    retire_reason = models.CharField("停用原因", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("显示顺序", default=0)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        "accounts.User", verbose_name="最后修改人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "公共法律服务事项"
        verbose_name_plural = "公共法律服务事项清单"
        ordering = ("province__code", "order", "code")
        indexes = [
            models.Index(fields=("province", "active", "order"), name="catalogue_item_public_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=("province", "code"), name="catalogue_item_code_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ServiceKind.values), name="catalogue_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(fee_status__in=FeeStatus.values), name="catalogue_fee_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(provider_kind__in=ProviderKind.values),
                name="catalogue_provider_kind_valid",
            ),
            # G4 (山东条例 Art.16, 20): the free kinds can never be marked as charged.
            models.CheckConstraint(
                condition=models.Q(fee_status=FeeStatus.FREE)
                | ~models.Q(kind__in=[k.value for k in FREE_KINDS]),
                name="catalogue_free_kind_not_charged",
            ),
            # A charged item names what its fee follows (e.g. the price authority's approved standard).
            models.CheckConstraint(
                condition=models.Q(fee_status=FeeStatus.FREE) | ~models.Q(fee_basis=""),
                name="catalogue_charged_item_has_fee_basis",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="catalogue_effective_range_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def provider_label(self) -> str:
        return self.provider_name or str(self.get_provider_kind_display())

    @property
    def mode_labels(self) -> list[str]:
        labels = dict(ServiceMode.choices)
        return [str(labels.get(m, m)) for m in self.modes]  # in the active language (L8)
