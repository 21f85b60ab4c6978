"""The public HTML search pages share the `search` rate budget (M15, issue 8 §5) with the statutes list."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from fawang.knowledge.tests.conftest import Corpus


@pytest.mark.parametrize("path", ["/knowledge/search", "/knowledge/ask"])
def test_public_search_pages_are_rate_limited(corpus: Corpus, rate_window: None, path: str) -> None:
    client = Client()
    with override_settings(FAWANG_RATE_LIMITS={"search": "2/m"}):
        responses = [client.get(path, {"q": "借钱不还怎么办"}) for _ in range(3)]
        other_client = Client(REMOTE_ADDR="10.0.0.9").get(path, {"q": "借钱不还怎么办"})
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert "操作过于频繁" in responses[2].content.decode()
    assert int(responses[2]["Retry-After"]) > 0
    assert other_client.status_code == 200  # the budget is per client address


def test_search_budget_is_shared_between_the_two_pages(corpus: Corpus, rate_window: None) -> None:
    client = Client()
    with override_settings(FAWANG_RATE_LIMITS={"search": "1/m"}):
        first = client.get("/knowledge/search", {"q": "劳动合同"})
        second = client.get("/knowledge/ask", {"q": "劳动合同"})
    assert (first.status_code, second.status_code) == (200, 429)
