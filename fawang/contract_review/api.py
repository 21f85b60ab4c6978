"""POST /api/v1/contract-review/: contract review as a public, stateless JSON API (J10).

No sign-in, no session, nothing stored, no database query. The serializer parses types; the rules are checked once,
in the engine, and a refusal is a 400 whose body maps the field to a Chinese message. The portal's public throttle
applies. Citations come as text; a client can resolve them with the citation check endpoint.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.contract_review.engine.model import STATUS_LABELS, Report, ReviewError, Status
from fawang.contract_review.engine.review import MAX_CHARS
from fawang.contract_review.selectors import NOTICE, contract_review_run, contract_type_list
from fawang.core import clock
from fawang.portal.api import PublicThrottle


@extend_schema_serializer(component_name="ContractReviewInput")
class ReviewIn(serializers.Serializer[Any]):
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=f"合同全文（纯文本，中文），最多{MAX_CHARS}字"
    )
    contract_type = serializers.ChoiceField(
        choices=[(t.key, t.title) for t in contract_type_list()],
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="合同类型；省略则按合同文字自动识别（识别不出时返回400）",
    )
    signed_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="合同签订日期，用于选择当时适用的规则；省略则取合同中写的签订日期，没有的按今天",
    )


@extend_schema_serializer(component_name="ContractReviewSpan")
class SpanOut(serializers.Serializer[Any]):
    start = serializers.IntegerField(help_text="在提交的文字中的起始位置（字符，从0起）")
    end = serializers.IntegerField(help_text="结束位置（不含）")
    text = serializers.CharField(help_text="匹配到的文字")
    quote = serializers.CharField(help_text="匹配所在的句子（过长时截取）")


@extend_schema_serializer(component_name="ContractReviewFinding")
class FindingOut(serializers.Serializer[Any]):
    rule = serializers.CharField(source="rule_id", help_text="规则编号")
    kind = serializers.ChoiceField(
        choices=[("clause", "条款"), ("risk", "风险")], help_text="clause：条款；risk：风险检查"
    )
    title = serializers.CharField(help_text="规则名称")
    status = serializers.ChoiceField(
        choices=[(s.value, STATUS_LABELS[s]) for s in Status],
        help_text="found 已写明 / missing 没有找到 / risk 有风险 / clear 未发现问题 / not_applicable 不适用",
    )
    status_label = serializers.CharField(help_text="状态的中文说明")
    explanation = serializers.CharField(help_text="给当事人看的通俗说明")
    citation = serializers.CharField(help_text="法律依据（法规和条款）")
    span = SpanOut(allow_null=True, help_text="合同中的对应文字；没有时为 null")


@extend_schema_serializer(component_name="ContractTypeSuggestion")
class SuggestionOut(serializers.Serializer[Any]):
    contract_type = serializers.CharField(source="key")
    title = serializers.CharField()
    score = serializers.IntegerField(help_text="得分：标题命中10分，每个关键词1分")


@extend_schema_serializer(component_name="ContractReviewTable")
class TableOut(serializers.Serializer[Any]):
    id = serializers.CharField(help_text="规则表编号")
    version = serializers.CharField(help_text="规则表版本")
    valid_from = serializers.DateField(help_text="施行日期")
    source = serializers.CharField(help_text="来源（法规和条款）")  # type: ignore[assignment]  # a field named like Field.source


@extend_schema_serializer(component_name="ContractReviewReport")
class ReportOut(serializers.Serializer[Any]):
    contract_type = serializers.CharField(help_text="审查所用的合同类型")
    title = serializers.CharField(help_text="合同类型名称")
    type_source = serializers.ChoiceField(
        choices=[("chosen", "用户选择"), ("detected", "自动识别")], help_text="合同类型的来源"
    )
    on = serializers.DateField(help_text="用于选择规则表的合同日期")
    on_source = serializers.ChoiceField(
        choices=[("given", "用户填写"), ("text", "合同中的签订日期"), ("today", "今天")],
        help_text="合同日期的来源",
    )
    counts = serializers.SerializerMethodField(help_text="各状态的数量")
    findings = FindingOut(many=True)
    suggestions = SuggestionOut(many=True, help_text="按文字识别的合同类型，可能性大的在前")
    tables = TableOut(many=True, help_text="使用的规则表")
    notes = serializers.ListField(child=serializers.CharField(), help_text="说明")
    notice = serializers.SerializerMethodField(help_text="提示：仅供参考，不构成律师意见")

    def get_counts(self, obj: Report) -> dict[str, int]:
        return {status.value: obj.count(status) for status in Status}

    def get_notice(self, obj: Report) -> str:
        return str(NOTICE)


class ContractReviewApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []  # public and stateless: no session, so no CSRF
    throttle_classes = [PublicThrottle]

    @extend_schema(
        operation_id="contract_review",
        summary="合同审查：检查15类常见合同的必备条款和风险条款（民法典等）",
        request=ReviewIn,
        responses={
            200: ReportOut,
            400: OpenApiResponse(
                description="输入有误：以字段名（text、contract_type、signed_on）为键的中文错误说明"
            ),
        },
    )
    def post(self, request: Request) -> Response:
        parsed = ReviewIn(data=request.data)
        parsed.is_valid(raise_exception=True)
        data = parsed.validated_data
        try:
            report = contract_review_run(
                text=data["text"],
                contract_type=data.get("contract_type") or None,
                signed_on=data.get("signed_on"),
                today=clock.local_today(),
            )
        except ReviewError as exc:
            raise serializers.ValidationError({exc.field or "detail": [exc.message]}) from exc
        return Response(ReportOut(report).data)
