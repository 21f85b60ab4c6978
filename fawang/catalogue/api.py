"""GET /api/v1/catalogue/items/: a province's public legal service items in force (G3). Public and read-only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from fawang.catalogue.models import FREE_KINDS, FeeStatus, ProviderKind, ServiceKind, ServiceMode
from fawang.catalogue.selectors import catalogue_item_list_public, catalogue_public_provinces
from fawang.core import clock
from fawang.core.errors import DomainError, NotFoundError


class CatalogueThrottle(AnonRateThrottle):
    rate = "30/min"


@extend_schema_serializer(component_name="CatalogueItem")
class CatalogueItemOutput(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="事项编码")
    name = serializers.CharField(help_text="事项名称")
    kind = serializers.ChoiceField(choices=ServiceKind.choices, help_text="服务类别")
    kind_label = serializers.CharField(source="get_kind_display")
    target_group = serializers.CharField(help_text="服务对象")
    content = serializers.CharField(help_text="服务内容")
    modes = serializers.ListField(
        child=serializers.ChoiceField(choices=ServiceMode.choices), help_text="服务方式"
    )
    fee_status = serializers.ChoiceField(choices=FeeStatus.choices, help_text="收费情况")
    fee_basis = serializers.SerializerMethodField(help_text="收费依据（仅收费事项）")
    free_by_rule = serializers.SerializerMethodField(help_text="是否属于依法免费的服务类别（G4）")
    provider_kind = serializers.ChoiceField(choices=ProviderKind.choices, help_text="提供主体类别")
    provider = serializers.CharField(source="provider_label", help_text="提供主体")
    basis = serializers.CharField(help_text="设立依据")
    effective_from = serializers.DateField(help_text="施行日期")
    effective_to = serializers.DateField(allow_null=True, help_text="截止日期")

    def get_fee_basis(self, obj: Any) -> str:
        return str(obj.fee_basis) if obj.fee_status == FeeStatus.CHARGED else ""

    def get_free_by_rule(self, obj: Any) -> bool:
        return obj.kind in FREE_KINDS


@extend_schema_serializer(component_name="CatalogueList")
class CatalogueListOutput(serializers.Serializer[Any]):
    province_code = serializers.CharField(help_text="省级区划代码")
    province_name = serializers.CharField()
    as_of = serializers.DateField(help_text="施行中的日期")
    items = CatalogueItemOutput(many=True)


class CatalogueItemsApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []  # public and stateless: no session, so no CSRF
    throttle_classes = [CatalogueThrottle]

    @extend_schema(
        operation_id="catalogue_items_list",
        summary="查询某省公共法律服务事项清单（施行中的事项）",
        parameters=[
            OpenApiParameter(
                "province",
                str,
                required=False,
                description="省级区划代码（12位）；只有一个省公布清单时可省略",
            )
        ],
        responses=CatalogueListOutput,
    )
    def get(self, request: Request) -> Response:
        provinces = list(catalogue_public_provinces())
        code = str(request.query_params.get("province", "")).strip()[:12]
        if not code:
            if len(provinces) != 1:
                raise DomainError("请用 province 参数指定省级区划代码。", code="province_required")
            code = provinces[0].code
        province = next((p for p in provinces if p.code == code), None)
        if province is None:
            raise NotFoundError("未找到该省（区、市）公布的公共法律服务事项清单。")
        on = clock.local_today()
        items = list(catalogue_item_list_public(province=province, on=on))
        payload = {
            "province_code": province.code,
            "province_name": province.name,
            "as_of": on,
            "items": items,
        }
        return Response(CatalogueListOutput(payload).data)
