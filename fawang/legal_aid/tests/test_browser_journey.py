"""One legal-aid application in a real browser on a 360-px phone, from window intake to archive (issue 6):
clerk intake → reviewer accept, one-time notice, supplement, grant → assign → lawyer progress and closing →
reviewer archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


def _login(page: Any, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Passw0rd!x")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="我的工作台").wait_for()


def _step(page: Any, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")


def test_window_intake_to_archive(
    live_server: Any, page: Any, personas: dict[str, User], county: County, tmp_path: Path
) -> None:
    url = live_server.url
    _login(page, url, "clerk")
    page.goto(f"{url}/work/intake/")
    page.get_by_label("姓名").fill("陈秀英")
    page.get_by_label("身份证号码").fill("500231195203150022")
    page.get_by_label("服务类型").select_option("legal_aid")
    page.get_by_label("事项", exact=True).fill("讨要拖欠工资")
    page.get_by_label("情况描述").fill("工地拖欠三个月工资。")
    page.get_by_label("收取材料（每行一项，可写“名称×份数”）").fill("身份证复印件")
    page.get_by_role("button", name="受理并生成工单").click()
    page.get_by_role("heading", name="公共法律服务受理回执").wait_for()
    case = Case.objects.get()
    assert page.get_by_text(f"工单编号：{case.reference}").is_visible()

    _login(page, url, "reviewer")
    page.goto(f"{url}/work/legal-aid/{case.reference}/")
    _step(page, "受理并出具通知书")
    page.get_by_text("审查中").first.wait_for()
    page.get_by_label("需补充的全部材料（一次性告知，每行一项）").fill("经济困难状况说明表")
    page.get_by_label("补充期限").fill("2099-12-31")
    _step(page, "出具一次性告知书")
    page.get_by_text("待补正材料").first.wait_for()
    page.get_by_label("补充收到的材料（每行一项）").fill("经济困难状况说明表")
    _step(page, "登记补充材料")
    page.get_by_role("button", name="决定给予法律援助").wait_for()
    page.locator("#id_grant_verification_mode").select_option("pledge")
    _step(page, "决定给予法律援助")
    page.get_by_text("准予援助").first.wait_for()
    page.locator("#id_assign_practitioner").select_option(str(county.lawyer.pk))
    _step(page, "指派")
    page.get_by_text("已指派").first.wait_for()

    _login(page, url, "lawyer")
    page.goto(f"{url}/work/legal-aid/mine/")
    page.get_by_role("link", name="讨要拖欠工资").click()
    _step(page, "开始办理")
    page.get_by_label("办理进展").fill("已申请劳动仲裁。")
    _step(page, "记录进展")
    page.get_by_text("已申请劳动仲裁。").first.wait_for()
    document = tmp_path / "仲裁调解书.pdf"
    document.write_bytes(b"%PDF-1.4 demo")
    page.get_by_label("案件结果").fill("仲裁调解，追回工资")
    page.get_by_label("办理情况报告").fill("经仲裁调解，对方当庭支付。")
    page.get_by_label("法律文书副本（可多选）").set_input_files(str(document))
    _step(page, "提交结案")
    page.get_by_text("已办结").first.wait_for()

    _login(page, url, "reviewer")
    page.goto(f"{url}/work/legal-aid/{case.reference}/")
    _step(page, "归档")
    page.get_by_text("已归档").first.wait_for()
    case.refresh_from_db()
    assert case.status == "closed"
    assert list(case.events.values_list("action", flat=True)) == [
        "create",
        "accept",
        "request_materials",
        "supplement",
        "grant",
        "assign",
        "start",
        "note",
        "resolve",
        "close",
    ]
