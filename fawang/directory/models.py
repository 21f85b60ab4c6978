"""The physical platform (实体平台) and the service network: sites, institutions, practitioners (G1, O1-O5)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy

from fawang.cases.states import ServiceType
from fawang.core.models import BaseModel


class SiteKind(models.TextChoices):
    CENTRE = "centre", "公共法律服务中心"
    STATION = "station", "公共法律服务工作站"
    ROOM = "room", "公共法律服务工作室"
    HOTLINE = "hotline", "12348热线中心"
    ONLINE = "online", "网络平台"


class Site(BaseModel):
    kind = models.CharField("类型", max_length=10, choices=SiteKind.choices)
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="sites"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    opening_hours = models.CharField("开放时间", max_length=200, blank=True)
    services = models.JSONField("提供服务", default=list, blank=True)
    accessibility = models.JSONField("无障碍设施", default=list, blank=True)  # L5, L10
    justice_office = models.ForeignKey(
        "Institution",
        verbose_name="依托司法所",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stations",
    )

    class Meta:
        verbose_name = "服务站点"
        verbose_name_plural = "服务站点"
        ordering = ("region__code", "kind")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=SiteKind.values), name="site_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class InstitutionKind(models.TextChoices):
    LEGAL_AID_CENTRE = "legal_aid_centre", "法律援助中心"
    LAW_FIRM = "law_firm", "律师事务所"
    GRASSROOTS_OFFICE = "grassroots_office", "基层法律服务所"
    NOTARY_OFFICE = "notary_office", "公证处"
    APPRAISAL_INSTITUTION = "appraisal_institution", "司法鉴定机构"
    MEDIATION_COMMITTEE = "mediation_committee", "人民调解委员会"
    JUSTICE_OFFICE = "justice_office", "司法所"


class AccessibleService(models.TextChoices):
    """Accessible services an institution offers to disabled and elderly people (L6; 无障碍环境建设法 Art.41,
    法律援助法 Art.45). `sign_language` and `home_visit` are the codes of the matching L7 adaptation needs
    (`people.AdaptationNeed`); `braille_large_print` meets both `braille` and `large_print`. Which of them a legal-aid
    centre must offer is in `directory/accessibility.py`."""

    BARRIER_FREE_ACCESS = "barrier_free_access", gettext_lazy("无障碍通道和设施")
    SIGN_LANGUAGE = "sign_language", gettext_lazy("手语服务（国家通用手语）")
    BRAILLE_LARGE_PRINT = "braille_large_print", gettext_lazy("盲文或大字材料")
    HOME_VISIT = "home_visit", gettext_lazy("上门服务")
    PRIORITY = "priority", gettext_lazy("优先办理（绿色通道）")
    REMOTE = "remote", gettext_lazy("电话或视频远程服务")
    ACCOMPANIMENT = "accompaniment", gettext_lazy("陪同或帮办代办")


class Institution(BaseModel):
    kind = models.CharField("类型", max_length=30, choices=InstitutionKind.choices)
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="institutions"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    licence_number = models.CharField("执业许可证号", max_length=50, blank=True)
    services = models.JSONField("业务范围", default=list, blank=True)
    # L6: the accessible services offered (AccessibleService codes, in declaration order), written only by
    # fawang.supervision.accessibility.institution_accessibility_set. Never recorded while `_recorded_at` is empty.
    accessible_services = models.JSONField("无障碍服务", default=list, blank=True)
    accessibility_note = models.CharField("无障碍服务说明", max_length=200, blank=True)
    accessibility_recorded_at = models.DateTimeField("无障碍服务登记时间", null=True, blank=True)
    accessibility_recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name="无障碍服务登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "法律服务机构"
        verbose_name_plural = "法律服务机构"
        ordering = ("region__code", "kind", "name")

    def __str__(self) -> str:
        return self.name

    @property
    def accessible_service_items(self) -> list[dict[str, str]]:
        """The offered services as code and Chinese label, for the directory page and API (L6)."""
        labels = dict(AccessibleService.choices)
        return [{"code": code, "label": str(labels.get(code, code))} for code in self.accessible_services]


class PractitionerKind(models.TextChoices):
    LAWYER = "lawyer", "律师"
    GRASSROOTS_WORKER = "grassroots_worker", "基层法律服务工作者"
    NOTARY = "notary", "公证员"
    APPRAISER = "appraiser", "司法鉴定人"
    MEDIATOR = "mediator", "人民调解员"
    LEGAL_AID_STAFF = "legal_aid_staff", "法律援助工作人员"


class Practitioner(BaseModel):
    kind = models.CharField("类型", max_length=20, choices=PractitionerKind.choices)
    name = models.CharField("姓名", max_length=50)
    licence_number = models.CharField("执业证号", max_length=50, unique=True)
    practice_start = models.DateField("执业起始日期")  # C10: 3+ years for capital cases
    specialties = models.JSONField("擅长领域", default=list, blank=True)
    institution = models.ForeignKey(
        Institution, verbose_name="所属机构", on_delete=models.PROTECT, related_name="practitioners"
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    user = models.OneToOneField(
        "accounts.User",
        verbose_name="账户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner",
    )
    active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = "法律服务人员"
        verbose_name_plural = "法律服务人员"
        ordering = ("institution", "name")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class SanctionKind(models.TextChoices):
    """行政处罚 by the bureau (律师法 Art.47-49, 公证法 Art.41-42) and 行业处分 by the association (O3)."""

    WARNING = "warning", "警告"
    FINE = "fine", "罚款"
    CONFISCATION = "confiscation", "没收违法所得"
    SUSPENSION = "suspension", "停止执业"
    REVOCATION = "revocation", "吊销执业证书"
    ADMONITION = "admonition", "训诫（行业处分）"
    CIRCULATED_CRITICISM = "circulated_criticism", "通报批评（行业处分）"
    PUBLIC_CENSURE = "public_censure", "公开谴责（行业处分）"
    MEMBERSHIP_SUSPENDED = "membership_suspended", "中止会员权利（行业处分）"
    MEMBERSHIP_CANCELLED = "membership_cancelled", "取消会员资格（行业处分）"


class PractitionerSanction(BaseModel):
    """One sanction on a practitioner's credit record (O3; 山东条例 Art.45). Never deleted: a sanction quashed on
    review or appeal keeps its row with `quashed_on` and stops counting (directory/credit.py)."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name="法律服务人员", on_delete=models.PROTECT, related_name="sanctions"
    )
    kind = models.CharField("处罚（处分）种类", max_length=24, choices=SanctionKind.choices)
    authority = models.CharField("决定机关", max_length=100)
    decision_number = models.CharField("决定书文号", max_length=100)
    decided_on = models.DateField("决定日期")
    suspended_until = models.DateField("停止执业截止日期", null=True, blank=True)
    summary = models.CharField("主要违法违规事实", max_length=300)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    quashed_on = models.DateField("撤销日期", null=True, blank=True)
    quash_reason = models.CharField("撤销理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "执业处罚（处分）记录"
        verbose_name_plural = "执业处罚（处分）记录"
        indexes = [models.Index(fields=("practitioner", "decided_on"), name="sanction_practitioner_idx")]

    def __str__(self) -> str:
        return f"{self.practitioner.name} {self.get_kind_display()} {self.decision_number}"


class VillageAdviserAssignment(BaseModel):
    """一村（社区）一法律顾问 (O4): one active adviser per village."""

    village = models.ForeignKey(
        "regions.Region",
        verbose_name="村（社区）",
        on_delete=models.PROTECT,
        related_name="adviser_assignments",
    )
    practitioner = models.ForeignKey(
        Practitioner, verbose_name="法律顾问", on_delete=models.PROTECT, related_name="village_assignments"
    )
    valid_from = models.DateField("起始日期")
    valid_to = models.DateField("终止日期", null=True, blank=True)

    class Meta:
        verbose_name = "村（居）法律顾问"
        verbose_name_plural = "村（居）法律顾问"
        constraints = [
            models.UniqueConstraint(
                fields=("village",),
                condition=models.Q(valid_to__isnull=True),
                name="one_active_adviser_per_village",
            ),
        ]


class StewardRole(models.TextChoices):
    LAWYER = "lawyer", "律师"
    APPRAISER = "appraiser", "司法鉴定人"
    NOTARY = "notary", "公证员"
    LEGAL_AID = "legal_aid", "法律援助联络人"


class StewardContact(BaseModel):
    """法律管家 contact table of a township station (O5, G8)."""

    station = models.ForeignKey(
        Site, verbose_name="工作站", on_delete=models.CASCADE, related_name="stewards"
    )
    role = models.CharField("职责", max_length=20, choices=StewardRole.choices)
    practitioner = models.ForeignKey(Practitioner, verbose_name="人员", on_delete=models.PROTECT)

    class Meta:
        verbose_name = "法律管家"
        verbose_name_plural = "法律管家"
        constraints = [
            models.UniqueConstraint(fields=("station", "role", "practitioner"), name="steward_unique"),
        ]


class AdviserServiceKind(models.TextChoices):
    """What a village legal adviser did (O4; 山东条例 Art.19): the counts feed coverage figures."""

    VISIT = "visit", "走访（驻村服务）"
    CONSULTATION = "consultation", "法律咨询"
    OPINION = "opinion", "村务法律意见"
    LECTURE = "lecture", "普法讲座"
    MEDIATION_SUPPORT = "mediation_support", "参与矛盾纠纷调解"


class AdviserServiceLog(BaseModel):
    """One service by a village legal adviser in a paired village (O4). Written by fawang.resettlement.adviser_log."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name="法律顾问", on_delete=models.PROTECT, related_name="service_logs"
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name="村（社区）",
        on_delete=models.PROTECT,
        related_name="adviser_service_logs",
    )
    kind = models.CharField("服务类型", max_length=20, choices=AdviserServiceKind.choices)
    happened_on = models.DateField("服务日期")
    topic = models.CharField("主题", max_length=200)
    summary = models.TextField("服务情况", blank=True)
    attendees = models.PositiveIntegerField("参加人数", default=0)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "村（居）法律顾问服务记录"
        verbose_name_plural = "村（居）法律顾问服务记录"
        ordering = ("-happened_on", "-id")
        indexes = [models.Index(fields=("village", "happened_on"), name="adviser_log_village_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AdviserServiceKind.values), name="adviser_log_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.happened_on} {self.kind}"


class WindowPost(BaseModel):
    """A numbered service window of a physical site and the services it takes in (G6: 窗口岗位设置).

    An empty `service_types` list means a comprehensive window (综合受理窗口) that takes every service. Windows are
    closed with a reason, never deleted: receipts keep pointing at the window that received the citizen.
    """

    site = models.ForeignKey(Site, verbose_name="站点", on_delete=models.PROTECT, related_name="windows")
    number = models.PositiveSmallIntegerField("窗口号")
    name = models.CharField("窗口名称", max_length=50)
    service_types = models.JSONField("受理服务", default=list, blank=True)
    active = models.BooleanField("启用", default=True)
    closed_reason = models.CharField("停用原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "服务窗口"
        verbose_name_plural = "服务窗口"
        ordering = ("site", "number")
        constraints = [
            models.UniqueConstraint(fields=("site", "number"), name="window_post_site_number_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=99), name="window_post_number_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}号窗口（{self.name}）"

    @property
    def services_display(self) -> str:
        labels = dict(ServiceType.choices)
        return "、".join(str(labels.get(s, s)) for s in self.service_types) or "综合受理（各类服务）"

    def takes(self, service_type: str) -> bool:
        return not self.service_types or service_type in self.service_types
