"""People's mediation records (人民调解法 2010; D1-D12), attached one-to-one to the unified 工单.

The case carries status, handler and clocks; these rows carry what the statute asks the file to hold (D3):
registration (parties, consent, invited participants), the working record (sessions), the agreement (D4, D5) or
the termination notice (D6), escalation reports (D7), judicial confirmation (D8) and performance follow-up (D9).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fawang.core.crypto import EncryptedTextField
from fawang.core.models import BaseModel


class Origin(models.TextChoices):
    APPLICATION = "application", _("当事人申请")
    INITIATIVE = "initiative", _("调委会主动调解")


class PersonalStatusMatter(models.TextChoices):
    """Matters a court will not confirm (最高法 2011 规定 Art.4; D8)."""

    NONE = "none", _("不涉及身份关系")
    IDENTITY = "identity", _("确认身份关系")
    ADOPTION = "adoption", _("收养关系")
    MARRIAGE = "marriage", _("婚姻关系")


class MediationCase(BaseModel):
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="mediation")
    committee = models.ForeignKey(
        "directory.Institution", verbose_name="人民调解委员会", on_delete=models.PROTECT, related_name="+"
    )
    origin = models.CharField("启动方式", max_length=20, choices=Origin.choices)
    facts = models.TextField("纠纷主要事实")
    issues = models.TextField("争议事项", blank=True)
    major_or_complex = models.BooleanField("重大、复杂纠纷", default=False)  # D5
    status_matter = models.CharField(
        "身份关系事项", max_length=20, choices=PersonalStatusMatter.choices, default=PersonalStatusMatter.NONE
    )
    escalation_flag = models.BooleanField("可能激化为治安、刑事案件", default=False)  # D7

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("facts", "issues")
        sensitive: ClassVar[tuple[str, ...]] = ()

    class Meta:
        verbose_name = "人民调解案件"
        verbose_name_plural = "人民调解案件"

    def __str__(self) -> str:
        return f"调解 {self.case_id}"


class Side(models.TextChoices):
    APPLICANT = "applicant", _("申请方")
    RESPONDENT = "respondent", _("被申请方")
    THIRD = "third", _("其他当事人")


class Consent(models.TextChoices):
    PENDING = "pending", _("尚未表态")
    CONSENTED = "consented", _("同意调解")
    REFUSED = "refused", _("明确拒绝调解")


class MediationParty(BaseModel):
    mediation = models.ForeignKey(MediationCase, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey("people.Person", verbose_name="当事人", on_delete=models.PROTECT)
    side = models.CharField("身份", max_length=20, choices=Side.choices)
    consent = models.CharField(
        "是否同意调解", max_length=20, choices=Consent.choices, default=Consent.PENDING
    )
    consent_at = models.DateTimeField("表态时间", null=True, blank=True)
    representative = models.BooleanField("推选的代表人", default=False)  # D12
    # D8 pack; encrypted at rest (M3), never looked up, so no blind index.
    address = EncryptedTextField("送达地址", max_length=200, blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("address",)
        sensitive: ClassVar[tuple[str, ...]] = ()
        encrypted: ClassVar[tuple[str, ...]] = ("address",)

    class Meta:
        verbose_name = "调解当事人"
        verbose_name_plural = "调解当事人"
        ordering = ("side", "id")
        constraints = [
            models.UniqueConstraint(fields=("mediation", "person"), name="mediation_party_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.get_side_display()}）"


class ParticipantKind(models.TextChoices):
    RELATIVE = "relative", _("当事人亲属")
    NEIGHBOUR = "neighbour", _("邻里、同事")
    EXPERT = "expert", _("具有专门知识的人员")
    ORGANISATION = "organisation", _("有关社会组织")


class MediationParticipant(BaseModel):
    """Invited to help, with the parties' consent (人民调解法 Art.20; D2)."""

    mediation = models.ForeignKey(MediationCase, on_delete=models.PROTECT, related_name="participants")
    name = models.CharField("姓名或名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=ParticipantKind.choices)
    consented_party_ids = models.JSONField("同意邀请的当事人", default=list)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "邀请参与调解人员"
        verbose_name_plural = "邀请参与调解人员"

    def __str__(self) -> str:
        return self.name


class MediationSession(BaseModel):
    """The working record (调解工作记录, Art.27; D3)."""

    mediation = models.ForeignKey(MediationCase, on_delete=models.PROTECT, related_name="sessions")
    held_at = models.DateTimeField("调解时间")
    place = models.CharField("地点", max_length=200)
    mediator = models.ForeignKey("directory.Practitioner", verbose_name="调解员", on_delete=models.PROTECT)
    attendees = models.CharField("参加人员", max_length=500)
    record = models.TextField("调解情况记录")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "调解记录"
        verbose_name_plural = "调解记录"
        ordering = ("held_at", "id")

    def __str__(self) -> str:
        return f"{self.mediation_id} {self.held_at:%Y-%m-%d}"


class AgreementKind(models.TextChoices):
    WRITTEN = "written", _("书面调解协议")
    ORAL = "oral", _("口头调解协议")


class MediationAgreement(BaseModel):
    """The agreement (Art.28-30; D4, D5). A written one takes effect when every party, the mediator and the
    committee seal are on it; an oral one when the parties reach it, recorded by the mediator."""

    mediation = models.OneToOneField(MediationCase, on_delete=models.PROTECT, related_name="agreement")
    number = models.CharField("协议编号", max_length=40, unique=True)
    kind = models.CharField("形式", max_length=10, choices=AgreementKind.choices)
    facts = models.TextField("纠纷主要事实")
    issues = models.TextField("争议事项")
    responsibilities = models.TextField("各方当事人的责任")
    terms = models.TextField("协议内容")
    performance_manner = models.CharField("履行方式", max_length=300)
    performance_due = models.DateField("履行期限")
    immediate_performance = models.BooleanField("即时履行", default=False)
    mediator = models.ForeignKey("directory.Practitioner", verbose_name="调解员", on_delete=models.PROTECT)
    mediator_signed_at = models.DateTimeField("调解员签名时间", null=True, blank=True)
    sealed_at = models.DateTimeField("加盖调委会印章时间", null=True, blank=True)
    effective_at = models.DateTimeField("生效时间", null=True, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "调解协议"
        verbose_name_plural = "调解协议"

    def __str__(self) -> str:
        return self.number


class SignatureMethod(models.TextChoices):
    SIGN = "sign", _("签名")
    SEAL = "seal", _("盖章")
    THUMBPRINT = "thumbprint", _("按指印")


class AgreementSignature(BaseModel):
    agreement = models.ForeignKey(MediationAgreement, on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey(MediationParty, on_delete=models.PROTECT, related_name="+")
    method = models.CharField("方式", max_length=20, choices=SignatureMethod.choices)
    signed_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "当事人签署"
        verbose_name_plural = "当事人签署"
        constraints = [
            models.UniqueConstraint(fields=("agreement", "party"), name="agreement_signed_once"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}:{self.party_id}"


class TerminationGround(models.TextChoices):
    NO_AGREEMENT = "no_agreement", _("调解不成")
    PARTY_REFUSED = "party_refused", _("当事人明确拒绝继续调解")
    TIME_NORM = "time_norm", _("调解期限届满，当事人未共同申请延长")
    PARTY_WITHDREW = "party_withdrew", _("当事人撤回调解申请")
    REFERRED = "referred", _("纠纷已进入仲裁、行政或诉讼程序")


class MediationTermination(BaseModel):
    """终止调解 with the routes the parties may take instead (Art.26; D6)."""

    mediation = models.OneToOneField(MediationCase, on_delete=models.PROTECT, related_name="termination")
    ground = models.CharField("终止理由", max_length=20, choices=TerminationGround.choices)
    explanation = models.TextField("说明")
    notified_at = models.DateTimeField("告知时间")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "终止调解"
        verbose_name_plural = "终止调解"

    def __str__(self) -> str:
        return self.get_ground_display()


class MediationExtension(BaseModel):
    """Both (all) parties asked to extend the one-month norm (D6)."""

    mediation = models.ForeignKey(MediationCase, on_delete=models.PROTECT, related_name="extensions")
    party_ids = models.JSONField("申请延长的当事人")
    reason = models.TextField("理由")
    applied = models.BooleanField("已延长", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "延长调解期限"
        verbose_name_plural = "延长调解期限"

    def __str__(self) -> str:
        return f"{self.mediation_id} 延长"


class EscalationKind(models.TextChoices):
    CRIMINAL = "criminal", _("可能引起刑事案件")
    PUBLIC_ORDER = "public_order", _("可能引起治安案件")


class EscalationReport(BaseModel):
    """A dispute that may turn into a criminal or public-order case, reported to the police (Art.25; D7)."""

    mediation = models.ForeignKey(MediationCase, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField("类别", max_length=20, choices=EscalationKind.choices)
    police_unit = models.CharField("报告的公安机关", max_length=100)
    summary = models.TextField("情况")
    measures = models.TextField("已采取的预防措施", blank=True)
    reported_at = models.DateTimeField("报告时间")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "激化风险报告"
        verbose_name_plural = "激化风险报告"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.police_unit}"


class ConfirmationResult(models.TextChoices):
    PENDING = "pending", _("待法院处理")
    NOT_ACCEPTED = "not_accepted", _("法院不予受理")
    CONFIRMED = "confirmed", _("裁定确认有效")
    NOT_CONFIRMED = "not_confirmed", _("裁定驳回申请（不予确认）")
    WITHDRAWN = "withdrawn", _("当事人撤回申请")


class JudicialConfirmation(BaseModel):
    """Joint application to the basic court (Art.33; 民事诉讼法 Art.205-206; D8) and what the court reports back."""

    mediation = models.OneToOneField(MediationCase, on_delete=models.PROTECT, related_name="confirmation")
    court = models.CharField("人民法院", max_length=100)
    applied_at = models.DateTimeField("申请时间")
    pack = models.JSONField("申请材料清单")
    court_accepted_at = models.DateTimeField("法院受理时间", null=True, blank=True)
    ruling_extended = models.BooleanField("经院长批准延长审查期限", default=False)
    ruled_at = models.DateTimeField("裁定时间", null=True, blank=True)
    result = models.CharField(
        "结果", max_length=20, choices=ConfirmationResult.choices, default=ConfirmationResult.PENDING
    )
    court_note = models.TextField("法院反馈", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "司法确认"
        verbose_name_plural = "司法确认"

    def __str__(self) -> str:
        return f"{self.court} {self.get_result_display()}"


class PerformanceResult(models.TextChoices):
    PERFORMED = "performed", _("已全部履行")
    PARTIAL = "partial", _("部分履行")
    NOT_PERFORMED = "not_performed", _("未履行")
    NOT_DUE = "not_due", _("尚未到履行期")


class PerformanceFollowUp(BaseModel):
    """Performance of the agreement, followed up and recorded (Art.31; D9)."""

    mediation = models.ForeignKey(MediationCase, on_delete=models.PROTECT, related_name="follow_ups")
    checked_on = models.DateField("回访日期")
    result = models.CharField("履行情况", max_length=20, choices=PerformanceResult.choices)
    note = models.TextField("回访记录")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "履行回访"
        verbose_name_plural = "履行回访"
        ordering = ("checked_on", "id")

    def __str__(self) -> str:
        return f"{self.checked_on} {self.get_result_display()}"


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("主任")
    VICE_CHAIR = "vice_chair", _("副主任")
    MEMBER = "member", pgettext_lazy("committee position", "委员")


class CommitteeMember(BaseModel):
    """A member of a mediation committee (Art.8-9; D10): 3-9 members, women members, 3-year terms."""

    committee = models.ForeignKey(
        "directory.Institution", verbose_name="人民调解委员会", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=[("M", "男"), ("F", "女")])
    ethnic_minority = models.BooleanField("少数民族", default=False)
    role = models.CharField("职务", max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    term_start = models.DateField("任期起")
    term_end = models.DateField("任期止")
    left_on = models.DateField("离任日期", null=True, blank=True)

    class Meta:
        verbose_name = "调委会委员"
        verbose_name_plural = "调委会委员"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gt=models.F("term_start")), name="committee_term_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OnlineStage(models.TextChoices):
    """The stages of online mediation (D11), derived from the file, never stored as a second status."""

    SELF_HELP = "self_help", _("自助了解")
    NEGOTIATION = "negotiation", _("双方协商")
    MEDIATION = "mediation", _("调解员主持调解")
    REFERRAL = "referral", _("司法确认或其他途径")


class NegotiationMessage(BaseModel):
    """A party's message or settlement proposal in direct negotiation before or beside a mediator (D11).

    Rows are only added, so the thread is the record of what each party said; a proposal is accepted by another
    party by a second row pointing at it, and the mediator then turns it into an agreement (Art.28-29)."""

    mediation = models.ForeignKey(MediationCase, on_delete=models.PROTECT, related_name="negotiation")
    party = models.ForeignKey(
        MediationParty, verbose_name="发言当事人", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("内容")
    proposal = models.BooleanField("和解方案", default=False)
    accepts = models.ForeignKey(
        "self",
        verbose_name="接受的方案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    posted_at = models.DateTimeField("时间")

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("text",)
        sensitive: ClassVar[tuple[str, ...]] = ()

    class Meta:
        verbose_name = "协商记录"
        verbose_name_plural = "协商记录"
        ordering = ("posted_at", "id")

    def __str__(self) -> str:
        return f"{self.party_id} {self.posted_at:%Y-%m-%d %H:%M}"


class HelpRequest(BaseModel):
    """A party asks for a person at any online stage (D11): answered by committee staff or the mediator."""

    mediation = models.ForeignKey(MediationCase, on_delete=models.PROTECT, related_name="help_requests")
    stage = models.CharField("所处阶段", max_length=20, choices=OnlineStage.choices)
    question = models.TextField("需要的帮助")
    callback_phone = EncryptedTextField("回电号码", max_length=20, blank=True)  # M3; never looked up
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("提出时间")
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("question", "callback_phone", "answer")
        sensitive: ClassVar[tuple[str, ...]] = ()
        encrypted: ClassVar[tuple[str, ...]] = ("callback_phone",)

    class Meta:
        verbose_name = "人工帮助请求"
        verbose_name_plural = "人工帮助请求"
        ordering = ("requested_at", "id")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["mediation"], condition=models.Q(answered_at=None), name="help_request_open")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.requested_at:%Y-%m-%d}"
