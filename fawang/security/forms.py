from __future__ import annotations

from django import forms

from fawang.core.models import AuditAction
from fawang.security.models import DataRequestKind


class CodeForm(forms.Form):
    code = forms.CharField(label="动态口令（6位数字）", max_length=8)


class ReauthForm(forms.Form):
    password = forms.CharField(label="登录密码", widget=forms.PasswordInput, max_length=128)
    code = forms.CharField(label="动态口令（已启用的填写）", max_length=8, required=False)


class RevealForm(forms.Form):
    purpose = forms.CharField(label="查看用途", max_length=200, required=False)


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(label="请求类型", choices=DataRequestKind.choices)
    details = forms.CharField(label="说明", max_length=2000, required=False, widget=forms.Textarea)


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="处理结果", choices=(("1", "同意"), ("0", "不予办理")), coerce=lambda v: v == "1"
    )
    decision = forms.CharField(label="处理意见", max_length=2000, required=False, widget=forms.Textarea)


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label="操作人", max_length=150, required=False)
    action = forms.ChoiceField(label="动作", choices=[("", "全部"), *AuditAction.choices], required=False)
    object_type = forms.CharField(label="对象类型", max_length=60, required=False)
    object_id = forms.CharField(label="对象编号", max_length=64, required=False)
    date_from = forms.DateField(label="起始日期", required=False)
    date_to = forms.DateField(label="截止日期", required=False)
