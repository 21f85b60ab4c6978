"""Course pages for learners (P2): the catalogue, a course with 学完本节 per lesson, the quiz, my records."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.core.access import public
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.education.courses.forms import QuizForm
from fawang.education.courses.learning import course_enrol, course_lesson_complete, quiz_attempt_submit
from fawang.education.courses.selectors import (
    course_get_published,
    course_list_published,
    course_progress_for_user,
    progress_list_for_user,
)
from fawang.education.models import Course
from fawang.education.web import not_found, signed_in_user


@public
@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    return render(request, "education/courses/list.html", {"courses": course_list_published()[:100]})


def _course_page(request: HttpRequest, course: Course, status: int = 200) -> HttpResponse:
    progress = course_progress_for_user(user=request.user, course=course)  # type: ignore[arg-type]  # anonymous too
    return render(
        request, "education/courses/detail.html", {"course": course, "progress": progress}, status=status
    )


@public
@require_GET
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    try:
        course = course_get_published(course_id=course_id)
    except NotFoundError:
        return not_found(request)
    return _course_page(request, course)


@require_POST
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    try:
        user = signed_in_user(request)
        course = course_get_published(course_id=course_id)
        course_enrol(actor=user, course=course)
    except NotFoundError:
        return not_found(request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("报名成功，可以开始学习了。"))
    return redirect("education:course", course_id=course_id)


@require_POST
def lesson_done(request: HttpRequest, course_id: int, article_id: int) -> HttpResponse:
    """学完本节: the explicit action that records progress; htmx swaps the lesson list only."""
    try:
        user = signed_in_user(request)
        course = course_get_published(course_id=course_id)
    except NotFoundError:
        return not_found(request)
    htmx = bool(getattr(request, "htmx", False))
    error = ""
    try:
        course_lesson_complete(actor=user, course=course, article_id=article_id)
    except DomainError as exc:
        error = exc.message
        if not htmx:
            messages.error(request, exc.message)
    if htmx:
        progress = course_progress_for_user(user=user, course=course)
        context = {"course": course, "progress": progress, "error": error}
        return render(
            request,
            "education/courses/partials/lessons.html",
            context,
            status=400 if error else 200,
        )
    return redirect("education:course", course_id=course_id)


@require_http_methods(["GET", "POST"])
def quiz(request: HttpRequest, course_id: int) -> HttpResponse:
    try:
        user = signed_in_user(request)
        course = course_get_published(course_id=course_id)
    except (NotFoundError, PermissionDeniedError):
        return not_found(request)
    questions = list(course.questions.all())
    if not questions:
        return not_found(request)
    form = QuizForm(request.POST if request.method == "POST" else None, questions=questions)
    attempt = None
    if request.method == "POST" and form.is_valid():
        try:
            attempt = quiz_attempt_submit(actor=user, course=course, answers=form.answers())
        except DomainError as exc:
            form.add_error(None, exc.message)
    progress = course_progress_for_user(user=user, course=course)
    context = {"course": course, "form": form, "attempt": attempt, "progress": progress}
    return render(request, "education/courses/quiz.html", context, status=400 if form.errors else 200)


@require_GET
def my_learning(request: HttpRequest) -> HttpResponse:
    """The citizen's own records: progress, best quiz score and completion in every enrolled course."""
    try:
        user = signed_in_user(request)
    except PermissionDeniedError:
        return not_found(request)
    return render(request, "education/courses/mine.html", {"records": progress_list_for_user(user=user)})
