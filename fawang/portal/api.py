"""Public REST API for mini-programs and partner systems (issue 4 §7): citizen accounts, my requests, directory."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.cases.languages import Language
from fawang.cases.selectors import case_get_for_user
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.directory.models import AccessibleService
from fawang.portal.aid_requests import AID_REQUESTS, aid_request_application, aid_request_submit
from fawang.portal.presenters import citizen_view
from fawang.portal.selectors import DirectoryQuery, case_message_list, directory_search, my_case_list
from fawang.portal.services import Registration, case_message_post, citizen_register, sms_code_send


class PublicThrottle(AnonRateThrottle):
    rate = "30/min"


def _user(request: Request) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError("请先登录。")
    return request.user


class SmsCodeInput(serializers.Serializer[Any]):
    phone = serializers.CharField(max_length=20)


class RegisterInput(serializers.Serializer[Any]):
    phone = serializers.CharField(max_length=20)
    code = serializers.CharField(max_length=6)
    name = serializers.CharField(max_length=50)
    password = serializers.CharField(max_length=128)
    consent = serializers.BooleanField()


class TokenInput(serializers.Serializer[Any]):
    phone = serializers.CharField(max_length=20)
    password = serializers.CharField(max_length=128)


class TokenOutput(serializers.Serializer[Any]):
    token = serializers.CharField()


class MyCaseOutput(serializers.Serializer[Any]):
    reference = serializers.CharField()
    title = serializers.CharField()
    service_type = serializers.CharField()
    status = serializers.CharField()
    status_plain = serializers.CharField()
    stage = serializers.CharField(help_text="前台受理、后台办理或结果反馈（G6）")
    language = serializers.ChoiceField(choices=Language.choices, help_text="受理语言（方言）（A12）")
    next_step = serializers.CharField()
    missing_items = serializers.ListField(child=serializers.CharField())
    handler = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField()


class MessageInput(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=2000)


class MessageOutput(serializers.Serializer[Any]):
    from_requester = serializers.BooleanField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


def _my_case_data(case: Any) -> dict[str, Any]:
    view = citizen_view(case)
    return {
        "reference": case.reference,
        "title": case.title,
        "service_type": case.service_type,
        "status": case.status,
        "status_plain": view.headline,
        "stage": next(st.label for st in reversed(view.stages) if st.state != "todo"),
        "language": case.language,
        "next_step": view.next_step,
        "missing_items": view.missing_items,
        "handler": view.handler,
        "due_at": case.due_at,
        "submitted_at": case.submitted_at,
    }


class SmsCodeApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [PublicThrottle]

    @extend_schema(
        request=SmsCodeInput,
        responses={202: None},
        operation_id="portal_sms_code_send",
        summary="发送注册短信验证码",
    )
    def post(self, request: Request) -> Response:
        data = SmsCodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        sms_code_send(phone=data.validated_data["phone"], purpose="register")
        return Response(status=202)


class RegisterApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [PublicThrottle]

    @extend_schema(
        request=RegisterInput,
        responses={201: TokenOutput},
        operation_id="portal_register",
        summary="群众注册（短信验证、同意个人信息保护告知书）",
    )
    def post(self, request: Request) -> Response:
        data = RegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = citizen_register(registration=Registration(**data.validated_data))
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key}, status=201)


class TokenApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [PublicThrottle]

    @extend_schema(
        request=TokenInput,
        responses={200: TokenOutput},
        operation_id="portal_token",
        summary="手机号和密码换取访问令牌",
    )
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request, username=data.validated_data["phone"], password=data.validated_data["password"]
        )
        if not isinstance(user, User):
            raise DomainError("手机号或密码不正确。")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MyCaseListApi(APIView):
    @extend_schema(responses=MyCaseOutput(many=True), operation_id="portal_my_cases", summary="我的事项")
    def get(self, request: Request) -> Response:
        cases = my_case_list(user=_user(request))[:200]
        return Response(MyCaseOutput([_my_case_data(c) for c in cases], many=True).data)


class MyCaseDetailApi(APIView):
    @extend_schema(responses=MyCaseOutput, operation_id="portal_my_case", summary="事项进度（通俗说明）")
    def get(self, request: Request, reference: str) -> Response:
        case = case_get_for_user(user=_user(request), reference=reference)
        return Response(MyCaseOutput(_my_case_data(case)).data)


class MyCaseMessagesApi(APIView):
    @extend_schema(
        responses=MessageOutput(many=True), operation_id="portal_messages_list", summary="事项留言"
    )
    def get(self, request: Request, reference: str) -> Response:
        case = case_get_for_user(user=_user(request), reference=reference)
        return Response(MessageOutput(case_message_list(case=case), many=True).data)

    @extend_schema(
        request=MessageInput,
        responses={201: MessageOutput},
        operation_id="portal_message_post",
        summary="给办理单位留言",
    )
    def post(self, request: Request, reference: str) -> Response:
        data = MessageInput(data=request.data)
        data.is_valid(raise_exception=True)
        message = case_message_post(
            actor=_user(request), reference=reference, body=data.validated_data["body"]
        )
        return Response(MessageOutput(message).data, status=201)


class AidRequestInput(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=2000, help_text="异议理由或申请回避的理由")


class AidRequestOutput(serializers.Serializer[Any]):
    kind = serializers.CharField()
    message = serializers.CharField()


class MyAidRequestApi(APIView):
    @extend_schema(
        request=AidRequestInput,
        responses={201: AidRequestOutput},
        parameters=[
            OpenApiParameter(
                "kind",
                str,
                OpenApiParameter.PATH,
                enum=sorted(AID_REQUESTS),
                description="objection：对不予或终止法律援助的决定提出异议（C11）；recusal：申请承办人员回避（C21）",
            )
        ],
        operation_id="portal_legal_aid_request",
        summary="法律援助：提出异议或申请回避",
    )
    def post(self, request: Request, reference: str, kind: str) -> Response:
        user = _user(request)
        application = aid_request_application(actor=user, reference=reference, kind=kind)
        data = AidRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        message = aid_request_submit(
            actor=user, application=application, kind=kind, text=data.validated_data["text"]
        )
        return Response({"kind": kind, "message": message}, status=201)


class SiteOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    opening_hours = serializers.CharField()
    services = serializers.ListField(child=serializers.CharField())
    accessibility = serializers.ListField(child=serializers.CharField())


class AccessibleServiceOutput(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="无障碍服务代码：" + "、".join(AccessibleService.values))
    name = serializers.CharField(source="label", help_text="无障碍服务名称")


class InstitutionOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    accessible_services = AccessibleServiceOutput(
        source="accessible_service_items", many=True, help_text="为残疾人、老年人提供的无障碍服务（L6）"
    )
    accessibility_note = serializers.CharField(help_text="无障碍服务说明，如预约方式")
    accessibility_recorded_at = serializers.DateTimeField(
        allow_null=True, help_text="无障碍服务登记时间；为空表示尚未登记"
    )


class SanctionOutput(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="处罚（处分）种类代码")
    kind_label = serializers.CharField(source="get_kind_display", help_text="处罚（处分）种类")
    authority = serializers.CharField(help_text="决定机关")
    decision_number = serializers.CharField(help_text="决定书文号")
    decided_on = serializers.DateField(help_text="决定日期")
    suspended_until = serializers.DateField(allow_null=True, help_text="停止执业截止日期")
    summary = serializers.CharField(help_text="主要违法违规事实")


class PractitionerOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="practitioner.id")
    name = serializers.CharField(source="practitioner.name")
    kind = serializers.CharField(source="practitioner.kind")
    institution = serializers.CharField(source="practitioner.institution.name")
    licence_number = serializers.CharField(source="practitioner.licence_number", help_text="执业证号")
    specialties = serializers.ListField(source="practitioner.specialties", child=serializers.CharField())
    practice_start = serializers.DateField(source="practitioner.practice_start")
    practice_status = serializers.CharField(
        source="credit.status.code", help_text="执业状态：practising / suspended / revoked / inactive（O3）"
    )
    practice_status_label = serializers.CharField(source="credit.status.label", help_text="执业状态")
    credit_records = SanctionOutput(
        source="credit.records", many=True, help_text="公示期内的处罚或处分（诚信记录，O3）"
    )


class DirectoryOutput(serializers.Serializer[Any]):
    sites = SiteOutput(many=True)
    institutions = InstitutionOutput(many=True)
    practitioners = PractitionerOutput(many=True)


class DirectoryApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=False),
            OpenApiParameter("township", str, required=False, description="乡镇（街道）区划代码"),
            OpenApiParameter("service", str, required=False),
            OpenApiParameter("specialty", str, required=False),
            OpenApiParameter(
                "accessible_service",
                str,
                required=False,
                enum=AccessibleService.values,
                description="只列出提供该无障碍服务的法律服务机构（L6）；无法识别的代码返回 400",
            ),
        ],
        responses=DirectoryOutput,
        operation_id="portal_directory",
        summary="查找服务站点、机构和法律服务人员",
    )
    def get(self, request: Request) -> Response:
        params = {
            k: str(request.query_params.get(k, ""))[:50]
            for k in ("q", "township", "service", "specialty", "accessible_service")
        }
        result = directory_search(query=DirectoryQuery(**params))
        return Response(DirectoryOutput(result).data)
