"""Small helpers shared by the 普法 pages: who is asking, and the forbidden page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fawang.accounts.models import User
from fawang.core.errors import PermissionDeniedError


def signed_in_user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError("请先登录。")
    return request.user


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "workbench/forbidden.html", {"message": message}, status=403)


def not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "education/not_found.html", status=404)
