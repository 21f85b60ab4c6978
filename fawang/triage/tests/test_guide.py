"""X5: the service guide page at /guide/ through HTTP: a walk to a service, the back link, a tree that changed
mid-way, and paths that do not exist (a Chinese 400 and the first question, never a 500)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from fawang.triage.tests.conftest import NEW_MONEY

pytestmark = pytest.mark.django_db

ROOT = "您遇到了哪类事情？"


def _links(body: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'<a class="card" href="([^"]+)"', body)]


def test_the_first_question_offers_every_choice_as_a_plain_link() -> None:
    response = Client().get("/guide/")
    body = response.content.decode()
    assert response.status_code == 200
    assert ROOT in body
    assert _links(body) == [
        f"/guide/?v=1&p={option}"
        for option in ("criminal", "dispute", "labour", "document", "appraisal", "complaint", "unsure")
    ]
    assert "上一步" not in body
    assert "<script" not in body.split("<main", 1)[-1].split("</main>", 1)[0]  # works without JavaScript


def test_a_walk_ends_at_a_service_and_the_link_carries_the_path() -> None:
    client = Client()
    first = _links(client.get("/guide/").content.decode())[1]  # dispute
    second = client.get(first).content.decode()
    assert "双方愿意坐下来商量吗？" in second
    assert '<a href="/guide/">← 上一步</a>' in second
    end = client.get(_links(second)[0])  # willing
    body = end.content.decode()
    assert end.status_code == 200
    assert "建议您申请人民调解" in body
    assert "人民调解委员会免费调解" in body  # the one-line why
    assert (
        '<a class="button big" href="/apply/mediation/?triage=service_guide%3A1%3Adispute.willing">' in body
    )
    assert "<li>您遇到了哪类事情？ 和邻居、家人、物业或别人闹矛盾</li>" in body
    assert '<a href="/guide/?v=1&amp;p=dispute">← 上一步</a>' in body
    start = client.get("/apply/mediation/?triage=service_guide%3A1%3Adispute.willing").content.decode()
    # signed out: the sign-in link keeps the parameter for after signing in
    assert 'name="triage"' not in start
    assert "next=/apply/mediation/%3Ftriage%3Dservice_guide%253A1%253Adispute.willing" in start


@pytest.mark.parametrize(
    ("path", "heading", "url"),
    [
        ("criminal.no_lawyer", "建议您申请法律援助", "/apply/legal-aid/"),
        ("labour.hardship", "建议您申请法律援助", "/apply/legal-aid/"),
        ("dispute.to_court.no_hardship", "建议您先咨询", "/knowledge/ask"),
        ("document", "建议您办理公证", "/apply/notary/"),
        ("appraisal.parentage", "建议您了解司法鉴定", "/apply/appraisal/"),
        ("complaint", "建议您提出投诉", "/complain/"),
        ("unsure", "建议您先咨询", "/knowledge/ask"),
    ],
)
def test_end_nodes(path: str, heading: str, url: str) -> None:
    body = Client().get(f"/guide/?v=1&p={path}").content.decode()
    assert heading in body
    assert f'href="{url}?triage=service_guide%3A1%3A{path}"' in body


@pytest.mark.parametrize(
    ("_case", "query"),
    [
        ("an option that does not exist", "v=1&p=lottery"),
        ("an option of another question", "v=1&p=dispute.hardship"),
        ("an answer after the end", "v=1&p=unsure.more"),
        ("junk characters", "v=1&p=../../etc"),
        ("a path far too long", "v=1&p=" + ".".join(["criminal"] * 50)),
    ],
)
def test_a_bad_path_is_a_chinese_400_with_the_first_question(_case: str, query: str) -> None:
    response = Client().get(f"/guide/?{query}")
    body = response.content.decode()
    assert response.status_code == 400
    assert "这条导航路径无效，请从头开始。" in body
    assert ROOT in body


def test_a_stale_version_without_the_tree_is_started_again() -> None:
    body = Client().get("/guide/?v=7&p=dispute.willing").content.decode()
    assert "导航内容已更新，请从头开始。" in body
    assert ROOT in body
    assert "建议您申请人民调解" not in body


def test_the_current_version_gets_no_notice() -> None:
    assert "导航内容已更新" not in Client().get("/guide/?v=1&p=dispute").content.decode()


def test_after_an_update_an_unchanged_walk_continues_with_a_notice(guide_v2: Path) -> None:
    body = Client().get("/guide/?v=1&p=dispute").content.decode()
    assert "导航内容已更新。您前面的回答在新版本中意思不变，已按新版本继续。" in body
    assert "双方愿意坐下来商量吗？" in body
    assert "/guide/?v=2&amp;p=dispute.willing" in body  # from here on, the current version


def test_after_an_update_a_changed_walk_starts_again(guide_v2: Path) -> None:
    body = Client().get("/guide/?v=1&p=labour.hardship").content.decode()
    assert "导航内容已更新，请从头开始。" in body
    assert ROOT in body
    assert "建议您申请法律援助" not in body
    walked = Client().get("/guide/?v=2&p=labour").content.decode()
    assert NEW_MONEY in walked
    assert "导航内容已更新" not in walked
