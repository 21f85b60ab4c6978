"""POST /api/v1/calculators/<kind>/: the legal calculators as a public, stateless JSON API (J10).

No sign-in, no session, nothing stored. The serializers parse types; the rules are checked once, in the engines, and
a refusal is a 400 whose body maps the field to a Chinese message. The portal's public throttle applies.
"""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.calculators.engines.common import CalculatorError
from fawang.calculators.engines.litigation import FEE_KIND_LABELS
from fawang.calculators.selectors import NOTICE, calculation_run
from fawang.core import clock
from fawang.portal.api import PublicThrottle


def _money(help_text: str, *, required: bool = False) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=16, decimal_places=2, required=required, allow_null=not required, help_text=help_text
    )


def _date(help_text: str, *, required: bool = False) -> serializers.DateField:
    return serializers.DateField(required=required, allow_null=not required, help_text=help_text)


# ---- inputs ------------------------------------------------------------------------------------------------------


@extend_schema_serializer(component_name="LitigationFeeInput")
class LitigationFeeIn(serializers.Serializer[Any]):
    fee_kind = serializers.ChoiceField(
        choices=[(k.value, v) for k, v in FEE_KIND_LABELS.items()], help_text="案件或申请类型"
    )
    amount = _money(
        "金额（元）：诉讼请求、执行、保全、离婚分割财产总额或人格权损害赔偿金额；不涉及金额的省略"
    )
    simplified = serializers.BooleanField(
        required=False, default=False, help_text="适用简易程序（受理费减半）"
    )
    on = _date("起诉或申请日期，省略为今天")


@extend_schema_serializer(component_name="SeveranceInput")
class SeveranceIn(serializers.Serializer[Any]):
    start = _date("入职日期", required=True)
    end = _date("劳动合同解除或者终止的日期（最后工作日）", required=True)
    wages = serializers.ListField(
        child=serializers.DecimalField(max_digits=16, decimal_places=2),
        min_length=1,
        max_length=12,
        help_text="解除或者终止前12个月的月工资（元），不足12个月的按实际月数",
    )
    local_average_wage = _money("本地区上年度职工月平均工资（元/月）；省略则使用本平台配置的数字（如有）")
    unlawful = serializers.BooleanField(
        required=False, default=False, help_text="违法解除或者终止（二倍赔偿金）"
    )


@extend_schema_serializer(component_name="DoubleWageInput")
class DoubleWageIn(serializers.Serializer[Any]):
    monthly_wage = _money("月工资（元）", required=True)
    months_without_contract = serializers.IntegerField(
        help_text="自入职起未签书面劳动合同的月数（含第一个月）"
    )
    on = _date("计算日期，省略为今天")


@extend_schema_serializer(component_name="WorkInjuryInput")
class WorkInjuryIn(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=[("disability", "工伤致残"), ("death", "因工死亡")])
    on = _date("受伤（确诊职业病）或者死亡的日期，省略为今天")
    grade = serializers.IntegerField(required=False, allow_null=True, help_text="伤残等级 1–10（致残时）")
    own_wage = _money("本人工资：受伤前12个月平均月缴费工资（元/月）", required=True)
    regional_average_wage = _money(
        "统筹地区上年度职工月平均工资（元/月）；省略则使用本平台配置的数字（如有）"
    )
    spouse = serializers.BooleanField(required=False, default=False, help_text="配偶为供养亲属")
    spouse_lonely = serializers.BooleanField(required=False, default=False, help_text="配偶为孤寡老人")
    others = serializers.IntegerField(required=False, default=0, help_text="其他供养亲属人数")
    others_lonely = serializers.IntegerField(required=False, default=0, help_text="其中孤寡老人或者孤儿人数")


@extend_schema_serializer(component_name="PersonalInjuryInput")
class PersonalInjuryIn(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=[("injury", "受伤（含致残）"), ("death", "死亡")])
    on = _date("损害发生的日期，省略为今天")
    age = serializers.IntegerField(help_text="定残或者死亡时的周岁年龄")
    grade = serializers.IntegerField(required=False, allow_null=True, help_text="伤残等级 1–10；未评残的省略")
    urban_income = _money(
        "受诉法院所在地上一年度城镇居民人均可支配收入（元/年）；省略则使用本平台配置的数字（如有）"
    )
    average_monthly_wage = _money(
        "受诉法院所在地上一年度职工月平均工资（元/月，丧葬费）；省略则使用配置（如有）"
    )
    medical = _money("医疗费（元）")
    lost_earnings = _money("误工费（元）")
    nursing = _money("护理费（元）")
    property_loss = _money("财产损失（元）")
    traffic = serializers.BooleanField(
        required=False, default=False, help_text="机动车交通事故：显示交强险先行赔付"
    )
    no_fault = serializers.BooleanField(required=False, default=False, help_text="肇事机动车一方无责任")


