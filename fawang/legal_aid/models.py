"""Legal aid (法律援助法 2021) on the unified 工单: the application and everything the agency records about it.

The 工单 (`cases.Case`) keeps the status, the clocks and the event log; these rows hold the statutory facts:
application (C19, A17, C4), eligibility snapshots (X4), materials and receipts (C7), the one-time notice (C6),
decisions with grounds (C5, C11, C12), documents (PDF, rendered from the stored snapshot), assignments (C10,
C21), progress notes (C23), closing (C13), feedback and complaints (C14), quality checks (K8), window receipts
(issue 6 item 1), transfers between agencies (C20), recusal requests (C21) and the per-region configuration
that has no national figure (C11 window, C13, C21 recusal period, C23).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy, gettext_noop

from fawang.core.crypto import EncryptedJSONField
from fawang.core.models import BaseModel
from fawang.legal_aid.codes import (
    MATTER_CHOICES,
    PROCEEDING_CHOICES,
    IntakeKind,
    NotifierKind,
    VerificationMode,
)

USER = settings.AUTH_USER_MODEL


class LegalAidApplication(BaseModel):
    case = models.OneToOneField(
        "cases.Case", verbose_name="工单", on_delete=models.PROTECT, related_name="legal_aid_application"
    )
    intake_kind = models.CharField(
        "申请类型", max_length=20, choices=IntakeKind.choices, default=IntakeKind.APPLICATION
    )
    agency_region = models.CharField("受理机构所在地区", max_length=100)
    matter = models.CharField("申请事项", max_length=40, choices=MATTER_CHOICES, blank=True)
    facts_and_reasons = models.TextField("案情及申请理由", blank=True)
    economic_situation = models.TextField("经济状况说明", blank=True)
    household = models.TextField("家庭成员情况", blank=True)
    monthly_income_per_capita = models.DecimalField(
        "家庭人均月收入（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    household_size = models.PositiveSmallIntegerField("家庭人口数", null=True, blank=True)
    has_large_assets = models.BooleanField("拥有大额财产", null=True, blank=True)
    hardship_expense = models.BooleanField("因突发事件等支出大于收入", null=True, blank=True)
    grounds = models.JSONField("第三十二条情形", default=list, blank=True)
    applicant_groups = models.JSONField("第四十二条免予核查情形", default=list, blank=True)
    verification_mode = models.CharField(
        "经济困难核查方式", max_length=20, choices=VerificationMode.choices, blank=True
    )
    # C9: notices from courts, procuratorates and police; detained applicants.
    notifier_kind = models.CharField("通知机关类型", max_length=20, choices=NotifierKind.choices, blank=True)
    notifier_name = models.CharField("通知机关", max_length=100, blank=True)
    notice_number = models.CharField("通知书文号", max_length=100, blank=True)
    detained = models.BooleanField("被羁押", default=False)
    custody_place = models.CharField("羁押场所", max_length=100, blank=True)
    capital_case = models.BooleanField("可能判处无期徒刑、死刑或死刑复核案件", default=False)  # C10
    # C21: the other side, to keep both aided parties with different firms.
    opposing_party_name = models.CharField("对方当事人", max_length=50, blank=True)
    opposing_party = models.ForeignKey(
        "people.Person",
        verbose_name="对方当事人（已登记）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # C8: pre-emptive aid.
    limitation_deadline = models.DateField("法定时效或期限届满日", null=True, blank=True)
    urgent_preservation = models.BooleanField("需立即申请保全或先予执行", default=False)
    provisional_at = models.DateTimeField("先行提供法律援助时间", null=True, blank=True)
    # C20, Art.38: the places that decide which agency is competent (region codes at any level).
    proceeding = models.CharField("诉讼或非诉讼事项", max_length=20, choices=PROCEEDING_CHOICES, blank=True)
    body_region = models.ForeignKey(
        "regions.Region",
        verbose_name="办案机关或争议处理机关所在地",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    events_region = models.ForeignKey(
        "regions.Region",
        verbose_name="事由发生地",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # C22: a 司法救助 decision, which proves hardship where the local standard says so.
    judicial_assistance_decision = models.BooleanField("持有司法救助决定", default=False)
    # A17: someone applying for the applicant.
    proxy_name = models.CharField("代为申请人", max_length=50, blank=True)
    proxy_relationship = models.CharField("与申请人关系", max_length=50, blank=True)
    proxy_authority = models.CharField("代理权限及依据", max_length=200, blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = (
            "facts_and_reasons",
            "economic_situation",
            "household",
            "opposing_party_name",
            "proxy_name",
        )
        sensitive: ClassVar[tuple[str, ...]] = ("economic_situation", "monthly_income_per_capita")

    class Meta:
        verbose_name = "法律援助申请"
        verbose_name_plural = "法律援助申请"

    def __str__(self) -> str:
        return f"{self.case_id} 法律援助申请"

    @property
    def is_notice(self) -> bool:
        return self.intake_kind == IntakeKind.NOTICE


class EligibilitySnapshot(BaseModel):
    """The engine's inputs and answer, one row per change of facts (X4); never updated."""

    application = models.ForeignKey(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="snapshots"
    )
    facts = models.JSONField("输入事实")
    facts_digest = models.CharField("事实摘要", max_length=64)
    verdict = models.CharField("结论", max_length=20)
    means_test = models.CharField("经济困难审查", max_length=20)
    result = models.JSONField("审查结果")
    rule_version = models.CharField("适用标准", max_length=80, blank=True)
    rule_revision = models.PositiveIntegerField("标准修订版本", null=True, blank=True)
    actor = models.ForeignKey(USER, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "资格审查快照"
        verbose_name_plural = "资格审查快照"
        ordering = ("application", "id")

    def __str__(self) -> str:
        return f"{self.application_id} {self.verdict}"


# L8: labels that the services print in documents, event reasons or the audit log are marked with gettext_noop
# (they stay Chinese there, ADR 0106) and translated by the pages that show them; the others are lazy.
class CopyKind(models.TextChoices):
    ORIGINAL = "original", gettext_noop("原件")
    COPY = "copy", gettext_noop("复印件")
    ELECTRONIC = "electronic", gettext_noop("电子件")


class Material(BaseModel):
    """One received item (C7): the receipt lists name, quantity and date of each."""

    application = models.ForeignKey(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="materials"
    )
    name = models.CharField("材料名称", max_length=100)
    quantity = models.PositiveSmallIntegerField("份数", default=1)
    copy_kind = models.CharField("形式", max_length=20, choices=CopyKind.choices, default=CopyKind.COPY)
    received_on = models.DateField("接收日期")
    received_by = models.ForeignKey(USER, verbose_name="接收人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ("received_on", "id")

    def __str__(self) -> str:
        return f"{self.name}×{self.quantity}"


class MissingItemsNotice(BaseModel):
    """一次性告知 (C6): at most one per application, enforced by the database."""

    application = models.OneToOneField(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="missing_notice"
    )
    items = models.JSONField("需补充的材料")
    reply_by = models.DateField("补充期限")
    issued_by = models.ForeignKey(USER, verbose_name="告知人", on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField("补充时间", null=True, blank=True)

    class Meta:
        verbose_name = "一次性告知书"
        verbose_name_plural = "一次性告知书"

    def __str__(self) -> str:
        return f"{self.application_id} 一次性告知"


class DecisionKind(models.TextChoices):
    ACCEPT = "accept", gettext_noop("受理")
    GRANT = "grant", gettext_noop("给予法律援助")
    REFUSE = "refuse", gettext_noop("不予法律援助")
    PROVISIONAL = "provisional", gettext_noop("先行提供法律援助")
    TERMINATE = "terminate", gettext_noop("终止法律援助")
    WITHDRAWN = "withdrawn", gettext_noop("视为撤回")


class Decision(BaseModel):
    application = models.ForeignKey(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField("决定", max_length=20, choices=DecisionKind.choices)
    ground = models.CharField("法定事由", max_length=40, blank=True)
    citation = models.CharField("法律依据", max_length=200, blank=True)
    reasons = models.TextField("理由")
    verification_mode = models.CharField(
        "经济困难核查方式", max_length=20, choices=VerificationMode.choices, blank=True
    )
    snapshot = models.ForeignKey(
        EligibilitySnapshot, verbose_name="审查快照", null=True, blank=True, on_delete=models.PROTECT
    )
    decided_by = models.ForeignKey(USER, verbose_name="决定人", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间")

    class Meta:
        verbose_name = "法律援助决定"
        verbose_name_plural = "法律援助决定"
        ordering = ("decided_at", "id")

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"


class DocumentKind(models.TextChoices):
    ACCEPTANCE_NOTICE = "acceptance_notice", gettext_noop("法律援助申请受理通知书")
    MATERIALS_RECEIPT = "materials_receipt", gettext_noop("法律援助申请材料接收凭证")
    MISSING_ITEMS_NOTICE = "missing_items_notice", gettext_noop("法律援助申请补充材料一次性告知书")
    GRANT_DECISION = "grant_decision", gettext_noop("给予法律援助决定书")
    REFUSAL_DECISION = "refusal_decision", gettext_noop("不予法律援助决定书")
    ASSIGNMENT_NOTICE = "assignment_notice", gettext_noop("指派通知书")
    TERMINATION_DECISION = "termination_decision", gettext_noop("终止法律援助决定书")
    OBJECTION_DECISION = "objection_decision", gettext_noop("法律援助异议审查决定书")
    WINDOW_RECEIPT = "window_receipt", gettext_noop("公共法律服务受理回执")
    TRANSFER_LETTER = "transfer_letter", gettext_noop("法律援助申请移送函")


class Document(BaseModel):
    """An issued document: its number and the content snapshot the PDF is rendered from (always the record)."""

    case = models.ForeignKey("cases.Case", verbose_name="工单", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文书", max_length=30, choices=DocumentKind.choices)
    number = models.CharField("文书编号", max_length=60, unique=True)
    content = EncryptedJSONField("文书内容")  # quotes ID numbers and addresses: encrypted at rest (M3)
    issued_by = models.ForeignKey(USER, verbose_name="出具人", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("出具时间")

    class Meta:
        verbose_name = "法律文书"
        verbose_name_plural = "法律文书"
        ordering = ("issued_at", "id")

    def __str__(self) -> str:
        return self.number


class AllocationMethod(models.TextChoices):
    """X3: how an assignment was made. Course corrections are left out of the fairness statistics."""

    SUGGESTED = "suggested", gettext_lazy("按系统建议")
    MANUAL = "manual", gettext_lazy("人工指定")
    COURSE_CORRECTION = "course_correction", gettext_lazy("纠正性指派（不计入均衡统计）")
    SECOND_OPINION = "second_opinion", gettext_lazy("第二意见")


class AllocationPool(models.TextChoices):
    """X3: allocations are balanced per county and kind of aid; criminal matters go to lawyers only (Art.25, 26)."""

    CRIMINAL = "criminal", gettext_lazy("刑事")
    CIVIL = "civil", gettext_lazy("民事、行政")


class Assignment(BaseModel):
    """Who handles the aid (Art.43 assignment, Art.44 provisional aid, C14 change of lawyer)."""

    application = models.ForeignKey(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="assignments"
    )
    practitioner = models.ForeignKey(
        "directory.Practitioner", verbose_name="法律援助人员", on_delete=models.PROTECT, related_name="+"
    )
    provisional = models.BooleanField("先行提供", default=False)
    assigned_by = models.ForeignKey(USER, verbose_name="指派人", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField("指派时间")
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    end_reason = models.CharField("结束原因", max_length=200, blank=True)
    # X3: how the practitioner was chosen, and from which pool the fairness statistics count it.
    method = models.CharField(
        "指派方式", max_length=20, choices=AllocationMethod.choices, default=AllocationMethod.MANUAL
    )
    override_reason = models.CharField("未按系统建议指派的理由", max_length=200, blank=True)
    pool = models.CharField("案件类别", max_length=10, choices=AllocationPool.choices, blank=True)

    class Meta:
        verbose_name = "指派记录"
        verbose_name_plural = "指派记录"
        ordering = ("assigned_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("application",),
                condition=models.Q(ended_at__isnull=True),
                name="one_open_aid_assignment",
            ),
        ]
        indexes = [models.Index(fields=("pool", "assigned_at"), name="aid_assignment_pool_idx")]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.practitioner_id}"


class ProgressNote(BaseModel):
    """C23, Art.46: the aid lawyer's progress reports to the recipient."""

    application = models.ForeignKey(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="progress_notes"
    )
    author = models.ForeignKey(USER, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间")
    content = models.TextField("办理进展")
    reported_to_recipient = models.BooleanField("已告知受援人", default=True)

    class Meta:
        verbose_name = "办理进展"
        verbose_name_plural = "办理进展"
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.application_id} {self.at:%Y-%m-%d}"


class Closing(BaseModel):
    """C13, Art.50: copies of the legal documents and a handling report, filed by the aid lawyer."""

    application = models.OneToOneField(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="closing"
    )
    report = models.TextField("办理情况报告")
    result = models.CharField("案件结果", max_length=200)
    matter_ended_on = models.DateField("法律援助事项办理结束日期")
    documents = models.ManyToManyField("cases.Attachment", verbose_name="法律文书副本", related_name="+")
    submitted_by = models.ForeignKey(USER, verbose_name="提交人", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "结案材料"
        verbose_name_plural = "结案材料"

    def __str__(self) -> str:
        return f"{self.application_id} 结案"


class ObjectionOutcome(models.TextChoices):
    UPHOLD = "uphold", gettext_noop("维持法律援助机构的决定")
    CORRECT = "correct", gettext_noop("责令法律援助机构改正")


class Objection(BaseModel):
    """C11, Art.49: objection to a refusal or termination, decided by the justice bureau within 5 days."""

    application = models.ForeignKey(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="objections"
    )
    decision = models.ForeignKey(Decision, verbose_name="异议所针对的决定", on_delete=models.PROTECT)
    reasons = models.TextField("异议理由")
    filed_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField("提出时间")
    outcome = models.CharField("审查结果", max_length=10, choices=ObjectionOutcome.choices, blank=True)
    outcome_reasons = models.TextField("审查理由", blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name="审查人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审查时间", null=True, blank=True)

    class Meta:
        verbose_name = "法律援助异议"
        verbose_name_plural = "法律援助异议"
        ordering = ("filed_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("application",), condition=models.Q(outcome=""), name="one_pending_aid_objection"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} 异议"


class FeedbackKind(models.TextChoices):
    FEEDBACK = "feedback", gettext_noop("意见反馈")
    COMPLAINT = "complaint", gettext_noop("投诉")
    NEW_LAWYER = "new_lawyer", gettext_noop("申请更换法律援助人员")


class Feedback(BaseModel):
    """C14, Art.55-56: what the recipient says, and the recorded outcome sent back to them."""

    application = models.ForeignKey(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="feedback"
    )
    kind = models.CharField("类型", max_length=20, choices=FeedbackKind.choices)
    content = models.TextField("内容")
    submitted_by = models.ForeignKey(USER, verbose_name="提交人", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("提交时间")
    outcome = models.TextField("处理结果", blank=True)
    handled_by = models.ForeignKey(
        USER, verbose_name="处理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "受援人反馈"
        verbose_name_plural = "受援人反馈"
        ordering = ("submitted_at", "id")

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"


class QualityMethod(models.TextChoices):
    """K8, Art.59: the four quality measures."""

    HEARING = "hearing", gettext_noop("庭审旁听")
    FILE = "file", gettext_noop("案卷检查")
    JUDICIAL_OPINION = "judicial_opinion", gettext_noop("征询司法机关意见")
    CALLBACK = "callback", gettext_noop("回访受援人")


class QualityGrade(models.TextChoices):
    EXCELLENT = "excellent", gettext_lazy("优秀")
    PASS = "pass", gettext_lazy("合格")
    FAIL = "fail", gettext_lazy("不合格")


class QualityCheck(BaseModel):
    application = models.ForeignKey(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="quality_checks"
    )
    method = models.CharField("方式", max_length=20, choices=QualityMethod.choices)
    grade = models.CharField("评定", max_length=10, choices=QualityGrade.choices)
    findings = models.TextField("检查意见")
    checked_by = models.ForeignKey(USER, verbose_name="检查人", on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField("检查时间")

    class Meta:
        verbose_name = "质量检查"
        verbose_name_plural = "质量检查"
        ordering = ("checked_at", "id")

    def __str__(self) -> str:
        return f"{self.application_id} {self.method}"


class AidPolicy(BaseModel):
    """Local figures with no national value (C11 objection window, C13 filing period, C23 progress interval).

    Effective-dated per region subtree; null means "not configured here" (no national figure; never guessed).
    """

    region = models.ForeignKey(
        "regions.Region", verbose_name="适用辖区", on_delete=models.PROTECT, related_name="+"
    )
    effective_from = models.DateField("施行日期")
    objection_window_days = models.PositiveSmallIntegerField("异议期限（日）", null=True, blank=True)
    closing_filing_days = models.PositiveSmallIntegerField("结案材料提交期限（日）", null=True, blank=True)
    progress_interval_days = models.PositiveSmallIntegerField("进展告知间隔（日）", null=True, blank=True)
    recusal_working_days = models.PositiveSmallIntegerField(
        "回避申请决定期限（工作日）", null=True, blank=True
    )
    source = models.CharField("依据", max_length=300)
    created_by = models.ForeignKey(USER, verbose_name="录入人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "法律援助地方配置"
        verbose_name_plural = "法律援助地方配置"
        constraints = [
            models.UniqueConstraint(fields=("region", "effective_from"), name="aid_policy_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.effective_from}"


class WindowReceipt(BaseModel):
    """The receipt a window clerk prints at intake (实体平台, A13, G5, A16)."""

    case = models.OneToOneField(
        "cases.Case", verbose_name="工单", on_delete=models.PROTECT, related_name="window_receipt"
    )
    items = models.JSONField("收取材料", default=list, blank=True)  # [{"name", "quantity"}]
    answered_on_spot = models.BooleanField("当场解答", default=False)
    handling_unit = models.CharField("承办单位", max_length=200)
    next_steps = models.TextField("后续办理")
    duplicate_of = models.ForeignKey(
        "cases.Case",
        verbose_name="疑似重复工单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    duplicate_override_reason = models.CharField("仍新建的理由", max_length=300, blank=True)
    clerk = models.ForeignKey(USER, verbose_name="受理人", on_delete=models.PROTECT, related_name="+")
    window = models.ForeignKey(
        "directory.WindowPost",
        verbose_name="受理窗口",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
    )  # G6

    class Meta:
        verbose_name = "窗口受理回执"
        verbose_name_plural = "窗口受理回执"

    def __str__(self) -> str:
        return f"{self.case_id} 回执"


class Transfer(BaseModel):
    """C20, Art.38: the application moved to the competent agency; the 工单 event log has the same step."""

    application = models.ForeignKey(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="transfers"
    )
    from_institution = models.ForeignKey(
        "directory.Institution",
        verbose_name="移出机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_institution = models.ForeignKey(
        "directory.Institution", verbose_name="移入机构", on_delete=models.PROTECT, related_name="+"
    )
    from_region = models.ForeignKey(
        "regions.Region", verbose_name="原辖区", on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField("移送依据", max_length=200)
    reason = models.TextField("移送理由")
    transferred_by = models.ForeignKey(
        USER, verbose_name="移送人", on_delete=models.PROTECT, related_name="+"
    )
    transferred_at = models.DateTimeField("移送时间")

    class Meta:
        verbose_name = "法律援助申请移送记录"
        verbose_name_plural = "法律援助申请移送记录"
        ordering = ("transferred_at", "id")

    def __str__(self) -> str:
        return f"{self.application_id} → {self.to_institution_id}"


class RecusalOutcome(models.TextChoices):
    GRANTED = "granted", gettext_lazy("准予回避（更换承办人员）")
    REFUSED = "refused", gettext_lazy("驳回回避申请")


class Recusal(BaseModel):
    """C21 (杭州 2017 [L]): a request that the assigned person step aside, decided within the configured working
    days; ``due_on`` is null where no local period is configured (no national figure)."""

    application = models.ForeignKey(
        LegalAidApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="recusals"
    )
    practitioner = models.ForeignKey(
        "directory.Practitioner", verbose_name="被申请回避人员", on_delete=models.PROTECT, related_name="+"
    )
    grounds = models.TextField("回避理由")
    requested_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间")
    due_on = models.DateField("应决定日期", null=True, blank=True)
    outcome = models.CharField("决定", max_length=10, choices=RecusalOutcome.choices, blank=True)
    outcome_reasons = models.TextField("决定理由", blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name="决定人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)

    class Meta:
        verbose_name = "回避申请"
        verbose_name_plural = "回避申请"
        ordering = ("requested_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("application",), condition=models.Q(outcome=""), name="one_pending_aid_recusal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} 回避"


class RosterEntry(BaseModel):
    """O8: a lawyer or legal worker on a county's legal-aid roster (法律援助人员名册), with the weight of their share of
    allocations (X3) and the kinds of aid they take."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所在县（区）",
        on_delete=models.PROTECT,
        related_name="aid_roster_entries",
    )
    practitioner = models.ForeignKey(
        "directory.Practitioner",
        verbose_name="法律援助人员",
        on_delete=models.PROTECT,
        related_name="aid_roster_entries",
    )
    weight = models.PositiveSmallIntegerField("分配权重", default=1)
    criminal = models.BooleanField("承办刑事案件", default=True)
    civil = models.BooleanField("承办民事、行政案件", default=True)
    active = models.BooleanField("在册", default=True)
    note = models.CharField("备注", max_length=200, blank=True)
    updated_by = models.ForeignKey(
        USER, verbose_name="最后修改人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "法律援助人员名册"
        verbose_name_plural = "法律援助人员名册"
        ordering = ("region__code", "practitioner__name")
        constraints = [
            models.UniqueConstraint(fields=("region", "practitioner"), name="one_roster_entry_per_county"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=10), name="roster_weight_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner_id} @ {self.region_id} ×{self.weight}"


class RosterAbsence(BaseModel):
    """O8 availability: a period in which a rostered practitioner takes no new matters (leave, training, illness)."""

    practitioner = models.ForeignKey(
        "directory.Practitioner",
        verbose_name="法律援助人员",
        on_delete=models.PROTECT,
        related_name="aid_absences",
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    reason = models.CharField("原因", max_length=100)
    recorded_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "暂停分配期间"
        verbose_name_plural = "暂停分配期间"
        ordering = ("-starts_on", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="absence_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practitioner_id} {self.starts_on}–{self.ends_on}"


class DutyShift(BaseModel):
    """X3: who is on the out-of-hours rota (值班) of a county on a given day; suggestions outside office hours come
    from them."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所在县（区）",
        on_delete=models.PROTECT,
        related_name="aid_duty_shifts",
    )
    practitioner = models.ForeignKey(
        "directory.Practitioner",
        verbose_name="值班人员",
        on_delete=models.PROTECT,
        related_name="aid_duty_shifts",
    )
    on_date = models.DateField("值班日期")
    recorded_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "值班安排"
        verbose_name_plural = "值班安排"
        ordering = ("on_date", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("region", "practitioner", "on_date"), name="one_duty_shift_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practitioner_id} {self.on_date}"


class AllocationHold(BaseModel):
    """X3 pre-allocation: the suggestion made for an application, counted for its practitioner until it expires, so
    that a concurrent suggestion for another application sees it. One per application."""

    application = models.OneToOneField(
        LegalAidApplication, verbose_name="申请", on_delete=models.CASCADE, related_name="allocation_hold"
    )
    practitioner = models.ForeignKey(
        "directory.Practitioner", verbose_name="建议人员", on_delete=models.CASCADE, related_name="+"
    )
    county_code = models.CharField("县级区划代码前缀", max_length=6)
    pool = models.CharField("案件类别", max_length=10, choices=AllocationPool.choices)
    expires_at = models.DateTimeField("保留至")
    held_by = models.ForeignKey(USER, verbose_name="建议查询人", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "预分配"
        verbose_name_plural = "预分配"
        indexes = [
            models.Index(fields=("county_code", "pool", "expires_at"), name="allocation_hold_pool_idx")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.practitioner_id}"
