"""Course authoring pages for editors (P2, P5): draft, questions, submit for review, publication by another."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.education.courses.authoring import course_create, course_publish, course_submit, quiz_question_add
from fawang.education.courses.forms import CourseForm, QuestionForm
from fawang.education.courses.selectors import course_get_for_editor, course_list_for_editor
from fawang.education.models import ArticleStatus
from fawang.education.selectors import lesson_article_list_published
from fawang.education.web import forbidden, not_found, signed_in_user


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    try:
        user = signed_in_user(request)
        courses = course_list_for_editor(user=user)
    except PermissionDeniedError as exc:
        return forbidden(request, exc.message)
    form = CourseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = course_create(
                actor=user,
                title=data["title"],
                summary=data["summary"],
                audience=data["audience"],
                pass_mark=data["pass_mark"],
                article_ids=data["lessons"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("课程草稿已保存，可以添加测验题。"))
            return redirect("education:course-manage", course_id=course.pk)
    context = {"form": form, "courses": courses[:100], "articles": lesson_article_list_published()[:200]}
    return render(request, "education/courses/manage.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def course_manage(request: HttpRequest, course_id: int) -> HttpResponse:
    """One course: its lessons and quiz; a draft takes new questions."""
    try:
        user = signed_in_user(request)
        course = course_get_for_editor(user=user, course_id=course_id)
    except NotFoundError:
        return not_found(request)
    except PermissionDeniedError as exc:
        return forbidden(request, exc.message)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            quiz_question_add(
                actor=user,
                course=course,
                text=data["text"],
                kind=data["kind"],
                options=data["options"],
                correct=data["correct"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("测验题已添加。"))
            return redirect("education:course-manage", course_id=course.pk)
    context = {"course": course, "form": form, "draft": course.status == ArticleStatus.DRAFT}
    return render(
        request, "education/courses/manage_course.html", context, status=400 if form.errors else 200
    )


@require_POST
def course_advance(request: HttpRequest, course_id: int) -> HttpResponse:
    """Submit a draft for review, or publish a reviewed course (not by its author, P5)."""
    try:
        user = signed_in_user(request)
        course = course_get_for_editor(user=user, course_id=course_id)
    except NotFoundError:
        return not_found(request)
    except PermissionDeniedError as exc:
        return forbidden(request, exc.message)
    try:
        if course.status == ArticleStatus.DRAFT:
            course_submit(actor=user, course=course)
        else:
            course_publish(actor=user, course=course)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("education:course-manage", course_id=course_id)
