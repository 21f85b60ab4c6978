from django.urls import URLPattern, URLResolver, path

from fawang.education import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("education/courses/", api.CourseListApi.as_view(), name="api-education-courses"),
    path("education/courses/<int:course_id>/", api.CourseDetailApi.as_view(), name="api-education-course"),
    path("education/events/", api.EventListApi.as_view(), name="api-education-events"),
    path("education/culture-sites/", api.CultureSiteListApi.as_view(), name="api-education-culture-sites"),
    path("me/learning/", api.MyLearningApi.as_view(), name="api-my-learning"),
]
