"""Console forms: parse the agent's input into the services' arguments (STYLE §8: thin callers)."""

from __future__ import annotations

from typing import Any

from django import forms

from fawang.hotline.models import AgentState, AttemptOutcome, ContactType
from fawang.hotline.services.calls import WrapUp
from fawang.knowledge.engine import CATEGORIES
from fawang.people.models import GroupTag

OUTCOME_CHOICES = [
    ("answer", "当场答复办结"),
    ("register", "登记受理（按流程办理）"),
    ("dispatch", "生成工单并转办（A4）"),
    ("callback", "转回拨（A7）"),
    ("transfer", "转接其他热线/坐席"),
]


class StateForm(forms.Form):
    state = forms.ChoiceField(
        choices=[(s.value, s.label) for s in (AgentState.AVAILABLE, AgentState.BUSY, AgentState.BREAK)]
    )
    reason = forms.CharField(max_length=200, required=False)


class WrapUpForm(forms.Form):
    contact_type = forms.ChoiceField(
        label="来电类型（A3）", choices=ContactType.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label="事项摘要", max_length=200)
    category = forms.ChoiceField(
        label="纠纷类别", choices=[("", "—")] + [(c, c) for c in CATEGORIES], required=False
    )
    caller_name = forms.CharField(label="来电人姓名", max_length=50, required=False)
    id_number = forms.CharField(label="身份证号码（可选）", max_length=18, required=False)
    groups = forms.MultipleChoiceField(
        label="特殊群体", choices=GroupTag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    region_code = forms.ChoiceField(label="所属辖区", choices=[], required=False)
    urgent = forms.BooleanField(label="紧急（1小时内转办）", required=False)
    outcome = forms.ChoiceField(label="处理方式", choices=OUTCOME_CHOICES)
    answer = forms.CharField(
        label="答复内容 / 转办说明", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    site_id = forms.TypedChoiceField(
        label="承办站点", choices=[], coerce=int, required=False, empty_value=None
    )
    institution_id = forms.TypedChoiceField(
        label="承办机构", choices=[], coerce=int, required=False, empty_value=None
    )
    practitioner_id = forms.TypedChoiceField(
        label="承办人员", choices=[], coerce=int, required=False, empty_value=None
    )
    callback_reason = forms.CharField(
        label="回拨事由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    callback_start = forms.DateTimeField(
        label="回拨时段开始（留空为现在）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    callback_end = forms.DateTimeField(
        label="最迟回拨时间（留空按1个工作日）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    transfer_to = forms.CharField(label="转接去向", max_length=100, required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[Any, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("region_code", "site_id", "institution_id", "practitioner_id"):
            self.fields[name].choices = [("", "—"), *choices[name]]  # type: ignore[attr-defined]  # ChoiceField

    def wrap_up(self) -> WrapUp:
        data = self.cleaned_data
        return WrapUp(
            contact_type=data["contact_type"],
            outcome=data["outcome"],
            title=data["title"],
            category=data.get("category") or "",
            caller_name=data.get("caller_name") or "",
            id_number=data.get("id_number") or "",
            groups=tuple(data.get("groups") or ()),
            region_code=data.get("region_code") or "",
            urgent=bool(data.get("urgent")),
            answer=data.get("answer") or "",
            site_id=data.get("site_id"),
            institution_id=data.get("institution_id"),
            practitioner_id=data.get("practitioner_id"),
            callback_reason=data.get("callback_reason") or "",
            callback_start=data.get("callback_start"),
            callback_end=data.get("callback_end"),
            transfer_to=data.get("transfer_to") or "",
        )


class AttemptForm(forms.Form):
    outcome = forms.ChoiceField(label="回拨结果", choices=AttemptOutcome.choices)
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    next_window_start = forms.DateTimeField(
        label="下次回拨时间（可选）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=2000)


class EscalateForm(forms.Form):
    reference = forms.CharField(label="工单编号", max_length=20)
    explanation = forms.CharField(
        label="来电人的意见和给出的解释（A6）", widget=forms.Textarea(attrs={"rows": 3})
    )
    site_id = forms.IntegerField(required=False)
    institution_id = forms.IntegerField(required=False)
