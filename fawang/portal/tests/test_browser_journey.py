"""The citizen's journeys in Chromium on a 360-px phone (issue 4 tests): register with the SMS code, ask and
escalate to a human, apply for legal aid with an upload, track the application, and rate a finished service."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.cases.models import Attachment, Case
from fawang.cases.services import case_transition
from fawang.conftest import County
from fawang.core.crypto import blind_index
from fawang.evaluation.models import Rating
from fawang.legal_aid.models import LegalAidApplication
from fawang.legal_aid.services import aid_accept
from fawang.portal.sms import ConsoleSmsSender
from fawang.portal.tests.apply_helpers import PNG

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]
PHONE = "13987654321"


def _register(page: Any, base: str) -> User:
    ConsoleSmsSender.outbox.clear()
    page.goto(f"{base}/register/")
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_text("验证码已发送").wait_for()
    phone, text = ConsoleSmsSender.outbox[-1]
    match = re.search(r"\d{6}", text)
    assert phone == PHONE
    assert match is not None
    page.get_by_label("短信验证码").fill(match.group(0))
    page.get_by_label("姓名").fill("陈秀英")
    page.get_by_label("设置密码（至少10位，不能全是数字）").fill("Chen@2026secure")
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="注册").click()
    page.get_by_role("heading", name="我的事项").wait_for()
    return User.objects.get(phone_bidx=blind_index(PHONE))


def _next(page: Any) -> None:
    page.get_by_role("button", name="保存，下一步").click()
    page.wait_for_load_state("networkidle")


def test_register_ask_apply_track_and_rate(
    live_server: Any, page: Any, personas: dict[str, User], county: County, tmp_path: Path
) -> None:
    base = live_server.url
    citizen = _register(page, base)

    # Ask (J5): the smart answer, then a human; the question lands in "my requests".
    page.goto(f"{base}/")
    page.get_by_role("link", name="我要咨询").first.click()
    page.get_by_label("请描述您遇到的问题").fill("公司拖欠工资三个月不给怎么办？")
    page.locator("#id_site").select_option(str(county.station_x.pk))
    page.get_by_role("button", name="提问").click()
    page.get_by_role("button", name="转人工咨询（生成咨询工单）").click()
    page.get_by_text("已转人工咨询").wait_for()
    consultation = Case.objects.get(service_type="consultation")
    assert (consultation.requester_user_id, consultation.channel) == (citizen.pk, "web")
    case_transition(reference=consultation.reference, action="accept", actor=personas["clerk_x"])
    case_transition(
        reference=consultation.reference,
        action="answer",
        actor=personas["clerk_x"],
        reason="可以申请劳动仲裁，也可以申请法律援助。",
    )

    # Apply for legal aid with an upload (A2, C7, C19).
    page.goto(f"{base}/apply/")
    page.get_by_role("link", name="法律援助").click()
    page.get_by_role("button", name="开始填写").click()
    page.get_by_label("身份证号码").fill("500231195203150022")
    page.get_by_label("您住在哪个乡镇（街道）").select_option(county.town_x.code)
    _next(page)
    page.get_by_label("请求确认劳动关系或者支付劳动报酬（第三十一条第五项）").check()
    page.get_by_label("用一句话说明您的事情").fill("工地拖欠三个月工资")
    _next(page)
    page.get_by_label("事情经过和您为什么申请法律援助").fill("2026年8月起工地没有发工资。")
    _next(page)
    page.get_by_label("家里一起生活的有几口人").fill("3")
    page.get_by_label("全家每月总收入除以人数，大约多少元（不清楚可不填）").fill("600")
    page.get_by_label("没有").check()
    _next(page)
    page.get_by_role("heading", name="资格自测结果").wait_for()
    assert page.get_by_text("不是决定").is_visible()
    _next(page)
    scan = tmp_path / "身份证.png"
    scan.write_bytes(PNG)
    page.get_by_label("这是什么材料").fill("身份证正反面")
    page.get_by_label("选择文件（照片或扫描件：jpg、png、pdf，单个不超过20MB）").set_input_files(str(scan))
    page.get_by_role("button", name="上传").click()
    page.get_by_text("已上传：身份证正反面。").wait_for()
    page.get_by_role("link", name="下一步：核对并提交").click()
    page.get_by_label("我确认以上内容真实。如有虚假，愿意承担相应责任。").check()
    page.get_by_role("button", name="提交申请").click()
    page.get_by_role("heading", name="网上申请材料接收回执").wait_for()
    application = LegalAidApplication.objects.select_related("case").get()
    aid_case = application.case
    assert page.get_by_text(aid_case.reference).first.is_visible()
    assert page.get_by_role("cell", name="身份证正反面").is_visible()
    assert Attachment.objects.filter(case=aid_case).count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="下载回执（PDF）").click()
    assert download.value.suggested_filename == f"{aid_case.reference}-receipt.pdf"

    # Track (issue 4 §4): the agency accepts; the citizen sees it in plain words with the notice to download.
    aid_accept(actor=personas["aid_reviewer"], application=application)
    page.goto(f"{base}/me/")
    assert page.get_by_role(
        "link", name=f"您的事项 {aid_case.reference}（工地拖欠三个月工资）有新进展：受理"
    ).is_visible()
    page.get_by_role("link", name="工地拖欠三个月工资", exact=True).click()
    page.get_by_text("正在审查").first.wait_for()
    assert page.get_by_role("link", name="法律援助申请受理通知书（PDF）").is_visible()

    # The human answer to the question is there; rate that finished service (H1, H2).
    page.goto(f"{base}/me/cases/{consultation.reference}/")
    page.get_by_role("heading", name="办理单位的答复").wait_for()
    assert (
        page.get_by_role("paragraph").filter(has_text="可以申请劳动仲裁，也可以申请法律援助。").is_visible()
    )
    page.get_by_role("link", name="评价本次服务").click()
    page.get_by_role("heading", name="服务评价").wait_for()


def test_citizen_rates_a_finished_service_in_the_browser(
    live_server: Any, page: Any, personas: dict[str, User], county: County, make_case: Any
) -> None:
    case = make_case(requester_user=personas["citizen"], title="咨询赡养费")
    case_transition(reference=case.reference, action="accept", actor=personas["clerk_x"])
    case_transition(
        reference=case.reference, action="answer", actor=personas["clerk_x"], reason="可以先调解。"
    )
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("手机号").fill("citizen")
    page.get_by_label("密码").fill("Passw0rd!x")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/me/cases/{case.reference}/")
    page.get_by_role("link", name="评价本次服务").click()
    page.get_by_label("非常满意").check()
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("感谢您的评价。").wait_for(timeout=5000)
    rating = Rating.objects.get()
    assert (rating.case_id, rating.level) == (case.pk, 5)
