"""One full call taken in the agent console, in a real browser on a 360-px phone viewport: sign in to a seat, the
call rings and pops, the agent notes what the caller says (autosaved, survives a reload), searches the knowledge
base, and registers the call as a consultation answered on the spot. The call centre is played over real HTTP."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.core import clock
from fawang.hotline.models import Call, HotlineCentre
from fawang.hotline.signing import headers_for
from fawang.hotline.simulation import _http_sender
from fawang.hotline.tests.conftest import SECRET, event

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


def test_agent_takes_one_call_in_the_console(
    live_server: Any, page: Any, centre: HotlineCentre, personas: dict[str, User]
) -> None:
    send = _http_sender(live_server.url)

    def cti(kind: str, **data: Any) -> None:
        body = json.dumps(event("LIVE-1", kind, clock.now() - timedelta(seconds=1), **data)).encode()
        status, answer = send(
            "POST", "/api/v1/hotline/events", body, headers_for(secret=SECRET, body=body, now=time.time())
        )
        assert status == 202, answer

    page.goto(f"{live_server.url}/work/hotline/")
    page.get_by_label("用户名").fill("hotline")
    page.get_by_label("密码").fill("Passw0rd!x")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="12348坐席工作台").wait_for()
    page.get_by_label("选择坐席").select_option(label="甲县12348热线 · S01")
    page.get_by_role("button", name="签入").click()
    page.get_by_text("已签入坐席 S01，状态：空闲。").wait_for()

    cti("queued", caller="13800009876")
    cti("ringing", seat="S01", caller="13800009876")
    page.get_by_role("heading", name="来电振铃").wait_for(timeout=10_000)
    assert page.get_by_text("首次来电").is_visible()
    cti("answered", seat="S01")
    page.get_by_role("heading", name="通话中").wait_for(timeout=10_000)

    notes = page.get_by_label("记录来电人所述（自动保存）")
    notes.fill("来电人称在工地打工，老板拖欠三个月工资共两万元。")
    page.locator("#notes-saved").get_by_text("已保存").wait_for(timeout=10_000)
    page.reload()  # the console reloads mid-call: nothing the caller said is lost
    page.get_by_role("heading", name="通话中").wait_for()
    assert (
        page.get_by_label("记录来电人所述（自动保存）").input_value()
        == "来电人称在工地打工，老板拖欠三个月工资共两万元。"
    )

    page.get_by_label("检索法条、问答").fill("老板拖欠工资怎么办")
    page.get_by_role("button", name="检索").click()
    page.get_by_text("智能分类").wait_for(timeout=20_000)

    page.get_by_role("radio", name="咨询").check()
    page.get_by_label("事项摘要").fill("农民工工资被拖欠")
    page.get_by_label("处理方式").select_option(label="当场答复办结")
    page.get_by_label("答复内容 / 转办说明").fill(
        "告知可向劳动保障监察投诉，或申请劳动仲裁，并可申请法律援助。"
    )
    page.get_by_role("button", name="提交登记").click()
    page.get_by_role("status").filter(has_text="已登记").wait_for(timeout=10_000)

    call = Call.objects.select_related("case").get(call_ref="LIVE-1")
    assert call.case is not None
    assert (call.contact_type, call.disposition, call.agent) == (
        "consultation",
        "answered",
        personas["hotline_operator"],
    )
    assert (call.case.status, call.case.description) == (
        "resolved",
        "来电人称在工地打工，老板拖欠三个月工资共两万元。",
    )
    assert list(call.case.events.values_list("action", flat=True)) == ["create", "accept", "answer"]
    assert page.get_by_role("status").get_by_role("link", name=call.case.reference).is_visible()
