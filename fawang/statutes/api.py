"""POST /api/v1/citations/check/: find and verify statute citations in a text (J8). Public."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.statutes.services import CitationStatus, citation_check

MAX_TEXT_BYTES = 100 * 1024


class CitationCheckApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []  # public and stateless: no session, so no CSRF

    @extend_schema_serializer(component_name="CitationCheckInput")
    class InputSerializer(serializers.Serializer[dict[str, Any]]):
        text = serializers.CharField(
            allow_blank=True, trim_whitespace=False, help_text="待检查的文本，最多 100 KB"
        )

        def to_internal_value(self, data: Any) -> dict[str, Any]:
            if isinstance(data, dict) and "text" in data and not isinstance(data["text"], str):
                raise serializers.ValidationError({"text": ["text 必须是字符串。"]})
            validated: dict[str, Any] = super().to_internal_value(data)
            return validated

        def validate_text(self, value: str) -> str:
            if len(value.encode("utf-8")) > MAX_TEXT_BYTES:
                raise serializers.ValidationError("文本过长：最多 100 KB。")
            return value

    @extend_schema_serializer(component_name="CitationCheckResult")
    class OutputSerializer(serializers.Serializer[Any]):
        start = serializers.IntegerField(help_text="在文本中的起始位置（字符）")
        end = serializers.IntegerField(help_text="结束位置（不含）")
        raw = serializers.CharField(help_text="原文")
        law_title = serializers.CharField(help_text="法律法规标题")
        article_label = serializers.CharField(help_text="条文序号，如 第三十条之一")
        status = serializers.ChoiceField(
            choices=[
                CitationStatus.OK,
                CitationStatus.UNKNOWN_LAW,
                CitationStatus.UNKNOWN_ARTICLE,
                CitationStatus.REPEALED,
            ]
        )
        status_label = serializers.CharField()
        article_id = serializers.IntegerField(allow_null=True)
        url = serializers.CharField(allow_blank=True)

    @extend_schema(
        operation_id="citations_check",
        summary="检查文本中的法条引用",
        request=InputSerializer,
        responses={200: OutputSerializer(many=True)},
        examples=[
            OpenApiExample("示例", value={"text": "依据《民法典》第一千零七十九条"}, request_only=True)
        ],
        tags=["statutes"],
    )
    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            return Response(
                {"detail": "请求必须是包含 text 字段的 JSON 对象。"}, status=status.HTTP_400_BAD_REQUEST
            )
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        results = citation_check(text=serializer.validated_data["text"])
        return Response(self.OutputSerializer(results, many=True).data)
