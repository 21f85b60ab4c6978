from django.urls import URLPattern, URLResolver, path

from fawang.education import views
from fawang.education.courses import group_views, manage_views
from fawang.education.courses import views as course_views
from fawang.education.culture import views as culture_views
from fawang.education.events import views as event_views

app_name = "education"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("articles/<int:article_id>/", views.article, name="article"),
    path("lists/<int:list_id>/", views.reading_list, name="reading-list"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:article_id>/advance/", views.advance, name="advance"),
    # P2: courses, quizzes, study groups
    path("courses/", course_views.course_list, name="courses"),
    path("courses/<int:course_id>/", course_views.course_detail, name="course"),
    path("courses/<int:course_id>/enrol/", course_views.enrol, name="course-enrol"),
    path(
        "courses/<int:course_id>/lessons/<int:article_id>/done/",
        course_views.lesson_done,
        name="course-lesson-done",
    ),
    path("courses/<int:course_id>/quiz/", course_views.quiz, name="course-quiz"),
    path("me/", course_views.my_learning, name="my-learning"),
    path("groups/", group_views.groups, name="groups"),
    path("groups/join/", group_views.join, name="group-join"),
    path("groups/<int:group_id>/", group_views.group_detail, name="group"),
    path("groups/<int:group_id>/courses/", group_views.group_course_add, name="group-course-add"),
    path("manage/courses/", manage_views.manage, name="courses-manage"),
    path("manage/courses/<int:course_id>/", manage_views.course_manage, name="course-manage"),
    path("manage/courses/<int:course_id>/advance/", manage_views.course_advance, name="course-advance"),
    # P3: on-site events
    path("events/", event_views.calendar, name="events"),
    path("events/<int:event_id>/", event_views.event_detail, name="event"),
    path("manage/events/", event_views.manage, name="events-manage"),
    path("manage/events/<int:event_id>/attendance/", event_views.attendance, name="event-attendance"),
    # P4: legal-culture sites
    path("culture-sites/", culture_views.site_list, name="culture-sites"),
    path("culture-sites/<int:site_id>/photo/", culture_views.site_photo, name="culture-site-photo"),
    path("manage/culture-sites/", culture_views.manage, name="culture-sites-manage"),
    path("manage/culture-sites/<int:site_id>/archive/", culture_views.archive, name="culture-site-archive"),
]
