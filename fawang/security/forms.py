from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.core.models import AuditAction
from fawang.security.models import DataRequestKind


class CodeForm(forms.Form):
    code = forms.CharField(label=_("动态口令（6位数字）"), max_length=8)


class ReauthForm(forms.Form):
    password = forms.CharField(label=_("登录密码"), widget=forms.PasswordInput, max_length=128)
    code = forms.CharField(label=_("动态口令（已启用的填写）"), max_length=8, required=False)


class RevealForm(forms.Form):
    purpose = forms.CharField(label=_("查看用途"), max_length=200, required=False)


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("请求类型"), choices=DataRequestKind.choices)
    details = forms.CharField(label=_("说明"), max_length=2000, required=False, widget=forms.Textarea)


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("处理结果"), choices=(("1", _("同意")), ("0", _("不予办理"))), coerce=lambda v: v == "1"
    )
    decision = forms.CharField(label=_("处理意见"), max_length=2000, required=False, widget=forms.Textarea)


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), max_length=150, required=False)
    action = forms.ChoiceField(
        label=_("动作"), choices=[("", _("全部")), *AuditAction.choices], required=False
    )
    object_type = forms.CharField(label=_("对象类型"), max_length=60, required=False)
    object_id = forms.CharField(label=_("对象编号"), max_length=64, required=False)
    date_from = forms.DateField(label=_("起始日期"), required=False)
    date_to = forms.DateField(label=_("截止日期"), required=False)


class CompliancePeriodForm(forms.Form):
    """The period of the compliance audit report (M13); the service refuses reversed or absurd periods."""

    date_from = forms.DateField(
        label=_("开始日期"), error_messages={"invalid": _("请输入有效日期，例如 2026-01-01。")}
    )
    date_to = forms.DateField(
        label=_("结束日期（含）"), error_messages={"invalid": _("请输入有效日期，例如 2026-12-31。")}
    )


class IncidentOpenForm(forms.Form):
    title = forms.CharField(label=_("事件名称"), max_length=120)
    detected_at = forms.DateTimeField(label=_("发现时间"), help_text=_("例如 2026-03-02 09:30"))
    description = forms.CharField(
        label=_("发现的情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class IncidentEditForm(forms.Form):
    """The Art.57 items and the accounts to notify (M11); every field is optional until reported or notified."""

    title = forms.CharField(label=_("事件名称"), max_length=120)
    data_kinds = forms.CharField(
        label=_("涉及的个人信息种类"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    cause = forms.CharField(
        label=_("原因"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    possible_harm = forms.CharField(
        label=_("可能造成的危害"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    remedies = forms.CharField(
        label=_("已采取的补救措施"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    individual_measures = forms.CharField(
        label=_("个人可以采取的减轻危害的措施"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact = forms.CharField(label=_("联系方式"), max_length=200, required=False)
    affected_count = forms.IntegerField(label=_("受影响人数（估计）"), min_value=0, required=False)
    affected_usernames = forms.CharField(
        label=_("需站内通知的账户（每行一个用户名）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IncidentActionForm(forms.Form):
    action = forms.CharField(max_length=30)
    note = forms.CharField(
        label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    authority = forms.CharField(label=_("主管部门"), max_length=120, required=False)
