"""普法 pages: public reading (P1) and staff writing with legal review (P5)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts.models import User
from fawang.accounts.selectors import user_roles
from fawang.core.access import public
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.sensitive import render_sensitive
from fawang.education.models import ArticleStatus, Audience, LessonArticle, ReadingList, Topic
from fawang.education.selectors import (
    lesson_article_get_published,
    lesson_article_list_published,
    reading_list_get,
)
from fawang.education.services import (
    EDITORS,
    lesson_article_create,
    lesson_article_publish,
    lesson_article_submit,
)


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=120)
    summary = forms.CharField(label=_("摘要"), max_length=300)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea)
    topic = forms.ModelChoiceField(label=_("主题"), queryset=Topic.objects.all())
    audiences = forms.MultipleChoiceField(
        label=_("适用人群"), choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


@public
def index(request: HttpRequest) -> HttpResponse:
    topic = Topic.objects.filter(pk=request.GET.get("topic") or 0).first()
    audience = request.GET.get("audience", "")
    context = {
        "topics": Topic.objects.all(),
        "audiences": Audience.choices,
        "articles": lesson_article_list_published(
            topic=topic, audience=audience if audience in Audience.values else ""
        )[:50],
        "reading_lists": ReadingList.objects.all()[:20],
        "topic": topic,
        "audience": audience,
    }
    return render(request, "education/index.html", context)


@public
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        found = lesson_article_get_published(article_id=article_id)
    except NotFoundError:
        return render(request, "education/not_found.html", status=404)
    texts = [found.title, found.summary, found.body]
    return render_sensitive(request, "education/article.html", {"article": found}, texts=texts)


@public
def reading_list(request: HttpRequest, list_id: int) -> HttpResponse:
    try:
        found = reading_list_get(list_id=list_id)
    except NotFoundError:
        return render(request, "education/not_found.html", status=404)
    items = [i for i in found.items.all() if i.article.status == ArticleStatus.PUBLISHED]
    return render(request, "education/reading_list.html", {"reading_list": found, "items": items})


def _editor(request: HttpRequest) -> User:
    if not isinstance(request.user, User) or not user_roles(user=request.user) & EDITORS:
        raise PermissionDeniedError("您的角色不能管理普法内容。")
    return request.user


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    try:
        user = _editor(request)
    except PermissionDeniedError:
        return render(request, "workbench/forbidden.html", status=403)
    form = ArticleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lesson_article_create(
                actor=user,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                topic=data["topic"],
                audiences=data["audiences"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, gettext("草稿已保存。"))
            return redirect("education:manage")
    pending = LessonArticle.objects.exclude(status=ArticleStatus.PUBLISHED).select_related("topic", "author")
    return render(
        request,
        "education/manage.html",
        {"form": form, "pending": pending[:100]},
        status=400 if form.errors else 200,
    )


@require_POST
def advance(request: HttpRequest, article_id: int) -> HttpResponse:
    """Submit a draft for review, or publish a reviewed one."""
    try:
        user = _editor(request)
    except PermissionDeniedError:
        return render(request, "workbench/forbidden.html", status=403)
    found = LessonArticle.objects.filter(pk=article_id).first()
    if found is None:
        return render(request, "education/not_found.html", status=404)
    try:
        if found.status == ArticleStatus.DRAFT:
            lesson_article_submit(actor=user, article=found)
        else:
            lesson_article_publish(actor=user, article=found)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("education:manage")
