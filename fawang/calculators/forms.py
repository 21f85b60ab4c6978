"""The calculator forms (J10). They parse text into numbers and dates only; every rule (ranges, grades, dates,
missing regional figures) is checked once, in the engines, and comes back as a Chinese message on the field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from fawang.calculators.engines.litigation import FeeKind
from fawang.calculators.selectors import regional_figures_list

GRADES: list[tuple[str, StrOrPromise]] = [
    ("", _("未评定伤残 / 不适用")),
    *((str(g), format_lazy(_("{grade}级"), grade=g)) for g in range(1, 11)),
]
# The engine's FEE_KIND_LABELS (the engines import no Django), marked for translation; a test keeps them equal.
FEE_KIND_CHOICES: list[tuple[str, StrOrPromise]] = [
    (FeeKind.PROPERTY.value, _("财产案件（含有争议金额的知识产权民事案件）")),
    (FeeKind.DIVORCE.value, _("离婚案件")),
    (FeeKind.PERSONALITY.value, _("侵害人格权案件（姓名权、名称权、肖像权、名誉权、荣誉权等）")),
    (FeeKind.OTHER_NON_PROPERTY.value, _("其他非财产案件")),
    (FeeKind.IP_NO_AMOUNT.value, _("知识产权民事案件（没有争议金额）")),
    (FeeKind.LABOUR.value, _("劳动争议案件")),
    (FeeKind.ADMIN_SPECIAL.value, _("商标、专利、海事行政案件")),
    (FeeKind.ADMIN_OTHER.value, _("其他行政案件")),
    (FeeKind.JURISDICTION_OBJECTION.value, _("管辖权异议（异议不成立的）")),
    (FeeKind.EXECUTION.value, _("申请执行")),
    (FeeKind.PRESERVATION.value, _("申请保全")),
    (FeeKind.PAYMENT_ORDER.value, _("申请支付令")),
]
REGIONAL_HINT = _("可在当地统计局（或人力资源社会保障部门）发布的统计公报中查到")


def _money(
    label: StrOrPromise, help_text: StrOrPromise = "", *, required: bool = False
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        max_digits=16,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


def _date(label: StrOrPromise, help_text: StrOrPromise = "", *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, help_text=help_text, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


def _grade(label: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=GRADES, coerce=int, empty_value=None, required=False)


def _regional_help(attribute: str, what: StrOrPromise) -> str:
    configured = [f for f in regional_figures_list() if getattr(f, attribute) is not None]
    if not configured:
        return gettext("本平台未配置%(what)s，请填写上一年度的数字（%(hint)s）。") % {
            "what": what,
            "hint": REGIONAL_HINT,
        }
    shown = gettext("；").join(
        gettext("%(year)s年%(amount)s元（%(region)s，%(source)s）")
        % {"year": f.year, "amount": f"{getattr(f, attribute):,.2f}", "region": f.region, "source": f.source}
        for f in configured[:3]
    )
    return gettext("留空则按事件发生的上一年度使用本平台配置的数字：%(shown)s。") % {"shown": shown}


class CalculatorForm(forms.Form):
    kind = ""


class LitigationFeeForm(CalculatorForm):
    kind = "litigation-fee"
    fee_kind = forms.ChoiceField(label=_("案件或申请类型"), choices=FEE_KIND_CHOICES)
    amount = _money(
        _("金额（元）"),
        _(
            "财产案件填诉讼请求金额；执行、保全填执行金额或保全财产数额；离婚案件填分割的财产总额；"
            "人格权案件填请求的损害赔偿金额；不涉及金额的留空。"
        ),
    )
    simplified = forms.BooleanField(label=_("适用简易程序（案件受理费减半）"), required=False)
    on = _date(_("起诉或申请日期"), _("留空按今天计算。"))


class SeveranceForm(CalculatorForm):
    kind = "severance"
    start = _date(_("入职日期（用工之日）"), required=True)
    end = _date(_("劳动合同解除或者终止的日期（最后工作日）"), required=True)
    wages = forms.CharField(
        label=_("解除或者终止前12个月的工资（元）"),
        help_text=_("每月一个数，用空格或逗号隔开；不足12个月的按实际月数填写；也可以只填一个月平均工资。"),
        max_length=400,
    )
    local_average_wage = _money(_("本地区上年度职工月平均工资（元/月）"))
    unlawful = forms.BooleanField(
        label=_("用人单位违法解除或者终止劳动合同（按二倍支付赔偿金）"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_average_wage"].help_text = gettext(
            "用于核对三倍封顶（劳动合同法第四十七条第二款）。"
        ) + _regional_help("average_monthly_wage", _("本地区职工月平均工资"))

    def clean_wages(self) -> tuple[Decimal, ...]:
        parts = [p for p in re.split(r"[\s,，、;；]+", self.cleaned_data["wages"]) if p]
        try:
            wages = tuple(Decimal(p) for p in parts)
        except InvalidOperation as exc:
            raise forms.ValidationError(_("工资只能填数字，每月一个，用空格或逗号隔开。")) from exc
        if not wages or any(not w.is_finite() for w in wages):
            raise forms.ValidationError(_("工资只能填数字，每月一个，用空格或逗号隔开。"))
        return wages


class DoubleWageForm(CalculatorForm):
    kind = "double-wage"
    monthly_wage = _money(_("月工资（元）"), required=True)
    months_without_contract = forms.IntegerField(
        label=_("自入职起未签书面劳动合同的月数"),
        help_text=_("从入职当月算起，包括第一个月。例如入职8个月仍未签合同，填8。"),
    )
    on = _date(_("计算日期"), _("申请仲裁或者补签合同的日期；留空按今天计算。"))


class WorkInjuryForm(CalculatorForm):
    kind = "work-injury"
    outcome = forms.ChoiceField(
        label=_("情形"), choices=[("disability", _("工伤致残")), ("death", _("因工死亡"))]
    )
    on = _date(_("受伤（确诊职业病）或者死亡的日期"), _("留空按今天计算。"))
    grade = _grade(_("伤残等级（致残时填写）"))
    own_wage = _money(_("本人工资（元/月）"), _("受伤或者患职业病前12个月的平均月缴费工资。"), required=True)
    regional_average_wage = _money(_("统筹地区上年度职工月平均工资（元/月）"))
    spouse = forms.BooleanField(label=_("配偶为供养亲属（因工死亡时）"), required=False)
    spouse_lonely = forms.BooleanField(label=_("配偶为孤寡老人"), required=False)
    others = forms.IntegerField(label=_("其他供养亲属人数"), required=False, min_value=0, max_value=20)
    others_lonely = forms.IntegerField(
        label=_("其中孤寡老人或者孤儿人数"), required=False, min_value=0, max_value=20
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regional_average_wage"].help_text = gettext(
            "用于本人工资的60%保底和300%封顶，以及丧葬补助金。"
        ) + _regional_help("average_monthly_wage", _("统筹地区职工月平均工资"))


class PersonalInjuryForm(CalculatorForm):
    kind = "personal-injury"
    outcome = forms.ChoiceField(
        label=_("情形"), choices=[("injury", _("受伤（含致残）")), ("death", _("死亡"))]
    )
    on = _date(_("损害发生的日期"), _("留空按今天计算；本计算器适用于2022年5月1日以后发生的损害。"))
    age = forms.IntegerField(label=_("定残或者死亡时的年龄（周岁）"), min_value=0, max_value=150)
    grade = _grade(_("伤残等级"))
    urban_income = _money(_("受诉法院所在地上一年度城镇居民人均可支配收入（元/年）"))
    average_monthly_wage = _money(_("受诉法院所在地上一年度职工月平均工资（元/月，死亡时计算丧葬费）"))
    medical = _money(_("医疗费（元）"), _("按医疗费票据、病历填写。"))
    lost_earnings = _money(_("误工费（元）"))
    nursing = _money(_("护理费（元）"))
    property_loss = _money(_("财产损失（元）"), _("交通事故中的车辆、物品损失。"))
    traffic = forms.BooleanField(label=_("机动车交通事故（显示交强险先行赔付）"), required=False)
    no_fault = forms.BooleanField(label=_("肇事机动车一方在事故中无责任"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["urban_income"].help_text = _regional_help(
            "urban_disposable_income", _("城镇居民人均可支配收入")
        )
        self.fields["average_monthly_wage"].help_text = _regional_help(
            "average_monthly_wage", _("职工月平均工资")
        )


class LawyerFeeForm(CalculatorForm):
    kind = "lawyer-fee"
    amount = _money(_("争议标的额（元）"), required=True)
    on = _date(_("委托日期"), _("留空按今天计算。"))


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
