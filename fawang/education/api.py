"""Public reads of 普法 (P2-P4) and the citizen's own learning records, for mini-programs and partners.

GET /api/v1/education/courses/, /education/courses/{id}/, /education/events/, /education/culture-sites/ are
public and read-only; GET /api/v1/me/learning/ needs a signed-in citizen and shows only their own records.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.errors import PermissionDeniedError
from fawang.education.courses.selectors import (
    course_get_published,
    course_list_published,
    progress_list_for_user,
)
from fawang.education.culture.selectors import culture_site_list_public
from fawang.education.events.selectors import education_event_list_upcoming
from fawang.education.filters import region_filter_parse
from fawang.education.models import FREE_OPEN_BASIS, Audience, CultureSiteKind, VenueKind

REGION = OpenApiParameter("region", str, required=False, description="12位区划代码；含下级区划")


class EducationThrottle(AnonRateThrottle):
    rate = "30/min"


class _Public(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []  # public and stateless: no session, so no CSRF
    throttle_classes = [EducationThrottle]


@extend_schema_serializer(component_name="EducationCourse")
class CourseOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text="课程名称")
    summary = serializers.CharField()
    audience = serializers.ChoiceField(choices=Audience.choices, help_text="适用人群")
    lesson_count = serializers.IntegerField(help_text="课时数")
    question_count = serializers.IntegerField(help_text="测验题数（0 = 无测验）")
    pass_mark = serializers.IntegerField(help_text="测验及格分（百分制）")
    published_at = serializers.DateTimeField()


class CourseLessonOutput(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    article_id = serializers.IntegerField(help_text="普法文章编号（/learn/articles/{id}/）")
    title = serializers.CharField(source="article.title")


@extend_schema_serializer(component_name="EducationCourseDetail")
class CourseDetailOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    audience = serializers.ChoiceField(choices=Audience.choices)
    pass_mark = serializers.IntegerField()
    question_count = serializers.SerializerMethodField(help_text="测验题数；题目和答案不经接口公开")
    lessons = CourseLessonOutput(many=True, source="lessons.all")

    def get_question_count(self, obj: Any) -> int:
        return len(obj.questions.all())


@extend_schema_serializer(component_name="EducationEvent")
class EventOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text="活动名称")
    venue_kind = serializers.ChoiceField(choices=VenueKind.choices)
    place = serializers.CharField(help_text="活动地点")
    region_code = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    audience = serializers.ChoiceField(choices=Audience.choices)
    organiser = serializers.CharField(help_text="主办单位")
    capacity = serializers.IntegerField(allow_null=True)


@extend_schema_serializer(component_name="EducationCultureSite")
class CultureSiteOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=CultureSiteKind.choices)
    region_code = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    address = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    opening_hours = serializers.CharField()
    free_and_open = serializers.BooleanField(help_text="始终为 true（P4）")
    free_basis = serializers.CharField(help_text="免费开放依据")


@extend_schema_serializer(component_name="EducationProgress")
class ProgressOutput(serializers.Serializer[Any]):
    course_id = serializers.IntegerField(source="course.pk")
    course_title = serializers.CharField(source="course.title")
    lessons = serializers.IntegerField(help_text="课时数")
    lessons_done = serializers.IntegerField(help_text="已点“学完本节”的课时数")
    has_quiz = serializers.BooleanField()
    attempts = serializers.IntegerField(help_text="测验次数")
    best_score = serializers.IntegerField(allow_null=True, help_text="最高分（百分制）")
    passed = serializers.BooleanField()
    completed_at = serializers.DateTimeField(allow_null=True, help_text="完成时间（未完成为 null）")


class CourseListApi(_Public):
    @extend_schema(
        operation_id="education_courses_list",
        summary="已发布的普法课程（P2）",
        responses=CourseOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        return Response(CourseOutput(course_list_published()[:200], many=True).data)


class CourseDetailApi(_Public):
    @extend_schema(
        operation_id="education_course_get", summary="普法课程的课时目录（P2）", responses=CourseDetailOutput
    )
    def get(self, request: Request, course_id: int) -> Response:
        return Response(CourseDetailOutput(course_get_published(course_id=course_id)).data)


class EventListApi(_Public):
    @extend_schema(
        operation_id="education_events_list",
        summary="即将举办的线下普法活动（P3），按开始时间排序，最多200条",
        parameters=[REGION],
        responses=EventOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        region = region_filter_parse(request.query_params.get("region"))
        events = education_event_list_upcoming(now=clock.now(), region=region)[:200]
        return Response(EventOutput(events, many=True).data)


class CultureSiteListApi(_Public):
    @extend_schema(
        operation_id="education_culture_sites_list",
        summary=f"法治文化阵地（P4），全部免费开放：{FREE_OPEN_BASIS}",
        parameters=[
            REGION,
            OpenApiParameter(
                "kind", str, required=False, enum=CultureSiteKind.values, description="阵地类型"
            ),
        ],
        responses=CultureSiteOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        region = region_filter_parse(request.query_params.get("region"))
        kind = str(request.query_params.get("kind", ""))
        sites = culture_site_list_public(region=region, kind=kind if kind in CultureSiteKind.values else "")
        return Response(CultureSiteOutput(sites[:500], many=True).data)


class MyLearningApi(APIView):
    @extend_schema(
        operation_id="education_my_learning",
        summary="我的普法课程学习记录：进度、测验成绩、完成情况（P2）",
        responses=ProgressOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        if not isinstance(request.user, User):  # pragma: no cover - IsAuthenticated refuses first
            raise PermissionDeniedError("请先登录。")
        return Response(ProgressOutput(progress_list_for_user(user=request.user), many=True).data)
