"""Knowledge API (J2, J4, J5, J8): statute search, smart consultation, classification, FAQ list. Public, throttled.

Public endpoints are `AllowAny` and accept token authentication only (no session, so no CSRF): partner clients such
as the online robot use a token and are not throttled; anonymous callers share `KnowledgeAnonThrottle` (per client
address; the rate is `FAWANG_RATE_LIMITS["search"]` when set, else 60/m; see docs/knowledge.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from fawang.core import clock
from fawang.knowledge import selectors
from fawang.knowledge.consult import MAX_QUESTION_CHARS, category_classify, consultation_smart
from fawang.knowledge.search import MAX_QUERY_CHARS, MAX_TOP_K, search_filters_build, statute_search
from fawang.statutes.models import InstrumentLevel

DEFAULT_ANON_RATE = "60/m"


class KnowledgeAnonThrottle(AnonRateThrottle):
    """Anonymous callers of the public knowledge endpoints, per client address."""

    scope = "knowledge"

    def get_rate(self) -> str:
        rates: dict[str, str] = getattr(settings, "FAWANG_RATE_LIMITS", {})
        return str(
            getattr(settings, "KNOWLEDGE_API_ANON_RATE", "") or rates.get("search") or DEFAULT_ANON_RATE
        )


class PublicApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = [TokenAuthentication]
    throttle_classes = [KnowledgeAnonThrottle]


def _bad(message: str) -> Response:
    return Response({"detail": message}, status=status.HTTP_400_BAD_REQUEST)


class QuestionInput(serializers.Serializer[dict[str, Any]]):
    question = serializers.CharField(
        allow_blank=True, trim_whitespace=True, help_text=f"咨询问题，最多 {MAX_QUESTION_CHARS} 字"
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, dict) and "question" in data and not isinstance(data["question"], str):
            raise serializers.ValidationError({"question": ["question 必须是字符串。"]})
        validated: dict[str, Any] = super().to_internal_value(data)
        return validated

    def validate_question(self, value: str) -> str:
        if len(value) > MAX_QUESTION_CHARS:
            raise serializers.ValidationError(f"问题过长：最多 {MAX_QUESTION_CHARS} 字。")
        if "\x00" in value:
            raise serializers.ValidationError("问题中含有无法识别的字符。")
        return value


# --- search -------------------------------------------------------------------------------------------------


@extend_schema_serializer(component_name="StatuteSearchHit")
class SearchHitSerializer(serializers.Serializer[Any]):
    article_id = serializers.IntegerField(help_text="条文编号")
    law = serializers.CharField(help_text="法律法规全称")
    short_title = serializers.CharField(help_text="简称")
    article = serializers.CharField(help_text="条文序号，如 第五十四条")
    snippet = serializers.CharField(help_text="摘要；命中的词用【】标出")
    score = serializers.FloatField(help_text="相关度（仅用于排序）")
    level = serializers.CharField(help_text="效力级别")
    current = serializers.BooleanField(help_text="是否现行有效版本")
    status = serializers.CharField(help_text="时效性代码")
    status_label = serializers.CharField(help_text="时效性")
    instrument_id = serializers.IntegerField()
    instrument_url = serializers.CharField(help_text="法规全文页面")
    url = serializers.CharField(help_text="条文永久链接")


def _flag(raw: str | None, default: bool) -> bool | None:
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes"):
        return True
    if lowered in ("0", "false", "no"):
        return False
    return None


class StatuteSearchApi(PublicApi):
    @extend_schema(
        operation_id="knowledge_statutes_search",
        summary="法条检索（口语化问题可用）",
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, required=True, description=f"问题或关键词，最多 {MAX_QUERY_CHARS} 字"
            ),
            OpenApiParameter("top_k", OpenApiTypes.INT, description=f"返回条数，1-{MAX_TOP_K}，默认 10"),
            OpenApiParameter(
                "level",
                OpenApiTypes.STR,
                many=True,
                description="效力级别，可重复或用逗号分隔，如 法律,司法解释",
            ),
            OpenApiParameter("current_only", OpenApiTypes.BOOL, description="只检索现行有效版本，默认 true"),
            OpenApiParameter("instrument", OpenApiTypes.STR, description="限定法律法规：编号、全称或简称"),
        ],
        responses={200: SearchHitSerializer(many=True)},
        tags=["knowledge"],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        query = params.get("q")
        if query is None:
            return _bad("缺少参数 q（检索内容）。")
        if len(query) > MAX_QUERY_CHARS:
            return _bad(f"检索内容过长：最多 {MAX_QUERY_CHARS} 字。")
        try:
            top_k = int(params.get("top_k") or 10)
        except ValueError:
            return _bad("top_k 必须是整数。")
        if not 1 <= top_k <= MAX_TOP_K:
            return _bad(f"top_k 必须在 1 到 {MAX_TOP_K} 之间。")
        levels = [part.strip() for raw in params.getlist("level") for part in raw.split(",") if part.strip()]
        unknown = [level for level in levels if level not in InstrumentLevel.values]
        if unknown:
            return _bad(f"未知的效力级别：{'、'.join(unknown)}。")
        current_only = _flag(params.get("current_only"), True)
        if current_only is None:
            return _bad("current_only 只能是 true 或 false。")
        filters = search_filters_build(
            levels=levels, current_only=current_only, instrument=params.get("instrument", "")
        )
        hits = statute_search(query=query, top_k=top_k, filters=filters)
        return Response(SearchHitSerializer(hits, many=True).data)


# --- classification ------------------------------------------------------------------------------------------


@extend_schema_serializer(component_name="CategoryClassifyResult")
class CategorySerializer(serializers.Serializer[Any]):
    category = serializers.CharField(help_text="纠纷类别（20 类之一；无法判断时为 综合咨询）")
    confidence = serializers.FloatField(help_text="置信度 0-1，仅供参考")


class CategoryClassifyApi(PublicApi):
    @extend_schema(
        operation_id="knowledge_categories_classify",
        summary="判断咨询问题的纠纷类别",
        request=QuestionInput,
        responses={200: CategorySerializer},
        examples=[OpenApiExample("示例", value={"question": "老公家暴，我想离婚"}, request_only=True)],
        tags=["knowledge"],
    )
    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            return _bad("请求必须是包含 question 字段的 JSON 对象。")
        serializer = QuestionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = category_classify(question=serializer.validated_data["question"])
        return Response(CategorySerializer(result).data)


# --- smart consultation --------------------------------------------------------------------------------------


@extend_schema_serializer(component_name="SmartConsultationInput")
class SmartInput(QuestionInput):
    site = serializers.IntegerField(required=False, allow_null=True, help_text="就近站点编号（可选）")


class ServiceSerializer(serializers.Serializer[Any]):
    service = serializers.CharField(
        help_text="服务代码：legal_aid、mediation、notary、appraisal、lawyer_referral、consultation"
    )
    label = serializers.CharField()  # type: ignore[assignment]  # an output field named "label", not Field.label
    reason = serializers.CharField(help_text="建议理由")
    basis = serializers.CharField(help_text="依据（可为空）")


class FaqBriefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    question = serializers.CharField()
    answer = serializers.CharField()
    category = serializers.CharField()


class SiteSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    opening_hours = serializers.CharField()


class HumanSerializer(serializers.Serializer[Any]):
    hotline = serializers.CharField(help_text="12348")
    site = SiteSerializer(allow_null=True, help_text="就近站点（提供 site 时）")


@extend_schema_serializer(component_name="SmartConsultationResult")
class SmartOutput(serializers.Serializer[Any]):
    question = serializers.CharField()
    category = serializers.CharField(help_text="纠纷类别；问题为空时为空字符串")
    confidence = serializers.FloatField()
    matter = serializers.CharField(allow_null=True, help_text="可能属于的法律援助事项代码（仅供参考）")
    articles = SearchHitSerializer(many=True)
    faqs = FaqBriefSerializer(many=True)
    services = ServiceSerializer(many=True)
    human = HumanSerializer()
    notice = serializers.CharField(help_text="免责提示：仅供参考，不构成律师意见")
    empty_reason = serializers.CharField(help_text="没有结果时的说明")


class SmartConsultationApi(PublicApi):
    @extend_schema(
        operation_id="knowledge_consultations_smart",
        summary="智能咨询：类别、相关法条、常见问题解答、可找的服务",
        request=SmartInput,
        responses={200: SmartOutput},
        examples=[OpenApiExample("示例", value={"question": "同事借我钱不还怎么办"}, request_only=True)],
        tags=["knowledge"],
    )
    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            return _bad("请求必须是包含 question 字段的 JSON 对象。")
        serializer = SmartInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        site_id = serializer.validated_data.get("site")
        site = selectors.consultation_sites().filter(pk=site_id).first() if site_id else None
        answer = consultation_smart(
            question=serializer.validated_data["question"], region=site.region if site else None
        )
        return Response(SmartOutput(answer).data)


# --- FAQ list -----------------------------------------------------------------------------------------------


@extend_schema_serializer(component_name="FaqItem")
class FaqSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    question = serializers.CharField()
    answer = serializers.CharField()
    category = serializers.CharField()
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True)
    citation_state = serializers.CharField(help_text="ok / none / flagged（引用需复核）")


class FaqListApi(PublicApi):
    @extend_schema(
        operation_id="knowledge_faqs_list",
        summary="常见问题解答（当前生效的）",
        parameters=[OpenApiParameter("category", OpenApiTypes.STR, description="纠纷类别")],
        responses={200: FaqSerializer(many=True)},
        tags=["knowledge"],
    )
    def get(self, request: Request) -> Response:
        category = request.query_params.get("category", "")
        today = clock.local_today()
        items = [item for item in selectors.faq_list(category=category) if item.is_effective(today)]
        return Response(FaqSerializer(items, many=True).data)
