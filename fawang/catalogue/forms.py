"""Forms of the 事项清单 editor: parse one item for catalogue_item_create/update, and a retirement reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.catalogue.models import FeeStatus, ProviderKind, ServiceItem, ServiceKind, ServiceMode
from fawang.catalogue.services import ServiceItemInput


class ServiceItemForm(forms.Form):
    """G3: each item has target group, content, mode, fee status, provider and basis. G4 is checked by the service,
    so the form and the API give the same message."""

    province = forms.TypedChoiceField(label=_("省（区、市）"), coerce=int, choices=())
    code = forms.CharField(label=_("事项编码"), max_length=30)
    name = forms.CharField(label=_("事项名称"), max_length=100)
    kind = forms.ChoiceField(label=_("服务类别"), choices=ServiceKind.choices)
    target_group = forms.CharField(label=_("服务对象"), max_length=300)
    content = forms.CharField(label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}))
    modes = forms.MultipleChoiceField(
        label=_("服务方式"), choices=ServiceMode.choices, widget=forms.CheckboxSelectMultiple
    )
    fee_status = forms.ChoiceField(label=_("收费情况"), choices=FeeStatus.choices, widget=forms.RadioSelect)
    fee_basis = forms.CharField(
        label=_("收费依据（收费事项必填）"),
        max_length=300,
        required=False,
        help_text=_("如：按价格主管部门核定的公证服务收费标准收取，对困难群众减免。"),
    )
    provider_kind = forms.ChoiceField(label=_("提供主体类别"), choices=ProviderKind.choices)
    provider_name = forms.CharField(label=_("提供主体（可写明具体机构）"), max_length=200, required=False)
    basis = forms.CharField(label=_("设立依据"), widget=forms.Textarea(attrs={"rows": 2}))
    effective_from = forms.DateField(label=_("施行日期"), widget=forms.DateInput(attrs={"type": "date"}))
    effective_to = forms.DateField(
        label=_("截止日期（可不填）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    order = forms.IntegerField(label=_("显示顺序"), min_value=0, max_value=32767, initial=0)

    def __init__(self, *args: Any, provinces: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = provinces  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, item: ServiceItem) -> dict[str, object]:
        fields = [name for name in cls.base_fields if name != "province"]
        return {"province": item.province_id, **{name: getattr(item, name) for name in fields}}

    def to_input(self) -> ServiceItemInput:
        d = self.cleaned_data
        return ServiceItemInput(
            code=d["code"],
            name=d["name"],
            kind=d["kind"],
            target_group=d["target_group"],
            content=d["content"],
            modes=tuple(d["modes"]),
            fee_status=d["fee_status"],
            fee_basis=d["fee_basis"],
            provider_kind=d["provider_kind"],
            provider_name=d["provider_name"],
            basis=d["basis"],
            effective_from=d["effective_from"],
            effective_to=d["effective_to"],
            order=d["order"],
        )


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("停用原因"), max_length=300)
