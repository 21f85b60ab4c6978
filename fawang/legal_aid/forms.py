"""Forms of the legal-aid workbench: each parses one step's input for one service call (STYLE §2)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fawang.core import clock
from fawang.legal_aid.codes import (
    GROUND_CHOICES,
    GROUP_CHOICES,
    MATTER_CHOICES,
    PROCEEDING_CHOICES,
    REFUSAL_GROUNDS,
    TERMINATION_GROUNDS,
    IntakeKind,
    NotifierKind,
    StatutoryGround,
    VerificationMode,
    lazy_choices,
)
from fawang.legal_aid.models import (
    AllocationMethod,
    CopyKind,
    FeedbackKind,
    ObjectionOutcome,
    QualityGrade,
    QualityMethod,
    RecusalOutcome,
)
from fawang.legal_aid.services import AidDetails, Item
from fawang.people.models import GroupTag

TRI = [("", _("未回答")), ("true", _("是")), ("false", _("否"))]


def _ground_label(ground: StatutoryGround) -> str:
    return gettext("%(text)s（%(citation)s）") % {
        "text": gettext(ground.text),
        "citation": gettext(ground.citation),
    }


# L8: a statutory ground as a choice, in the page's language (its stored text and citation stay Chinese).
ground_label = lazy(_ground_label, str)


def _tri(value: str | None) -> bool | None:
    return {"true": True, "false": False}.get(value or "")


class DetailsForm(forms.Form):
    """The application form (C19): facts and reasons, economic situation, household, grounds, proxy (A17)."""

    matter = forms.ChoiceField(
        label=_("申请事项"), choices=[("", _("（尚不清楚）")), *lazy_choices(MATTER_CHOICES)], required=False
    )
    facts_and_reasons = forms.CharField(
        label=_("案情及申请理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20000
    )
    economic_situation = forms.CharField(
        label=_("经济状况说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    household = forms.CharField(
        label=_("家庭成员情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    monthly_income_per_capita = forms.DecimalField(
        label=_("家庭人均月收入（元，不清楚请留空）"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    household_size = forms.IntegerField(label=_("家庭人口数"), required=False, min_value=1, max_value=99)
    has_large_assets = forms.ChoiceField(label=_("是否拥有大额财产"), choices=TRI, required=False)
    hardship_expense = forms.ChoiceField(
        label=_("是否因突发事件、重大疾病等支出大于收入"), choices=TRI, required=False
    )
    grounds = forms.MultipleChoiceField(
        label=_("第三十二条情形（不受经济困难条件限制）"),
        choices=lazy_choices(GROUND_CHOICES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    applicant_groups = forms.MultipleChoiceField(
        label=_("第四十二条情形（免予核查经济困难状况）"),
        choices=lazy_choices(GROUP_CHOICES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    verification_mode = forms.ChoiceField(
        label=_("经济困难核查方式（第四十一条）"),
        choices=[("", _("尚未核查")), *lazy_choices(VerificationMode.choices)],
        required=False,
    )
    detained = forms.BooleanField(label=_("申请人被羁押"), required=False)
    custody_place = forms.CharField(label=_("羁押场所"), required=False, max_length=100)
    capital_case = forms.BooleanField(
        label=_("可能判处无期徒刑、死刑或死刑复核案件（第二十六条）"), required=False
    )
    opposing_party_name = forms.CharField(label=_("对方当事人"), required=False, max_length=50)
    opposing_party_id_number = forms.CharField(
        label=_("对方当事人身份证号码（用于利益冲突审查）"), required=False, max_length=18
    )
    limitation_deadline = forms.DateField(
        label=_("法定时效或期限届满日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    urgent_preservation = forms.BooleanField(
        label=_("需立即申请财产保全、证据保全或先予执行"), required=False
    )
    proxy_name = forms.CharField(label=_("代为申请人"), required=False, max_length=50)
    proxy_relationship = forms.CharField(label=_("与申请人关系"), required=False, max_length=50)
    proxy_authority = forms.CharField(
        label=_("代理权限及依据（如监护关系证明、授权委托书）"), required=False, max_length=200
    )
    agency_region = forms.CharField(
        label=_("受理机构所在地区（默认工单辖区）"), required=False, max_length=100
    )
    proceeding = forms.ChoiceField(
        label=_("诉讼事项或非诉讼事项（第三十八条，确定受理机构）"),
        choices=[("", _("（尚不清楚）")), *PROCEEDING_CHOICES],
        required=False,
    )
    body_region_code = forms.CharField(
        label=_("办案机关（诉讼）或争议处理机关（非诉讼）所在地区划代码（12位）"),
        required=False,
        max_length=12,
    )
    events_region_code = forms.CharField(
        label=_("事由发生地区划代码（12位，非诉讼事项）"), required=False, max_length=12
    )
    judicial_assistance_decision = forms.BooleanField(
        label=_("申请人持有人民法院或人民检察院的司法救助决定"), required=False
    )

    def details(self, **extra: Any) -> AidDetails:
        d = self.cleaned_data
        return AidDetails(
            matter=d.get("matter") or "",
            facts_and_reasons=d.get("facts_and_reasons") or "",
            economic_situation=d.get("economic_situation") or "",
            household=d.get("household") or "",
            monthly_income_per_capita=d.get("monthly_income_per_capita"),
            household_size=d.get("household_size"),
            has_large_assets=_tri(d.get("has_large_assets")),
            hardship_expense=_tri(d.get("hardship_expense")),
            grounds=tuple(d.get("grounds") or ()),
            applicant_groups=tuple(d.get("applicant_groups") or ()),
            verification_mode=d.get("verification_mode") or "",
            detained=bool(d.get("detained")),
            custody_place=d.get("custody_place") or "",
            capital_case=bool(d.get("capital_case")),
            opposing_party_name=d.get("opposing_party_name") or "",
            opposing_party_id_number=d.get("opposing_party_id_number") or "",
            limitation_deadline=d.get("limitation_deadline"),
            urgent_preservation=bool(d.get("urgent_preservation")),
            proxy_name=d.get("proxy_name") or "",
            proxy_relationship=d.get("proxy_relationship") or "",
            proxy_authority=d.get("proxy_authority") or "",
            agency_region=d.get("agency_region") or "",
            proceeding=d.get("proceeding") or "",
            body_region_code=(d.get("body_region_code") or "").strip(),
            events_region_code=(d.get("events_region_code") or "").strip(),
            judicial_assistance_decision=bool(d.get("judicial_assistance_decision")),
            **extra,
        )


def details_initial(app: Any) -> dict[str, Any]:
    tri = {True: "true", False: "false", None: ""}
    return {
        "matter": app.matter,
        "facts_and_reasons": app.facts_and_reasons,
        "economic_situation": app.economic_situation,
        "household": app.household,
        "monthly_income_per_capita": app.monthly_income_per_capita,
        "household_size": app.household_size,
        "has_large_assets": tri[app.has_large_assets],
        "hardship_expense": tri[app.hardship_expense],
        "grounds": app.grounds,
        "applicant_groups": app.applicant_groups,
        "verification_mode": app.verification_mode,
        "detained": app.detained,
        "custody_place": app.custody_place,
        "capital_case": app.capital_case,
        "opposing_party_name": app.opposing_party_name,
        "limitation_deadline": app.limitation_deadline,
        "urgent_preservation": app.urgent_preservation,
        "proxy_name": app.proxy_name,
        "proxy_relationship": app.proxy_relationship,
        "proxy_authority": app.proxy_authority,
        "agency_region": app.agency_region,
        "proceeding": app.proceeding,
        "body_region_code": app.body_region.code if app.body_region else "",
        "events_region_code": app.events_region.code if app.events_region else "",
        "judicial_assistance_decision": app.judicial_assistance_decision,
    }


class TransferForm(forms.Form):
    """C20: move the application to the competent agency (Art.38)."""

    institution_id = forms.IntegerField(label=_("接收申请的法律援助机构"))
    reasons = forms.CharField(label=_("移送理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class RecusalRequestForm(forms.Form):
    grounds = forms.CharField(
        label=_("申请回避的理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class RecusalDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("决定"), choices=RecusalOutcome.choices)
    practitioner_id = forms.IntegerField(label=_("另行指派的人员（准予回避时）"), required=False)
    reasons = forms.CharField(label=_("决定理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NewApplicationForm(DetailsForm):
    name = forms.CharField(label=_("申请人姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    groups = forms.MultipleChoiceField(
        label=_("特殊群体"), choices=GroupTag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("事项"), max_length=200)
    intake_kind = forms.ChoiceField(
        label=_("申请类型"), choices=IntakeKind.choices, initial=IntakeKind.APPLICATION
    )
    notifier_kind = forms.ChoiceField(
        label=_("通知机关类型"), choices=[("", "—"), *NotifierKind.choices], required=False
    )
    notifier_name = forms.CharField(label=_("通知机关名称"), max_length=100, required=False)
    notice_number = forms.CharField(label=_("通知书文号"), max_length=100, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)

    field_order = ["intake_kind", "name", "id_number", "phone", "groups", "title"]


def parse_items(text: str, *, default_kind: str = CopyKind.COPY) -> list[Item]:
    """One item per line: ``名称`` or ``名称×份数`` (also ``*``/``x``)."""
    items = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        name, quantity = line, 1
        for sep in ("×", "*", "x", "X"):
            if sep in line:
                head, _sep, tail = line.rpartition(sep)
                if tail.strip().isdigit():
                    name, quantity = head.strip(), int(tail.strip())
                break
        items.append(Item(name=name, quantity=quantity, copy_kind=default_kind))
    return items


class MaterialsForm(forms.Form):
    items = forms.CharField(
        label=_("收到的材料（每行一项，可写“名称×份数”）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    copy_kind = forms.ChoiceField(
        label=_("形式"), choices=lazy_choices(CopyKind.choices), initial=CopyKind.COPY
    )

    def parsed(self) -> list[Item]:
        return parse_items(self.cleaned_data["items"], default_kind=self.cleaned_data["copy_kind"])


class MissingItemsForm(forms.Form):
    items = forms.CharField(
        label=_("需补充的全部材料（一次性告知，每行一项）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    reply_by = forms.DateField(
        label=_("补充期限"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class SupplementForm(forms.Form):
    items = forms.CharField(
        label=_("补充收到的材料（每行一项）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )


class GrantForm(forms.Form):
    verification_mode = forms.ChoiceField(
        label=_("经济困难核查方式"),
        choices=[("", _("免予核查或已记录")), *lazy_choices(VerificationMode.choices)],
        required=False,
    )
    reasons = forms.CharField(
        label=_("决定理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("法定事由"), choices=[(g.code, ground_label(g)) for g in REFUSAL_GROUNDS.values()]
    )
    reasons = forms.CharField(label=_("具体理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class TerminateForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("终止情形（第四十八条）"),
        choices=[(g.code, ground_label(g)) for g in TERMINATION_GROUNDS.values()],
    )
    reasons = forms.CharField(label=_("具体理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class PractitionerForm(forms.Form):
    practitioner_id = forms.IntegerField(label=_("法律援助人员"))
    reasons = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    # X3: how the choice was made; empty means "the suggestion if it was taken, else manual".
    method = forms.ChoiceField(
        label=_("指派方式"),
        choices=[
            ("", "—"),
            *[(m.value, m.label) for m in AllocationMethod if m != AllocationMethod.SUGGESTED],
        ],
        required=False,
    )
    override_reason = forms.CharField(label=_("未按系统建议指派的理由"), required=False, max_length=200)


class ReasonForm(forms.Form):
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ObjectionDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("审查结果"), choices=lazy_choices(ObjectionOutcome.choices))
    reasons = forms.CharField(label=_("审查意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ProgressForm(forms.Form):
    content = forms.CharField(label=_("办理进展"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    reported_to_recipient = forms.BooleanField(label=_("已告知受援人"), required=False, initial=True)


class ClosingForm(forms.Form):
    result = forms.CharField(label=_("案件结果"), max_length=200)
    matter_ended_on = forms.DateField(
        label=_("办理结束日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=clock.local_today,
    )
    report = forms.CharField(
        label=_("办理情况报告"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=lazy_choices(FeedbackKind.choices))
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class FeedbackHandleForm(forms.Form):
    feedback_id = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.CharField(label=_("处理结果"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class QualityForm(forms.Form):
    method = forms.ChoiceField(label=_("检查方式"), choices=lazy_choices(QualityMethod.choices))
    grade = forms.ChoiceField(label=_("评定"), choices=QualityGrade.choices)
    findings = forms.CharField(label=_("检查意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class AidPolicyForm(forms.Form):
    """Local legal-aid figures with no national value (C11, C13, C21, C23); blank means "not set here"."""

    region = forms.TypedChoiceField(label=_("适用辖区"), coerce=int, choices=())
    effective_from = forms.DateField(label=_("施行日期"), widget=forms.DateInput(attrs={"type": "date"}))
    objection_window_days = forms.IntegerField(
        label=_("异议期限（日）"), min_value=1, max_value=365, required=False
    )
    closing_filing_days = forms.IntegerField(
        label=_("结案材料提交期限（日）"), min_value=1, max_value=365, required=False
    )
    progress_interval_days = forms.IntegerField(
        label=_("进展告知间隔（日）"), min_value=1, max_value=365, required=False
    )
    recusal_working_days = forms.IntegerField(
        label=_("回避申请决定期限（工作日）"), min_value=1, max_value=60, required=False
    )
    source = forms.CharField(label=_("依据（地方性法规或规范性文件）"), max_length=300)

    def __init__(self, *args: Any, regions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]
