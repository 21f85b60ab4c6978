"""REST API for public comment on drafts (Q1–Q3, Q5, Q6): public reads of published drafts and their summaries,
and comment submission (anonymous where the draft allows it, else with the signed-in session or token).

Thin: serializers parse; `legislation.services.comment_submit` decides, exactly as for the portal page.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.core import clock
from fawang.legislation.models import Draft, DraftStatus, Phase
from fawang.legislation.selectors import draft_get_public, draft_list_public, draft_summary
from fawang.legislation.services import comment_submit
from fawang.portal.api import PublicThrottle


@extend_schema_serializer(component_name="LegislationArticle")
class ArticleOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    label = serializers.CharField(help_text="条号，如“第三条”")  # type: ignore[assignment]  # a field named like Field.label
    text = serializers.CharField(help_text="条文")


@extend_schema_serializer(component_name="LegislationHearing")
class HearingOut(serializers.Serializer[Any]):
    starts_at = serializers.DateTimeField(help_text="举行时间")
    place = serializers.CharField(help_text="地点")
    subject = serializers.CharField(help_text="听证事项")


@extend_schema_serializer(component_name="LegislationInvitation")
class InvitationOut(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="disabled 残疾人组织 / elderly 老年人组织")
    organisation = serializers.CharField(help_text="受邀组织")
    invited_on = serializers.DateField(help_text="邀请日期")
    method = serializers.CharField(source="get_method_display", help_text="邀请方式")


@extend_schema_serializer(component_name="LegislationDraftItem")
class DraftItemOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text="标题")
    kind = serializers.CharField(help_text="rule 规章 / normative 行政规范性文件")
    drafting_body = serializers.CharField(help_text="起草单位")
    region = serializers.CharField(source="region.name", help_text="制定机关所在地")
    opens_on = serializers.DateField(help_text="征求意见开始日期")
    closes_on = serializers.DateField(help_text="征求意见截止日期（含当日）")
    phase = serializers.SerializerMethodField(help_text="upcoming / open / closed / summary（按日期计算）")
    identity_mode = serializers.CharField(help_text="real_name 须实名 / anonymous_allowed 可匿名")
    concerns_accessibility = serializers.BooleanField(help_text="涉及无障碍环境建设")

    def get_phase(self, obj: Draft) -> str:
        return str(obj.phase_on(clock.local_today()).value)


@extend_schema_serializer(component_name="LegislationArticleCount")
class ArticleCountOut(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    total = serializers.IntegerField()
    by_handling = serializers.DictField(child=serializers.IntegerField())


@extend_schema_serializer(component_name="LegislationSourceCount")
class SourceCountOut(serializers.Serializer[Any]):
    label = serializers.CharField(help_text="网上提交，或“基层立法联系点：名称”")  # type: ignore[assignment]  # a field named like Field.label
    count = serializers.IntegerField()


@extend_schema_serializer(component_name="LegislationSummary")
class SummaryOut(serializers.Serializer[Any]):
    text = serializers.CharField(help_text="主要意见及采纳情况说明")
    total = serializers.IntegerField(help_text="意见总数（含基层立法联系点收集的意见）")
    by_handling = serializers.DictField(child=serializers.IntegerField(), help_text="按处理结果的数量")
    by_article = ArticleCountOut(many=True)
    by_source = SourceCountOut(many=True)


@extend_schema_serializer(component_name="LegislationDraft")
class DraftOut(DraftItemOut):
    explanation = serializers.CharField(help_text="起草说明")
    articles = ArticleOut(many=True, source="articles.all")
    hearings = HearingOut(many=True, source="hearings.all")
    invitations = serializers.SerializerMethodField(help_text="无障碍：已邀请的残联、老龄组织代表（Q6）")
    summary = serializers.SerializerMethodField(help_text="意见采纳情况；公布前为 null（Q3）")

    @extend_schema_field(InvitationOut(many=True))
    def get_invitations(self, obj: Draft) -> list[dict[str, Any]]:
        if not obj.concerns_accessibility:
            return []
        return list(InvitationOut(obj.invitations.all(), many=True).data)

    @extend_schema_field(SummaryOut(allow_null=True))
    def get_summary(self, obj: Draft) -> dict[str, Any] | None:
        if obj.status != DraftStatus.SUMMARY_PUBLISHED:
            return None
        summary = draft_summary(draft=obj)
        return {
            "text": obj.summary_text,
            "total": summary.total,
            "by_handling": dict(summary.by_handling),
            "by_article": [
                {"label": a.label, "total": a.total, "by_handling": a.by_handling} for a in summary.by_article
            ],
            "by_source": [{"label": s.label, "count": s.count} for s in summary.by_source],
        }


@extend_schema_serializer(component_name="LegislationCommentInput")
class CommentIn(serializers.Serializer[Any]):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False, help_text="意见内容，最多5000字")
    article = serializers.IntegerField(
        required=False, allow_null=True, help_text="针对的条文 id；省略则针对草案整体"
    )
    anonymous = serializers.BooleanField(
        required=False, default=False, help_text="匿名提交（仅限允许匿名的草案）"
    )
    name = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="实名时的姓名；省略则用账号姓名"
    )
    id_number = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="身份证号码，可不填"
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="附件：PDF、Word 或图片，最多5个",
    )


@extend_schema_serializer(component_name="LegislationCommentReceipt")
class ReceiptOut(serializers.Serializer[Any]):
    reference = serializers.CharField(help_text="意见编号（回执）")
    draft = serializers.IntegerField(source="draft_id")
    article = serializers.CharField(
        source="article.label", allow_null=True, default=None, help_text="针对的条文"
    )
    anonymous = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(source="created_at")
    attachments = serializers.IntegerField(source="attachments.count", help_text="附件数")


class DraftListApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []

    @extend_schema(
        operation_id="legislation_drafts_list",
        summary="立法征求意见：已发布的征求意见稿（正在征求、已截止、已公布采纳情况）",
        parameters=[
            OpenApiParameter("phase", str, enum=["upcoming", "open", "closed", "summary"], required=False)
        ],
        responses={200: DraftItemOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        phase = request.query_params.get("phase", "")
        if phase not in (Phase.UPCOMING, Phase.OPEN, Phase.CLOSED, Phase.SUMMARY):
            phase = ""
        return Response(DraftItemOut(draft_list_public(phase=phase), many=True).data)


class DraftDetailApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []

    @extend_schema(
        operation_id="legislation_draft_retrieve",
        summary="征求意见稿：起草说明、条文、听证会、无障碍邀请和公布后的意见采纳情况",
        responses={200: DraftOut},
    )
    def get(self, request: Request, draft_id: int) -> Response:
        return Response(DraftOut(draft_get_public(draft_id=draft_id)).data)


class CommentApi(APIView):
    """Anonymous comments need no sign-in; real-name comments use the session or a token (Q2)."""

    permission_classes = [AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    throttle_classes = [PublicThrottle]

    @extend_schema(
        operation_id="legislation_comment_create",
        summary="对征求意见稿提出意见（整体或某一条；实名或按草案设置匿名），返回意见编号",
        request={"application/json": CommentIn, "multipart/form-data": CommentIn},
        responses={201: ReceiptOut},
    )
    def post(self, request: Request, draft_id: int) -> Response:
        data = CommentIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        created = comment_submit(
            actor=request.user if isinstance(request.user, User) else None,
            draft_id=draft_id,
            body=values["body"],
            article_id=values.get("article"),
            anonymous=values["anonymous"],
            name=values["name"],
            id_number=values["id_number"],
            files=values["attachments"],
        )
        return Response(ReceiptOut(created).data, status=201)
