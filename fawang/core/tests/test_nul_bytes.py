"""NUL characters are refused with a 400 before any view runs (found by the API fuzzer on PostgreSQL)."""

import pytest
from django.test import Client

from fawang.cases.models import Case
from fawang.conftest import County


@pytest.mark.parametrize(
    ("_case", "path", "method", "data", "content_type"),
    [
        ("query string", "/directory/?q=a%00b", "get", None, None),
        ("json body", "/api/v1/portal/sms-codes/", "post", '{"phone": "139\\u0000"}', "application/json"),
        ("form body", "/register/code/", "post", "phone=139%00", "application/x-www-form-urlencoded"),
    ],
)
def test_nul_is_refused(
    _case: str, path: str, method: str, data: str | None, content_type: str | None, county: County
) -> None:
    client = Client()
    if method == "get":
        response = client.get(path)
    else:
        response = client.post(path, data=data, content_type=content_type or "")
    assert response.status_code == 400
    assert "无效字符" in response.content.decode()
    assert Case.objects.count() == 0


def test_ordinary_requests_pass(county: County) -> None:
    assert Client().get("/directory/", {"q": "公证"}).status_code == 200


def test_malformed_multipart_is_refused_in_chinese(county: County) -> None:
    """Found by the API fuzzer: a multipart body without a boundary is a 400 with a clear message, no traceback."""
    response = Client().post("/api/v1/cases/", data=b"x", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "请求体格式无效" in response.content.decode()
    assert Case.objects.count() == 0
