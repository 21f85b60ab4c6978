"""The calculator forms (J10). They parse text into numbers and dates only; every rule (ranges, grades, dates,
missing regional figures) is checked once, in the engines, and comes back as a Chinese message on the field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from fawang.calculators.engines.litigation import FEE_KIND_LABELS
from fawang.calculators.selectors import regional_figures_list

GRADES = [("", "未评定伤残 / 不适用")] + [(str(g), f"{g}级") for g in range(1, 11)]
REGIONAL_HINT = "可在当地统计局（或人力资源社会保障部门）发布的统计公报中查到"


def _money(label: str, help_text: str = "", *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        max_digits=16,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


def _date(label: str, help_text: str = "", *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, help_text=help_text, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


def _grade(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=GRADES, coerce=int, empty_value=None, required=False)


def _regional_help(attribute: str, what: str) -> str:
    configured = [f for f in regional_figures_list() if getattr(f, attribute) is not None]
    if not configured:
        return f"本平台未配置{what}，请填写上一年度的数字（{REGIONAL_HINT}）。"
    shown = "；".join(
        f"{f.year}年{getattr(f, attribute):,.2f}元（{f.region}，{f.source}）" for f in configured[:3]
    )
    return f"留空则按事件发生的上一年度使用本平台配置的数字：{shown}。"


class CalculatorForm(forms.Form):
    kind = ""


class LitigationFeeForm(CalculatorForm):
    kind = "litigation-fee"
    fee_kind = forms.ChoiceField(
        label="案件或申请类型", choices=[(k.value, v) for k, v in FEE_KIND_LABELS.items()]
    )
    amount = _money(
        "金额（元）",
        "财产案件填诉讼请求金额；执行、保全填执行金额或保全财产数额；离婚案件填分割的财产总额；"
        "人格权案件填请求的损害赔偿金额；不涉及金额的留空。",
    )
    simplified = forms.BooleanField(label="适用简易程序（案件受理费减半）", required=False)
    on = _date("起诉或申请日期", "留空按今天计算。")


class SeveranceForm(CalculatorForm):
    kind = "severance"
    start = _date("入职日期（用工之日）", required=True)
    end = _date("劳动合同解除或者终止的日期（最后工作日）", required=True)
    wages = forms.CharField(
        label="解除或者终止前12个月的工资（元）",
        help_text="每月一个数，用空格或逗号隔开；不足12个月的按实际月数填写；也可以只填一个月平均工资。",
        max_length=400,
    )
    local_average_wage = _money("本地区上年度职工月平均工资（元/月）")
    unlawful = forms.BooleanField(
        label="用人单位违法解除或者终止劳动合同（按二倍支付赔偿金）", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_average_wage"].help_text = (
            "用于核对三倍封顶（劳动合同法第四十七条第二款）。"
            + _regional_help("average_monthly_wage", "本地区职工月平均工资")
        )

    def clean_wages(self) -> tuple[Decimal, ...]:
        parts = [p for p in re.split(r"[\s,，、;；]+", self.cleaned_data["wages"]) if p]
        try:
            wages = tuple(Decimal(p) for p in parts)
        except InvalidOperation as exc:
            raise forms.ValidationError("工资只能填数字，每月一个，用空格或逗号隔开。") from exc
        if not wages or any(not w.is_finite() for w in wages):
            raise forms.ValidationError("工资只能填数字，每月一个，用空格或逗号隔开。")
        return wages


class DoubleWageForm(CalculatorForm):
    kind = "double-wage"
    monthly_wage = _money("月工资（元）", required=True)
    months_without_contract = forms.IntegerField(
        label="自入职起未签书面劳动合同的月数",
        help_text="从入职当月算起，包括第一个月。例如入职8个月仍未签合同，填8。",
    )
    on = _date("计算日期", "申请仲裁或者补签合同的日期；留空按今天计算。")


class WorkInjuryForm(CalculatorForm):
    kind = "work-injury"
    outcome = forms.ChoiceField(label="情形", choices=[("disability", "工伤致残"), ("death", "因工死亡")])
    on = _date("受伤（确诊职业病）或者死亡的日期", "留空按今天计算。")
    grade = _grade("伤残等级（致残时填写）")
    own_wage = _money("本人工资（元/月）", "受伤或者患职业病前12个月的平均月缴费工资。", required=True)
    regional_average_wage = _money("统筹地区上年度职工月平均工资（元/月）")
    spouse = forms.BooleanField(label="配偶为供养亲属（因工死亡时）", required=False)
    spouse_lonely = forms.BooleanField(label="配偶为孤寡老人", required=False)
    others = forms.IntegerField(label="其他供养亲属人数", required=False, min_value=0, max_value=20)
    others_lonely = forms.IntegerField(
        label="其中孤寡老人或者孤儿人数", required=False, min_value=0, max_value=20
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regional_average_wage"].help_text = (
            "用于本人工资的60%保底和300%封顶，以及丧葬补助金。"
            + _regional_help("average_monthly_wage", "统筹地区职工月平均工资")
        )


class PersonalInjuryForm(CalculatorForm):
    kind = "personal-injury"
    outcome = forms.ChoiceField(label="情形", choices=[("injury", "受伤（含致残）"), ("death", "死亡")])
    on = _date("损害发生的日期", "留空按今天计算；本计算器适用于2022年5月1日以后发生的损害。")
    age = forms.IntegerField(label="定残或者死亡时的年龄（周岁）", min_value=0, max_value=150)
    grade = _grade("伤残等级")
    urban_income = _money("受诉法院所在地上一年度城镇居民人均可支配收入（元/年）")
    average_monthly_wage = _money("受诉法院所在地上一年度职工月平均工资（元/月，死亡时计算丧葬费）")
    medical = _money("医疗费（元）", "按医疗费票据、病历填写。")
    lost_earnings = _money("误工费（元）")
    nursing = _money("护理费（元）")
    property_loss = _money("财产损失（元）", "交通事故中的车辆、物品损失。")
    traffic = forms.BooleanField(label="机动车交通事故（显示交强险先行赔付）", required=False)
    no_fault = forms.BooleanField(label="肇事机动车一方在事故中无责任", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["urban_income"].help_text = _regional_help(
            "urban_disposable_income", "城镇居民人均可支配收入"
        )
        self.fields["average_monthly_wage"].help_text = _regional_help(
            "average_monthly_wage", "职工月平均工资"
        )


class LawyerFeeForm(CalculatorForm):
    kind = "lawyer-fee"
    amount = _money("争议标的额（元）", required=True)
    on = _date("委托日期", "留空按今天计算。")


FORMS: dict[str, type[CalculatorForm]] = {
    f.kind: f
    for f in (
        LitigationFeeForm,
        SeveranceForm,
        DoubleWageForm,
        WorkInjuryForm,
        PersonalInjuryForm,
        LawyerFeeForm,
    )
}
