"""REST endpoints for analytics (supervision audience; X7): the same selectors as the pages, aggregates only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.analytics.access import analytics_prefixes_for_user, analytics_region_for_user, period_for
from fawang.analytics.demand_report import demand_report
from fawang.analytics.equalisation import equalisation_report
from fawang.analytics.models import ScorecardRun
from fawang.analytics.scorecards import scorecard_list_for_prefixes
from fawang.analytics.views import last_complete_month
from fawang.core.errors import NotFoundError

REGION = OpenApiParameter("region", str, description="区划代码（默认：本人管辖的最高一级）")
FROM = OpenApiParameter("from", str, description="开始日期 YYYY-MM-DD")
TO = OpenApiParameter("to", str, description="截止日期 YYYY-MM-DD")

Measure = inline_serializer(
    "EqualisationMeasure",
    {
        "code": serializers.CharField(),
        "label": serializers.CharField(),
        "mean": serializers.FloatField(),
        "urban_mean": serializers.FloatField(allow_null=True),
        "rural_mean": serializers.FloatField(allow_null=True),
        "theil": serializers.FloatField(),
        "theil_between": serializers.FloatField(),
        "theil_within": serializers.FloatField(),
        "gini": serializers.FloatField(),
        "cv": serializers.FloatField(),
        "behind": serializers.ListField(child=serializers.DictField()),
    },
)


class EqualisationOutputSerializer(serializers.Serializer[dict[str, Any]]):
    region = serializers.CharField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    townships = serializers.IntegerField()
    villages = serializers.IntegerField()
    villages_without_room = serializers.IntegerField()
    villages_without_adviser = serializers.IntegerField()
    measures = serializers.ListField(child=serializers.DictField())


class EqualisationApi(APIView):
    @extend_schema(
        operation_id="analytics_equalisation",
        summary="均等化：各乡镇每万人服务量与资源、泰尔指数、基尼系数、变异系数",
        parameters=[REGION, FROM, TO],
        responses=EqualisationOutputSerializer,
    )
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        region = analytics_region_for_user(user=user, code=request.query_params.get("region"))
        date_from, date_to = period_for(request.query_params.get("from"), request.query_params.get("to"))
        report = equalisation_report(region=region, date_from=date_from, date_to=date_to)
        return Response(
            {
                "region": region.code,
                "date_from": date_from,
                "date_to": date_to,
                "townships": len(report.townships),
                "villages": report.villages,
                "villages_without_room": report.villages_without_room,
                "villages_without_adviser": report.villages_without_adviser,
                "measures": [
                    {
                        "code": m.code,
                        "label": m.label,
                        "mean": round(m.mean, 4),
                        "urban_mean": None if m.urban_mean is None else round(m.urban_mean, 4),
                        "rural_mean": None if m.rural_mean is None else round(m.rural_mean, 4),
                        "theil": round(m.theil, 6),
                        "theil_between": round(m.theil_between, 6),
                        "theil_within": round(m.theil_within, 6),
                        "gini": round(m.gini, 6),
                        "cv": round(m.cv, 6),
                        "behind": [
                            {
                                "code": r.code,
                                "name": r.name,
                                "value": round(r.values[m.code], 4),
                                "gap": round(g, 4),
                            }
                            for r, g in m.behind
                        ],
                    }
                    for m in report.measures
                ],
            }
        )


class DemandOutputSerializer(serializers.Serializer[dict[str, Any]]):
    region = serializers.CharField()
    months = serializers.ListField(child=serializers.CharField())
    hot = serializers.ListField(child=serializers.DictField())
    rising = serializers.ListField(child=serializers.DictField())
    keywords = serializers.ListField(child=serializers.DictField())
    rising_keywords = serializers.ListField(child=serializers.DictField())
    forecasts = serializers.ListField(child=serializers.DictField())


def _rising(items: list[Any]) -> list[dict[str, object]]:
    return [{"topic": r.topic, "now": r.now, "before": r.before, "z": round(r.z, 3)} for r in items]


class DemandApi(APIView):
    @extend_schema(
        operation_id="analytics_demand",
        summary="需求分析：热点与上升话题、关键词、各类别下月预测及回测误差",
        parameters=[REGION, OpenApiParameter("month", str, description="分析月份 YYYY-MM（默认上月）")],
        responses=DemandOutputSerializer,
    )
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        region = analytics_region_for_user(user=user, code=request.query_params.get("region"))
        report = demand_report(
            region=region, last_month=last_complete_month(request.query_params.get("month"))
        )
        return Response(
            {
                "region": region.code,
                "months": [m.strftime("%Y-%m") for m in report.months],
                "hot": [{"category": c, "count": n} for c, n in report.hot],
                "rising": _rising(report.rising),
                "keywords": [{"word": w, "score": round(s, 6)} for w, s in report.keywords],
                "rising_keywords": _rising(report.rising_keywords),
                "forecasts": [
                    {
                        "category": d.category,
                        "series": d.series,
                        "next_month": round(d.forecast.next_value, 1),
                        "method": d.forecast.method,
                        "backtests": [
                            {"method": b.method, "mae": b.mae, "mape": b.mape} for b in d.forecast.backtests
                        ],
                    }
                    for d in report.categories
                ],
            }
        )


class ScorecardRunOutputSerializer(serializers.Serializer[dict[str, Any]]):
    scorecard = serializers.CharField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    weights = serializers.DictField()
    rows = serializers.ListField(child=serializers.DictField())


class ScorecardRunApi(APIView):
    @extend_schema(
        operation_id="analytics_scorecard_run",
        summary="考核评估：一次考核的得分与排名",
        responses=ScorecardRunOutputSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        user: User = request.user  # type: ignore[assignment]
        cards = scorecard_list_for_prefixes(prefixes=analytics_prefixes_for_user(user=user))
        run = ScorecardRun.objects.filter(pk=pk, scorecard__in=cards).select_related("scorecard").first()
        if run is None:
            raise NotFoundError()
        return Response(
            {
                "scorecard": run.scorecard.name,
                "date_from": run.date_from,
                "date_to": run.date_to,
                "weights": run.weights,
                "rows": [
                    {
                        "rank": r.rank,
                        "subject": r.subject_name,
                        "region": r.region_code,
                        "score": str(r.score),
                        "values": r.values,
                    }
                    for r in run.rows.all()
                ],
            }
        )
