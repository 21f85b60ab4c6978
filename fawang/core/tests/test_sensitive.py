"""Which public pages count as being about domestic violence or similar harm (M14, core/sensitive.py)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse

from fawang.core.sensitive import sensitive_response, sensitive_topic


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["丈夫经常打我，我该怎么办"], True),
        (["怎么申请人身安全保护令"], True),
        (["中华人民共和国反家庭暴力法"], True),
        (["遭受家庭暴力的，可以向公安机关报案"], True),
        (["前男友一直跟踪我"], True),
        (["被性骚扰了能报警吗"], True),
        (["婆婆虐待孩子"], True),
        (["", None, "同事借我钱不还怎么办", "离婚后孩子归谁"], False),
        (["中华人民共和国民法典", "借款合同是借款人向贷款人借款"], False),
        (["老板拖欠工资", "家庭暴力"], True),  # any one text is enough
        ([], False),
    ],
)
def test_sensitive_topic(texts: list[str | None], expected: bool) -> None:
    assert sensitive_topic(texts) is expected


def test_sensitive_response_leaves_no_trace() -> None:
    response = sensitive_response(HttpResponse("ok"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["HX-Push-Url"] == "false"