@extend_schema_serializer(component_name="LawyerFeeInput")
class LawyerFeeIn(serializers.Serializer[Any]):
    amount = _money("争议标的额（元）", required=True)
    on = _date("委托日期，省略为今天")


# ---- output ------------------------------------------------------------------------------------------------------


def _out_money(help_text: str, *, null: bool = False) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=null, help_text=help_text)


@extend_schema_serializer(component_name="CalculationLine")
class LineOut(serializers.Serializer[Any]):
    label = serializers.CharField(help_text="项目")  # type: ignore[assignment]  # a declared field named like Field.label
    formula = serializers.CharField(help_text="算式（中文）")
    amount = _out_money("金额（元）；幅度项目为下限")
    amount_max = _out_money("幅度项目的上限（元）；不是幅度时为 null", null=True)
    basis = serializers.CharField(help_text="依据（法规和条款）")
    counted = serializers.BooleanField(help_text="是否计入合计（false：计算基数或按月支付的项目）")


@extend_schema_serializer(component_name="CalculationTable")
class TableOut(serializers.Serializer[Any]):
    id = serializers.CharField(help_text="规则表编号")
    version = serializers.CharField(help_text="规则表版本")
    valid_from = serializers.DateField(help_text="施行日期")
    source = serializers.CharField(help_text="来源（法规和条款）")  # type: ignore[assignment]  # a field named like Field.source


@extend_schema_serializer(component_name="CalculationResult")
class ResultOut(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="计算器")
    title = serializers.CharField()
    total = _out_money("合计（元）；有幅度时为下限")
    total_max = _out_money("有幅度时的合计上限（元），否则为 null", null=True)
    lines = LineOut(many=True)
    tables = TableOut(many=True, help_text="使用的规则表")
    notes = serializers.ListField(child=serializers.CharField(), help_text="说明")
    notice = serializers.SerializerMethodField(help_text="免责提示：估算，仅供参考，不构成律师意见")

    def get_notice(self, obj: Any) -> str:
        return str(NOTICE)


BAD_INPUT = OpenApiResponse(description="输入有误：以字段名为键的中文错误说明（未配置标准时键为 detail）")


class CalculatorApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []  # public and stateless: no session, so no CSRF
    throttle_classes = [PublicThrottle]
    kind: ClassVar[str]
    input_class: ClassVar[type[serializers.Serializer[Any]]]

    def calculate(self, request: Request) -> Response:
        parsed = self.input_class(data=request.data)
        parsed.is_valid(raise_exception=True)
        try:
            result = calculation_run(kind=self.kind, data=parsed.validated_data, today=clock.local_today())
        except CalculatorError as exc:
            raise serializers.ValidationError({exc.field or "detail": [exc.message]}) from exc
        return Response(ResultOut(result).data)


# kind → (input, summary): one endpoint per calculator, POST /api/v1/calculators/<kind>/.
ENDPOINTS: dict[str, tuple[type[serializers.Serializer[Any]], str]] = {
    "litigation-fee": (LitigationFeeIn, "诉讼费用计算（《诉讼费用交纳办法》）"),
    "severance": (SeveranceIn, "经济补偿和违法解除赔偿金（劳动合同法第四十七条、第八十七条）"),
    "double-wage": (DoubleWageIn, "未订立书面劳动合同的二倍工资（劳动合同法第八十二条）"),
    "work-injury": (WorkInjuryIn, "工伤待遇（工伤保险条例）"),
    "personal-injury": (PersonalInjuryIn, "人身损害和交通事故赔偿（含交强险先行赔付）"),
    "lawyer-fee": (LawyerFeeIn, "律师服务费估算（按本地区配置的收费标准）"),
}


def _endpoint(kind: str) -> type[CalculatorApi]:
    input_class, summary = ENDPOINTS[kind]

    @extend_schema(
        operation_id=f"calculators_{kind.replace('-', '_')}",
        summary=summary,
        request=input_class,
        responses={200: ResultOut, 400: BAD_INPUT},
    )
    def post(self: CalculatorApi, request: Request) -> Response:
        return self.calculate(request)

    name = "".join(part.title() for part in kind.split("-")) + "Api"
    return type(name, (CalculatorApi,), {"kind": kind, "input_class": input_class, "post": post})


VIEWS = {kind: _endpoint(kind) for kind in ENDPOINTS}
