"""Study group pages (P2): create and join, and the organiser's records of the members (scoped and audited)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.core.errors import DomainError, NotFoundError
from fawang.education.courses.forms import GroupForm, JoinForm
from fawang.education.courses.groups import study_group_course_add, study_group_create, study_group_join
from fawang.education.courses.selectors import (
    course_get_published,
    course_list_published,
    study_group_get_for_organiser,
    study_group_list_for_user,
    study_group_records_for_organiser,
)
from fawang.education.web import not_found, signed_in_user


@require_http_methods(["GET", "POST"])
def groups(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = GroupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            group = study_group_create(
                actor=user, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("学习组已建立，邀请码：%(code)s") % {"code": group.invite_code})
            return redirect("education:group", group_id=group.pk)
    organised, joined = study_group_list_for_user(user=user)
    context = {"form": form, "join_form": JoinForm(), "organised": organised, "joined": joined}
    return render(request, "education/groups/list.html", context, status=400 if form.errors else 200)


@require_POST
def join(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = JoinForm(request.POST)
    try:
        group = study_group_join(actor=user, invite_code=form.data.get("invite_code", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已加入“%(name)s”。") % {"name": group.name})
    return redirect("education:groups")


@require_GET
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    """The organiser's view of members' progress and quiz results in the group's courses (audited)."""
    user = signed_in_user(request)
    try:
        records = study_group_records_for_organiser(user=user, group_id=group_id)
    except NotFoundError:
        return not_found(request)
    context = {"records": records, "courses": course_list_published()[:100]}
    return render(request, "education/groups/detail.html", context)


@require_POST
def group_course_add(request: HttpRequest, group_id: int) -> HttpResponse:
    user = signed_in_user(request)
    try:
        group = study_group_get_for_organiser(user=user, group_id=group_id)
        course = course_get_published(course_id=int(request.POST.get("course") or 0))
    except (NotFoundError, ValueError):
        return not_found(request)
    try:
        study_group_course_add(actor=user, group=group, course=course)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已添加课程“%(title)s”。") % {"title": course.title})
    return redirect("education:group", group_id=group_id)
