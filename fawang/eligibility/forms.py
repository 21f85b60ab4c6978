"""The standards editor (C3): one value and one source per parameter of REQUIREMENTS section 3.

The form only shapes the dict; the engine's parser (via the services) decides what is valid, so the page and the
YAML files obey one set of rules. A value left empty with a source given is stored as null ("figure not
published"); a parameter with neither is left out.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from fawang.eligibility.engine.rules import Basis, Comparison
from fawang.eligibility.models import HardshipStandard

BASIS_CHOICES = [
    (Basis.PERCENT_OF_MEAN_INCOME.value, _("上一年度城镇居民人均可支配收入的百分比（如广东）")),
    (Basis.FIXED_AMOUNT.value, _("固定数额（如上海）")),
    (Basis.MINIMUM_WAGE.value, _("当地月最低工资标准（如江苏）")),
    (Basis.MULTIPLE_OF_DIBAO.value, _("最低生活保障标准的倍数（如山东）")),
]
COMPARISON_CHOICES = [
    (Comparison.BELOW.value, _("低于")),
    (Comparison.AT_OR_BELOW.value, _("不高于（含等于）")),
]

# key, label, kind
PARAMETERS: tuple[tuple[str, StrOrPromise, str], ...] = (
    ("effective_from", _("施行日期"), "date"),
    ("effective_to", _("失效日期（含当日，可空）"), "date"),
    ("instrument", _("文件名称（决定书中引用）"), "text"),
    ("basis", _("认定依据"), "basis"),
    ("comparison", _("比较方式"), "comparison"),
    ("income_months", _("收入计算月数"), "int"),
    ("asset_test", _("大额财产认定（可空）"), "text"),
    ("needs_household_size", _("需要家庭人口数"), "bool"),
    ("judicial_assistance_mutual", _("司法救助与法律援助经济困难互认（C22）"), "bool"),
    ("threshold_yuan", _("标准数额（元/月，固定数额）"), "money"),
    ("percent", _("百分比（%）"), "money"),
    ("reference_income_annual_yuan", _("上一年度城镇居民人均可支配收入（元/年）"), "money"),
    ("published_threshold_yuan", _("公布的月标准（元/月）"), "money"),
    ("hardship_expense_percent", _("支出大于收入情形的百分比（%）"), "money"),
    ("minimum_wage_yuan", _("月最低工资标准（元/月）"), "money"),
    ("multiplier", _("低保倍数"), "money"),
    ("dibao_monthly_yuan", _("低保标准（元/月）"), "money"),
)
REQUIRED = frozenset({"effective_from", "instrument", "basis", "comparison", "asset_test"})


def _value_field(key: str, label: StrOrPromise, kind: str) -> forms.Field:
    required = key in ("effective_from", "instrument", "basis", "comparison")
    if kind == "date":
        return forms.DateField(
            label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        )
    if kind == "basis":
        return forms.ChoiceField(label=label, choices=BASIS_CHOICES)
    if kind == "comparison":
        return forms.ChoiceField(label=label, choices=COMPARISON_CHOICES)
    if kind == "int":
        return forms.IntegerField(label=label, required=False, min_value=1, max_value=60)
    if kind == "bool":
        return forms.ChoiceField(
            label=label, required=False, choices=[("", "—"), ("true", _("是")), ("false", _("否"))]
        )
    if kind == "money":
        return forms.DecimalField(label=label, required=False, min_value=0, max_digits=14, decimal_places=2)
    return forms.CharField(label=label, required=required, max_length=500)


class StandardForm(forms.Form):
    reason = forms.CharField(
        label=_("录入或修改理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
    note = forms.CharField(label=_("备注"), required=False, max_length=1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label, kind in PARAMETERS:
            self.fields[key] = _value_field(key, label, kind)
            self.fields[f"{key}__source"] = forms.CharField(
                label=gettext("%(parameter)s的来源") % {"parameter": label},
                required=key in REQUIRED,
                max_length=500,
            )
        self.order_fields(
            [name for key, _label, _kind in PARAMETERS for name in (key, f"{key}__source")]
            + ["note", "reason"]
        )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[key], self[f"{key}__source"]) for key, _label, _kind in PARAMETERS]

    def data_dict(self) -> dict[str, Any]:
        d = self.cleaned_data
        data: dict[str, Any] = {}
        for key, _label, kind in PARAMETERS:
            value, source = d.get(key), (d.get(f"{key}__source") or "").strip()
            if value in (None, "") and not source:
                continue
            if kind == "bool":
                value = {"true": True, "false": False}.get(value or "")
            elif kind == "money" and value is not None:
                value = str(value.normalize()) if value != value.to_integral() else int(value)
            elif kind == "date" and value is not None:
                value = value.isoformat()
            elif value == "":
                value = None
            data[key] = {"value": value, "source": source}
        if (d.get("note") or "").strip():
            data["note"] = d["note"].strip()
        return data


def standard_initial(standard: HardshipStandard) -> dict[str, Any]:
    initial: dict[str, Any] = {"note": standard.data.get("note", "")}
    for key, _label, kind in PARAMETERS:
        if key not in standard.data:
            continue
        value = standard.value(key)
        if kind == "bool":
            value = {True: "true", False: "false"}.get(value, "")
        initial[key] = value
        initial[f"{key}__source"] = standard.source(key)
    return initial


class AreaForm(forms.Form):
    key = forms.SlugField(label=_("地区代码（拼音，如 guangdong-zhongshan）"), max_length=60)
    province = forms.CharField(label=_("省（自治区、直辖市）"), max_length=30)
    prefecture = forms.CharField(label=_("地级市"), max_length=30, required=False)
    county = forms.CharField(label=_("县（市、区）"), max_length=30, required=False)
    code = forms.CharField(label=_("统计用区划代码前缀"), max_length=12, required=False)
    aliases = forms.CharField(label=_("别名（逗号分隔）"), max_length=300, required=False)
