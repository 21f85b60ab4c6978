from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fawang.cases.forms import IntakeLanguageMixin, intake_language_field
from fawang.cases.selectors import channel_choices
from fawang.cases.states import Channel
from fawang.evaluation.models import (
    AppealGround,
    ComplaintFinding,
    ComplaintGround,
    RatingChannel,
    RatingLevel,
    RectificationOutcome,
)

LEVEL_CHOICES = [(str(v), label) for v, label in RatingLevel.choices]


class RatingForm(forms.Form):
    """H2: no initial level — the radio group starts empty, so nothing is pre-filled."""

    level = forms.TypedChoiceField(
        label=_("您对本次服务的评价"), choices=LEVEL_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("意见建议（选填）"), required=False, max_length=1000, widget=forms.Textarea
    )
    anonymous = forms.BooleanField(label=_("匿名评价（不留联系方式，将无法回访）"), required=False)
    instance_key = forms.CharField(
        label=_("服务实例（窗口叫号、通话编号，选填）"), required=False, max_length=64
    )
    # Only staff see this field (a citizen's rating is always "web"), so it may be absent from the form.
    channel = forms.ChoiceField(
        label=_("评价渠道"), choices=RatingChannel.choices, initial=RatingChannel.WEB, required=False
    )


class RespondForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("整改方式"), choices=RectificationOutcome.choices, widget=forms.RadioSelect
    )
    response = forms.CharField(
        label=_("整改情况、解释说明或申诉理由"), max_length=5000, widget=forms.Textarea
    )
    ledger_deadline = forms.DateField(label=_("台账整改期限（限期整改时填写）"), required=False)
    appeal_ground = forms.ChoiceField(
        label=_("申诉类别（申诉时填写）"), choices=[("", "—"), *AppealGround.choices], required=False
    )


class DoneForm(forms.Form):
    response = forms.CharField(label=_("整改完成情况"), max_length=5000, widget=forms.Textarea)


class VerifyForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("是否联系上评价人"),
        choices=[("1", _("已联系上")), ("0", _("未联系上"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    rectified = forms.TypedChoiceField(
        label=_("整改是否到位"),
        choices=[("1", _("整改到位，办结")), ("0", _("未到位，退回承办单位"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    rerating_level = forms.TypedChoiceField(
        label=_("评价人对整改的评价（联系上实名评价人时必填）"),
        choices=[("", "—"), *LEVEL_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(label=_("回访核实情况"), max_length=5000, widget=forms.Textarea)


class AppealDecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("审核结果"),
        choices=[("1", _("申诉成立，差评作废")), ("0", _("申诉不成立，退回整改"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("审核意见"), max_length=5000, widget=forms.Textarea)


class ComplaintForm(IntakeLanguageMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[("complaint", _("投诉")), ("suggestion", pgettext_lazy("complaint or suggestion", "建议"))],
    )
    ground = forms.ChoiceField(
        label=_("投诉事由"), choices=[("", "—"), *ComplaintGround.choices], required=False
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(label=_("具体情况"), max_length=20000, widget=forms.Textarea)
    channel = forms.ChoiceField(label=_("受理渠道"), choices=channel_choices, initial=Channel.WINDOW)
    language = intake_language_field()  # A12
    name = forms.CharField(label=_("投诉人姓名（工作人员代为登记时填写）"), required=False, max_length=50)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    about_reference = forms.CharField(label=_("所涉工单编号（选填）"), required=False, max_length=20)
    subject_practitioner = forms.IntegerField(label=_("被投诉人员编号（选填）"), required=False)
    subject_institution = forms.IntegerField(label=_("被投诉机构编号（选填）"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)


class ReplyForm(forms.Form):
    finding = forms.ChoiceField(label=_("核查结论"), choices=ComplaintFinding.choices)
    reply = forms.CharField(label=_("答复内容"), max_length=5000, widget=forms.Textarea)


class ConfirmForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("投诉人对答复的评价"), choices=LEVEL_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("说明（选填）"), required=False, max_length=2000)


class RejectReplyForm(forms.Form):
    reason = forms.CharField(label=_("不满意的理由"), max_length=5000, widget=forms.Textarea)
