"""The 运行监测 page (N8) through the Django test client: administrators only, the figures with their thresholds,
breaches marked in words (not by colour alone), and the link from the supervision dashboard."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.monitoring.tests.conftest import QUIET, T0, World

pytestmark = pytest.mark.django_db

PAGE = "/supervision/operations/"


def _get(user: User | None, url: str = PAGE) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    with time_machine.travel(T0, tick=False):
        return client.get(url)


def _row(page: str, key: str) -> str:
    match = re.search(rf'<tr id="figure-{key}">(.*?)</tr>', page, re.S)
    assert match is not None, key
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_administrator_sees_the_figures_with_their_thresholds(
    world: World, personas: dict[str, User], settings: Any
) -> None:
    settings.FAWANG_ALERT_THRESHOLDS = QUIET | {"deadlines_breached": 0, "webhook_rejections_recent": -1}
    response = _get(personas["admin"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>运行监测</h1>" in page
    assert "⚠ 告警：1 项指标超过阈值" in page
    assert "<li>已超期仍在计时的法定时限：1 个，超过阈值 0 个</li>" in page
    assert _row(page, "deadlines_breached") == "已超期仍在计时的法定时限 1 个 0 个 ⚠ 超过阈值"
    assert _row(page, "cases_unrouted") == "未分派工单（待受理且无承办单位） 2 件 10 件 正常"
    assert _row(page, "cases_unrouted_oldest_hours") == "最早一件未分派工单已等待 720 小时 1000 小时 正常"
    assert _row(page, "cases_open") == "在办工单 4 件 不告警 —"
    assert _row(page, "webhook_rejections_recent") == "被拒绝的 12348 热线推送（统计窗口内） 1 次 不告警 —"
    assert _row(page, "exchange_errors_recent") == "上报接口最近发送失败的消息（统计窗口内） 3 条 10 条 正常"
    assert '<th scope="row">紧急转办（1小时）</th><td>1</td><td>0</td>' in page
    assert '<th scope="row">咨询答复（3个工作日）</th><td>0</td><td>1</td>' in page
    assert (
        '<th scope="row"><code>fawang.notifications.tasks.notify_case_handler</code></th><td>1</td>' in page
    )
    assert (
        '<th scope="row">中国法律服务网</th><td><code>12348_national</code></td><td>1</td><td>2</td><td>0</td>'
        "<td>2</td>" in page
    )
    assert '<th scope="row">缺少签名或时间戳</th><td>1</td>' in page
    assert "“即将到期”指 24 小时内到期" in page


def test_no_personal_data_on_the_page(world: World, personas: dict[str, User]) -> None:
    page = _get(personas["admin"]).content.decode()
    assert world.unrouted.reference not in page
    for text in ("13800001111", "13800000000", "申请人", "需查询后答复", "测试事项"):
        assert text not in page


def test_all_within_thresholds(world: World, personas: dict[str, User]) -> None:
    page = _get(personas["admin"]).content.decode()
    assert "✓ 各项指标均未超过阈值。" in page
    assert "超过阈值</strong>" not in page


def test_a_superuser_without_the_role_is_an_administrator_too(db: None) -> None:
    root = User.objects.create_superuser(username="root", password="Passw0rd!x")
    assert _get(root).status_code == 200


@pytest.mark.parametrize(
    "persona",
    ["county_supervisor", "province_supervisor", "hotline_operator", "window_clerk", "aid_lawyer", "citizen"],
)
def test_everyone_else_is_refused(persona: str, personas: dict[str, User]) -> None:
    response = _get(personas[persona])
    assert response.status_code == 403
    assert "运行监测页面仅供系统管理员使用。" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(db: None) -> None:
    response = _get(None)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_supervision_dashboard_links_it_for_administrators_only(
    personas: dict[str, User], county: County
) -> None:
    url = f"/supervision/r/{county.county.code}/"
    link = f'<a href="{PAGE}">运行监测</a>'
    assert link in _get(personas["admin"], url).content.decode()
    supervisor_page = _get(personas["county_supervisor"], url)
    assert supervisor_page.status_code == 200
    assert link not in supervisor_page.content.decode()
