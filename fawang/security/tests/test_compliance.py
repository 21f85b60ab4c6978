"""The compliance audit report and the officer's contact (M13; 个人信息保护法 Art.52, 54), against a small fixed log."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from fawang.accounts.models import User
from fawang.accounts.services import system_actor
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditAction, AuditEntry
from fawang.security.checks import check_pi_officer
from fawang.security.compliance import compliance_report_build
from fawang.security.incidents import incident_open
from fawang.security.privacy import data_request_decide, data_request_submit
from fawang.security.retention import retention_purge

MARCH = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
OFFICER = {"name": "王敏", "title": "个人信息保护负责人", "phone": "023-12348000", "email": "", "address": ""}


def _at(day: int, hour: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 30, tzinfo=clock.LOCAL_TZ)


def _log(user: User, action: AuditAction, when: datetime, times: int = 1) -> None:
    with time_machine.travel(when, tick=False):
        for _ in range(times):
            audit_record(actor=user, action=action, object_type="cases.Case", object_id="X")


@pytest.fixture
def march_log(personas: dict[str, User]) -> None:
    clerk, supervisor, admin = personas["window_clerk"], personas["county_supervisor"], personas["admin"]
    _log(clerk, AuditAction.VIEW, _at(2, 10), times=3)
    _log(clerk, AuditAction.REVEAL, _at(2, 23))  # off hours
    _log(clerk, AuditAction.EXPORT, _at(3, 10))
    _log(supervisor, AuditAction.VIEW, _at(4, 6))  # a plain view at 06:30 is not an off-hours finding
    _log(supervisor, AuditAction.EXPORT, _at(5, 6))  # an export at 06:30 is
    _log(personas["outsider"], AuditAction.DENIED, _at(6, 11))
    _log(clerk, AuditAction.LOGIN_FAILED, _at(7, 9), times=2)
    _log(clerk, AuditAction.VIEW, _at(1, 0, month=4))  # 1 April 00:30: outside the period
    _log(clerk, AuditAction.REVEAL, datetime(2026, 2, 28, 23, 59, tzinfo=clock.LOCAL_TZ))  # outside too
    # Data-subject requests (due 15 days after submission): one decided late, one open and overdue at the end of
    # March, one decided on time, and one submitted in March but decided in April (open at the end of March).
    with time_machine.travel(_at(1, 9), tick=False):
        late = data_request_submit(actor=personas["citizen"], kind="copy")
        overdue = data_request_submit(actor=personas["citizen"], kind="correction")
    with time_machine.travel(_at(20, 9), tick=False):
        data_request_decide(actor=admin, request_id=late.pk, approve=True, decision="已提供副本")
        on_time = data_request_submit(actor=personas["citizen_b"], kind="copy")
    with time_machine.travel(_at(25, 9), tick=False):
        data_request_decide(actor=admin, request_id=on_time.pk, approve=True, decision="已提供副本")
    with time_machine.travel(_at(2, 9, month=4), tick=False):
        data_request_decide(actor=admin, request_id=overdue.pk, approve=True, decision="已更正")
    incident_open(actor=admin, title="档案柜失窃", detected_at=_at(8, 9), description="窗口档案柜被撬")
    incident_open(actor=admin, title="四月的事件", detected_at=_at(1, 9, month=4), description="期间外")
    with time_machine.travel(_at(10, 3), tick=False):
        retention_purge(actor=system_actor(), dry_run=False, categories=["sessions"])
        retention_purge(
            actor=system_actor(), dry_run=True, categories=["notifications"]
        )  # a rehearsal: not a run


@pytest.mark.usefixtures("march_log")
def test_report_figures_match_the_hand_count(personas: dict[str, User]) -> None:
    """M13: every figure of the report for March, counted by hand from the log above."""
    report = compliance_report_build(actor=personas["admin"], **MARCH)
    assert report.actions["view"] == 4
    assert report.actions["reveal"] == 1
    assert report.actions["export"] == 2
    assert report.actions["denied"] == 1
    assert report.login_failures == 2
    assert report.actors == 2  # clerk and supervisor read personal data; the outsider was refused
    assert [(a.actor, a.view, a.reveal, a.export, a.total) for a in report.top_actors] == [
        ("clerk", 3, 1, 1, 5),
        ("supervisor", 1, 0, 1, 2),
    ]
    assert report.off_hours == 2
    assert report.off_hours_actors == ["clerk", "supervisor"]
    requests = {r.kind: r for r in report.requests}
    assert (requests["copy"].received, requests["copy"].decided, requests["copy"].decided_late) == (2, 2, 1)
    assert (requests["copy"].open, requests["copy"].open_overdue) == (0, 0)
    correction = requests["correction"]
    assert (correction.received, correction.decided, correction.open, correction.open_overdue) == (1, 0, 1, 1)
    assert requests["deletion"].received == 0
    retention = {r.category: r for r in report.retention}
    assert retention["sessions"].real_runs == 1
    assert retention["sessions"].last_real_run == _at(10, 3)
    assert retention["notifications"].real_runs == 0
    assert retention["notifications"].last_real_run is None
    assert (report.incidents, report.incidents_open) == (1, 1)
    assert report.chain_first_bad_id is None
    assert report.chain_checked == AuditEntry.objects.count() - 1  # all but the report's own entry


@pytest.mark.usefixtures("march_log")
def test_findings_name_what_needs_follow_up(personas: dict[str, User]) -> None:
    report = compliance_report_build(actor=personas["admin"], **MARCH)
    text = "\n".join(report.findings)
    assert "未公布个人信息保护负责人" in text
    assert "更正请求 1 件逾期未处理" in text
    assert "查阅复制请求 1 件超过答复期限才处理" in text
    assert "已读站内通知" in text  # rehearsed only
    assert "过期会话" not in text  # really run in March
    assert "非工作时间查看完整信息或导出 2 次（clerk、supervisor）" in text
    assert "越权访问被拒绝 1 次" in text
    assert "个人信息安全事件 1 起尚未结案" in text
    with override_settings(FAWANG_PI_OFFICER=OFFICER):
        again = compliance_report_build(actor=personas["admin"], **MARCH)
    assert not any("负责人" in f for f in again.findings)
    assert again.officer == {"name": "王敏", "title": "个人信息保护负责人", "phone": "023-12348000"}


def test_a_broken_audit_chain_is_a_finding(personas: dict[str, User]) -> None:
    from fawang.conftest import set_append_only

    _log(personas["window_clerk"], AuditAction.VIEW, _at(2, 10), times=2)
    first = AuditEntry.objects.order_by("id").first()
    assert first is not None
    set_append_only(False)
    try:
        AuditEntry.objects.filter(pk=first.pk).update(summary="tampered")
    finally:
        set_append_only(True)
    report = compliance_report_build(actor=personas["admin"], **MARCH)
    assert report.chain_first_bad_id == first.pk
    assert any(f"第 {first.pk} 条处断开" in f for f in report.findings)


def test_only_administrators_may_build_it_and_bad_periods_change_nothing(personas: dict[str, User]) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDeniedError):
        compliance_report_build(actor=personas["county_supervisor"], **MARCH)
    with pytest.raises(DomainError, match="开始日期 2026-03-31 晚于结束日期 2026-03-01"):
        compliance_report_build(
            actor=personas["admin"], date_from=date(2026, 3, 31), date_to=date(2026, 3, 1)
        )
    assert AuditEntry.objects.count() == before
    compliance_report_build(actor=personas["admin"], **MARCH)
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None
    assert (entry.action, entry.object_type, entry.actor_id) == (
        AuditAction.EXPORT,
        "security.ComplianceReport",
        personas["admin"].pk,
    )


@pytest.mark.usefixtures("march_log")
def test_page_for_administrators_only(client: Client, personas: dict[str, User]) -> None:
    """M13 through the real pages: 403 for a supervisor, the report for an administrator, errors in Chinese."""
    client.force_login(personas["county_supervisor"])
    assert client.get("/work/audit/compliance/?date_from=2026-03-01&date_to=2026-03-31").status_code == 403
    assert "合规审计报告" not in client.get("/work/audit/").content.decode()
    client.force_login(personas["admin"])
    assert "/work/audit/compliance/" in client.get("/work/audit/").content.decode()
    page = client.get("/work/audit/compliance/?date_from=2026-03-01&date_to=2026-03-31").content.decode()
    assert "更正请求 1 件逾期未处理" in page
    assert "<td>clerk</td><td>3</td><td>1</td><td>1</td><td>5</td>" in page
    reversed_period = client.get("/work/audit/compliance/?date_from=2026-03-31&date_to=2026-03-01")
    assert "晚于结束日期" in reversed_period.content.decode()
    assert "需要跟进的事项" not in reversed_period.content.decode()
    assert "请输入有效日期" in client.get("/work/audit/compliance/?date_from=x&date_to=y").content.decode()


@pytest.mark.usefixtures("march_log")
def test_command_prints_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("compliance_report", "--from", "2026-03-01", "--to", "2026-03-31", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["actions"]["export"] == 2
    assert data["top_actors"][0] == {"actor": "clerk", "view": 3, "reveal": 1, "export": 1, "total": 5}
    call_command("compliance_report", "--from", "2026-03-01", "--to", "2026-03-31")
    text = capsys.readouterr().out
    assert "个人信息保护负责人：未配置" in text
    assert "  更正: 1 / 0 / 0 / 1 / 1" in text
    with pytest.raises(CommandError, match="不是有效日期"):
        call_command("compliance_report", "--from", "2026-13-01", "--to", "2026-03-31")


def test_officer_published_and_checked_on_deploy(client: Client, db: None) -> None:
    """M13 (Art.52): the privacy notice names the officer once configured; deploy checks warn until then."""
    assert [m.id for m in check_pi_officer(None)] == ["security.W806"]
    assert "个人信息保护负责人" not in client.get("/privacy/").content.decode()
    with override_settings(FAWANG_PI_OFFICER=OFFICER):
        assert check_pi_officer(None) == []
        page = client.get("/privacy/").content.decode()
    assert "王敏" in page
    assert "023-12348000" in page
