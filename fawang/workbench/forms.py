from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.cases.forms import IntakeLanguageMixin, intake_language_field
from fawang.cases.selectors import channel_choices
from fawang.cases.states import INTAKE_SERVICE_CHOICES, Channel
from fawang.directory.models import WindowPost
from fawang.people.models import GroupTag


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=40)
    reason = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    site_id = forms.IntegerField(required=False)
    institution_id = forms.IntegerField(required=False)
    practitioner_id = forms.IntegerField(required=False)
    missing_items = forms.CharField(required=False, max_length=2000, help_text=_("每行一项"))
    expected_status = forms.CharField(required=False, max_length=20)

    def payload(self) -> dict[str, object]:
        data = self.cleaned_data
        payload: dict[str, object] = {
            k: data[k] for k in ("site_id", "institution_id", "practitioner_id") if data[k]
        }
        items = [line.strip() for line in (data.get("missing_items") or "").splitlines() if line.strip()]
        if items:
            payload["missing_items"] = items
        return payload


class IntakeForm(IntakeLanguageMixin, forms.Form):
    """Front-desk intake (前台统一受理): who, what, which service (A1, A2)."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    groups = forms.MultipleChoiceField(
        label=_("特殊群体"), choices=GroupTag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    service_type = forms.ChoiceField(label=_("服务类型"), choices=INTAKE_SERVICE_CHOICES)
    channel = forms.ChoiceField(label=_("受理渠道"), choices=channel_choices, initial=Channel.WINDOW)
    language = intake_language_field()  # A12
    title = forms.CharField(label=_("事项"), max_length=200)
    description = forms.CharField(
        label=_("情况描述"), widget=forms.Textarea, required=False, max_length=20000
    )
    urgent = forms.BooleanField(label=_("紧急"), required=False)
    confidential = forms.BooleanField(label=_("保密（仅指定角色可见申请人身份）"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    # Window intake (实体平台, issue 6 item 1): answer on the spot, items received, likely duplicates (A16).
    handling = forms.ChoiceField(
        label=_("办理方式"),
        choices=[("case", _("生成工单转承办单位")), ("answer", _("当场解答（法律咨询）"))],
        initial="case",
        required=False,
    )
    answer = forms.CharField(
        label=_("当场解答内容"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    items = forms.CharField(
        label=_("收取材料（每行一项，可写“名称×份数”）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    link_reference = forms.CharField(
        label=_("并入已有工单（疑似重复时填写其编号）"), required=False, max_length=20
    )
    override_reason = forms.CharField(
        label=_("仍新建工单的理由（疑似重复时填写）"), required=False, max_length=300
    )

    def __init__(self, *args: Any, windows: Sequence[WindowPost] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if windows:  # G6: the clerk names the window they receive at; offered only where windows are set up
            self.fields["window"] = forms.TypedChoiceField(
                label=_("受理窗口"),
                choices=[("", _("（不指定）"))]
                + [(w.pk, f"{w.site.name} {w}：{w.services_display}") for w in windows],
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={
                    "invalid_choice": _("所选窗口不存在、已停用或不属于您所在的站点，请重新选择。")
                },
            )
            order = list(self.fields)
            order.remove("window")
            order.insert(order.index("channel") + 1, "window")
            self.order_fields(order)
