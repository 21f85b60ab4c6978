"""REST endpoints for the guided applications (issue 4 §3, §7): drafts, screens, uploads, pre-check, submission,
receipts and documents. The same services and forms as the pages; a mini-program walks the same screens."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.cases.selectors import case_get_for_user
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.notifications.selectors import notification_list_unread
from fawang.portal.apply import services
from fawang.portal.apply.flows import FLOWS, flow_for
from fawang.portal.apply.precheck import aid_precheck
from fawang.portal.apply.selectors import draft_get_for_user, draft_list_open_for_user, draft_next_step
from fawang.portal.documents import issued_document_get_for_user, issued_document_list
from fawang.portal.models import ApplicationDraft, ApplicationReceipt, ApplicationService


def _user(request: Request) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError("请先登录。")
    return request.user


class FieldOutput(serializers.Serializer[Any]):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    mandatory = serializers.BooleanField()
    kind = serializers.CharField()
    choices = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    hint = serializers.CharField()


class StepOutput(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    intro = serializers.CharField()
    questions = FieldOutput(many=True)


class FlowOutput(serializers.Serializer[Any]):
    service = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    steps = StepOutput(many=True)


def _fields(step: Any) -> list[dict[str, Any]]:
    if step.form is None:
        return []
    form = step.form()
    rows = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        choices = [[str(k), str(v)] for k, v in getattr(field, "choices", []) or []]
        rows.append(
            {
                "name": name,
                "label": str(field.label),
                "mandatory": field.required,
                "kind": type(field).__name__,
                "choices": choices,
                "hint": str(field.help_text or ""),
            }
        )
    return rows


class FlowListApi(APIView):
    @extend_schema(
        responses=FlowOutput(many=True), operation_id="portal_flows", summary="网上申请的填写步骤和问题"
    )
    def get(self, request: Request) -> Response:
        _user(request)
        rows = [
            {
                "service": str(flow.service),
                "title": flow.title,
                "summary": flow.summary,
                "steps": [
                    {"key": s.key, "title": s.title, "intro": s.intro, "questions": _fields(s)}
                    for s in flow.steps
                ],
            }
            for flow in FLOWS.values()
        ]
        return Response(FlowOutput(rows, many=True).data)


class UploadOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    quantity = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class DraftOutput(serializers.Serializer[Any]):
    token = serializers.CharField()
    service = serializers.CharField()
    version = serializers.IntegerField()
    answers = serializers.DictField()
    steps_done = serializers.ListField(child=serializers.CharField())
    next_step = serializers.CharField()
    uploads = UploadOutput(many=True)
    updated_at = serializers.DateTimeField()


def _draft_data(draft: ApplicationDraft) -> dict[str, Any]:
    answers = {k: v for k, v in draft.answers.items() if not k.startswith("_")}  # _done, _triage
    return {
        "token": draft.token,
        "service": draft.service,
        "version": draft.version,
        "answers": answers,
        "steps_done": list(draft.answers.get(services.DONE, [])),
        "next_step": draft_next_step(draft=draft, flow=flow_for(draft.service)),
        "uploads": list(draft.uploads.all()),
        "updated_at": draft.updated_at,
    }


class DraftOpenInput(serializers.Serializer[Any]):
    service = serializers.ChoiceField(choices=ApplicationService.choices)


class DraftListApi(APIView):
    @extend_schema(
        responses=DraftOutput(many=True), operation_id="portal_drafts_list", summary="未提交的网上申请"
    )
    def get(self, request: Request) -> Response:
        drafts = draft_list_open_for_user(user=_user(request)).prefetch_related("uploads")[:20]
        return Response(DraftOutput([_draft_data(d) for d in drafts], many=True).data)

    @extend_schema(
        request=DraftOpenInput,
        responses={200: DraftOutput},
        operation_id="portal_draft_open",
        summary="开始或继续一份网上申请（每种服务一份未提交的草稿，自动带出常用信息）",
    )
    def post(self, request: Request) -> Response:
        data = DraftOpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        service = data.validated_data["service"]
        if service == ApplicationService.APPRAISAL:
            from fawang.appraisal.services import direct_commission_enabled

            if not direct_commission_enabled():
                raise DomainError("司法鉴定一般由办案机关委托（通则第十一条）；本省未开放个人直接委托。")
        draft = services.draft_open(actor=_user(request), service=service)
        return Response(DraftOutput(_draft_data(draft)).data)


class DraftDetailApi(APIView):
    @extend_schema(responses=DraftOutput, operation_id="portal_draft_get", summary="网上申请草稿")
    def get(self, request: Request, token: str) -> Response:
        return Response(DraftOutput(_draft_data(draft_get_for_user(user=_user(request), token=token))).data)

    @extend_schema(responses={204: None}, operation_id="portal_draft_discard", summary="删除未提交的申请")
    def delete(self, request: Request, token: str) -> Response:
        services.draft_discard(actor=_user(request), token=token)
        return Response(status=204)


class StepInput(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    answers = serializers.DictField()
    id_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=18)


class DraftStepApi(APIView):
    @extend_schema(
        request=StepInput,
        responses={200: DraftOutput},
        operation_id="portal_draft_step_save",
        summary="保存一页答案（版本不一致时返回409，不覆盖别处的修改）",
    )
    def put(self, request: Request, token: str, step: str) -> Response:
        user = _user(request)
        draft = draft_get_for_user(user=user, token=token)
        current = flow_for(draft.service).step(step)
        if current is None or current.form is None or step == "review":
            raise NotFoundError("未找到这一步。")
        data = StepInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        kwargs: dict[str, Any] = {"near": draft.answers.get("township", "")} if step == "committee" else {}
        if step == "identity" and not v["id_number"]:
            kwargs["masked_id"] = "已登记"
        form = current.form({**v["answers"], "id_number": v["id_number"], "version": v["version"]}, **kwargs)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors.get_json_data())
        draft = services.draft_step_save(
            actor=user,
            token=token,
            step=step,
            answers=form.cleaned_answers(),
            version=v["version"],
            id_number=v["id_number"],
        )
        return Response(DraftOutput(_draft_data(draft)).data)


class PrecheckOutput(serializers.Serializer[Any]):
    tone = serializers.CharField()
    headline = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())
    basis = serializers.ListField(child=serializers.CharField())
    advisory = serializers.CharField()


class DraftPrecheckApi(APIView):
    @extend_schema(
        responses=PrecheckOutput,
        operation_id="portal_draft_precheck",
        summary="法律援助资格自测（仅供参考，不是决定）",
    )
    def get(self, request: Request, token: str) -> Response:
        draft = draft_get_for_user(user=_user(request), token=token)
        if draft.service != ApplicationService.LEGAL_AID:
            raise NotFoundError("只有法律援助申请有资格自测。")
        return Response(PrecheckOutput(aid_precheck(answers=draft.answers)).data)


class UploadInput(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    label = serializers.CharField(max_length=100)  # type: ignore[assignment]  # a field named "label", as in the notary API
    quantity = serializers.IntegerField(min_value=1, max_value=99, default=1)
    file = serializers.FileField()


class DraftUploadApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": UploadInput},
        responses={201: UploadOutput},
        operation_id="portal_draft_upload",
        summary="上传材料（照片或扫描件；按内容检查类型和大小）",
    )
    def post(self, request: Request, token: str) -> Response:
        data = UploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        upload = services.draft_upload_add(
            actor=_user(request),
            token=token,
            file=v["file"],
            label=v["label"],
            quantity=v["quantity"],
            version=v["version"],
        )
        return Response(UploadOutput(upload).data, status=201)


class DraftUploadDeleteApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("version", int, required=True)],
        responses={204: None},
        operation_id="portal_draft_upload_remove",
        summary="删除已上传的材料",
    )
    def delete(self, request: Request, token: str, upload_id: int) -> Response:
        try:
            version = int(request.query_params.get("version", ""))
        except ValueError as exc:
            raise DomainError("缺少版本号。") from exc
        services.draft_upload_remove(actor=_user(request), token=token, upload_id=upload_id, version=version)
        return Response(status=204)


class SubmitInput(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    confirm = serializers.BooleanField()


class SubmitOutput(serializers.Serializer[Any]):
    reference = serializers.CharField()
    service_type = serializers.CharField()
    status = serializers.CharField()
    receipt_number = serializers.CharField()


class DraftSubmitApi(APIView):
    @extend_schema(
        request=SubmitInput,
        responses={201: SubmitOutput},
        operation_id="portal_draft_submit",
        summary="提交网上申请（生成工单和材料接收回执；重复提交返回同一工单）",
    )
    def post(self, request: Request, token: str) -> Response:
        data = SubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        if not data.validated_data["confirm"]:
            raise DomainError("请确认申请内容真实。")
        case = services.draft_submit(
            actor=_user(request), token=token, version=data.validated_data["version"]
        )
        receipt = ApplicationReceipt.objects.get(case=case)
        return Response(
            SubmitOutput(
                {
                    "reference": case.reference,
                    "service_type": case.service_type,
                    "status": case.status,
                    "receipt_number": receipt.number,
                }
            ).data,
            status=201,
        )


class ReceiptOutput(serializers.Serializer[Any]):
    number = serializers.CharField()
    reference = serializers.CharField()
    title = serializers.CharField()
    facts = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    paragraphs = serializers.ListField(child=serializers.CharField())
    materials = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    date = serializers.CharField()


class ReceiptApi(APIView):
    @extend_schema(
        responses=ReceiptOutput, operation_id="portal_receipt", summary="网上申请材料接收回执（C7）"
    )
    def get(self, request: Request, reference: str) -> Response:
        case = case_get_for_user(user=_user(request), reference=reference)
        receipt = ApplicationReceipt.objects.filter(case=case).first()
        if receipt is None:
            raise NotFoundError("该事项没有网上申请回执。")
        content = receipt.content
        return Response(
            ReceiptOutput(
                {
                    "number": receipt.number,
                    "reference": case.reference,
                    "title": content["title"],
                    "facts": [[str(a), str(b)] for a, b in content["fields"]],
                    "paragraphs": content["paragraphs"],
                    "materials": [[str(x) for x in row] for row in content["items"]],
                    "date": content["date"],
                }
            ).data
        )


class DocumentOutput(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField()
    issued_at = serializers.DateTimeField(allow_null=True)
    pdf_url = serializers.CharField()


class DocumentListApi(APIView):
    @extend_schema(responses=DocumentOutput(many=True), operation_id="portal_documents", summary="事项的文书")
    def get(self, request: Request, reference: str) -> Response:
        case = case_get_for_user(user=_user(request), reference=reference)
        rows = [
            {
                "key": d.key,
                "title": d.title,
                "number": d.number,
                "issued_at": d.issued_at,
                "pdf_url": f"/api/v1/me/cases/{case.reference}/documents/{d.key}/pdf/",
            }
            for d in issued_document_list(case=case)
        ]
        return Response(DocumentOutput(rows, many=True).data)


class DocumentPdfApi(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        operation_id="portal_document_pdf",
        summary="下载文书（PDF；仅申请人和承办人员，留痕）",
    )
    def get(self, request: Request, reference: str, key: str) -> HttpResponse:
        document, case = issued_document_get_for_user(user=_user(request), reference=reference, key=key)
        response = HttpResponse(document.render(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{case.reference}-{key}.pdf"'
        return response


class NotificationOutput(serializers.Serializer[Any]):
    message = serializers.CharField()
    reference = serializers.CharField(source="case.reference", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class NotificationListApi(APIView):
    @extend_schema(
        responses=NotificationOutput(many=True), operation_id="portal_notifications", summary="我的未读消息"
    )
    def get(self, request: Request) -> Response:
        rows = notification_list_unread(user=_user(request)).select_related("case")[:50]
        return Response(NotificationOutput(rows, many=True).data)
