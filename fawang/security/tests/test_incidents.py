"""The personal-information incident procedure (M11; 个人信息保护法 Art.57, 网络安全法 Art.42)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.test import Client

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.errors import ConflictError, DomainError, PermissionDeniedError
from fawang.core.models import AuditEntry
from fawang.notifications.models import Notification
from fawang.security.incidents import incident_act, incident_open, incident_update
from fawang.security.models import IncidentState, SecurityIncident, SecurityIncidentStep

ITEMS = {
    "data_kinds": "姓名、手机号",
    "cause": "一份导出表格被误发到外部邮箱",
    "possible_harm": "可能被用于电话骚扰或诈骗",
    "remedies": "已要求对方删除并确认，已收紧导出权限",
    "individual_measures": "警惕自称司法局工作人员索要验证码的来电",
    "contact": "个人信息保护负责人 023-12348000",
}


def _open(admin: User) -> SecurityIncident:
    return incident_open(
        actor=admin,
        title="导出表格误发",
        detected_at=clock.now() - timedelta(hours=2),
        description="值班人员发现",
    )


def _state(incident: SecurityIncident) -> tuple[str, int]:
    incident.refresh_from_db()
    return incident.state, incident.steps.count()


def test_full_procedure_notifies_the_people_with_the_three_items(personas: dict[str, User]) -> None:
    """M11: open → contain → complete the Art.57 items → report → notify → close, one step per action."""
    admin = personas["admin"]
    incident = _open(admin)
    incident_act(actor=admin, incident_id=incident.pk, action="contain", note="已撤回邮件并冻结导出账户")
    incident_update(
        actor=admin,
        incident_id=incident.pk,
        fields={**ITEMS, "affected_count": 2},
        affected_usernames=["citizen", "citizen_b", ""],
    )
    incident_act(actor=admin, incident_id=incident.pk, action="report", authority="市委网信办")
    incident_act(actor=admin, incident_id=incident.pk, action="notify_people")
    incident_act(actor=admin, incident_id=incident.pk, action="close", note="整改完成")
    incident.refresh_from_db()
    assert incident.state == IncidentState.CLOSED
    assert incident.authority == "市委网信办"
    assert None not in (incident.contained_at, incident.authority_reported_at, incident.people_notified_at)
    steps = list(incident.steps.values_list("action", "from_state", "to_state"))
    assert steps == [
        ("open", "", "open"),
        ("contain", "open", "contained"),
        ("update", "contained", "contained"),
        ("report", "contained", "reported"),
        ("notify_people", "reported", "reported"),
        ("close", "reported", "closed"),
    ]
    notices = Notification.objects.filter(kind="incident").order_by("recipient__username")
    assert [n.recipient.username for n in notices] == ["citizen", "citizen_b"]
    for value in ITEMS.values():
        assert value in notices[0].message
    assert AuditEntry.objects.filter(object_type="security.SecurityIncident").count() == 6


def test_report_and_notice_need_every_item_and_change_nothing_otherwise(personas: dict[str, User]) -> None:
    admin = personas["admin"]
    incident = _open(admin)
    with pytest.raises(ConflictError, match="不能报告主管部门"):
        incident_act(actor=admin, incident_id=incident.pk, action="report", authority="市委网信办")
    with pytest.raises(DomainError, match="请说明采取了哪些控制措施"):
        incident_act(actor=admin, incident_id=incident.pk, action="contain")
    assert _state(incident) == ("open", 1)
    incident_act(actor=admin, incident_id=incident.pk, action="contain", note="已冻结账户")
    incident_update(actor=admin, incident_id=incident.pk, fields={"data_kinds": "姓名"})
    with pytest.raises(
        DomainError, match="原因、可能造成的危害、已采取的补救措施、个人可以采取的减轻危害的措施"
    ):
        incident_act(actor=admin, incident_id=incident.pk, action="report", authority="市委网信办")
    with pytest.raises(DomainError, match="第五十七条"):
        incident_act(actor=admin, incident_id=incident.pk, action="notify_people")
    incident_update(actor=admin, incident_id=incident.pk, fields=ITEMS)
    with pytest.raises(DomainError, match="请填写报告的主管部门"):
        incident_act(actor=admin, incident_id=incident.pk, action="report")
    with pytest.raises(DomainError, match="没有可以站内通知的账户"):
        incident_act(actor=admin, incident_id=incident.pk, action="notify_people")
    with pytest.raises(DomainError, match="找不到这些账户：nobody"):
        incident_update(actor=admin, incident_id=incident.pk, fields={}, affected_usernames=["nobody"])
    with pytest.raises(DomainError, match="120"):
        incident_update(actor=admin, incident_id=incident.pk, fields={"title": "长" * 121})
    with pytest.raises(DomainError, match="不能修改这些字段：state"):
        incident_update(actor=admin, incident_id=incident.pk, fields={"state": "closed"})
    incident.refresh_from_db()
    assert (incident.state, incident.authority_reported_at, incident.people_notified_at) == (
        "contained",
        None,
        None,
    )
    assert not incident.affected_users.exists()
    assert not Notification.objects.filter(kind="incident").exists()


def test_a_waived_notice_needs_a_reason_and_closing_needs_a_decision(personas: dict[str, User]) -> None:
    """Art.57 ¶2: the people need not be told when the remedies avoid the harm, but the reason is recorded."""
    admin = personas["admin"]
    incident = _open(admin)
    incident_act(actor=admin, incident_id=incident.pk, action="contain", note="数据在加密盘中，盘已找回")
    incident_update(actor=admin, incident_id=incident.pk, fields=ITEMS)
    incident_act(actor=admin, incident_id=incident.pk, action="report", authority="市公安局网安支队")
    with pytest.raises(DomainError, match="结案前须通知受影响的个人"):
        incident_act(actor=admin, incident_id=incident.pk, action="close")
    with pytest.raises(DomainError, match="第五十七条第二款"):
        incident_act(actor=admin, incident_id=incident.pk, action="waive_notice")
    incident_act(actor=admin, incident_id=incident.pk, action="waive_notice", note="数据全程加密，密钥未泄露")
    with pytest.raises(ConflictError, match="已经通知个人或记录了不通知的理由"):
        incident_act(actor=admin, incident_id=incident.pk, action="notify_people", note="短信通知")
    incident_act(actor=admin, incident_id=incident.pk, action="close")
    with pytest.raises(ConflictError, match="已结案"):
        incident_update(actor=admin, incident_id=incident.pk, fields={"title": "改名"})
    assert _state(incident) == ("closed", 6)


def test_only_administrators_and_steps_are_append_only(personas: dict[str, User]) -> None:
    with pytest.raises(PermissionDeniedError):
        _open(personas["county_supervisor"])
    incident = _open(personas["admin"])
    with pytest.raises(PermissionDeniedError):
        incident_act(actor=personas["window_clerk"], incident_id=incident.pk, action="contain", note="x")
    with pytest.raises(DomainError, match="发现时间不能晚于现在"):
        incident_open(
            actor=personas["admin"], title="t", detected_at=clock.now() + timedelta(days=1), description="d"
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityIncidentStep.objects.filter(incident=incident).update(note="rewritten")
    assert SecurityIncident.objects.count() == 1


def test_pages_register_and_handle_an_incident(client: Client, personas: dict[str, User]) -> None:
    """M11 through the real pages, as an administrator; 403 for anyone else."""
    client.force_login(personas["county_supervisor"])
    assert client.get("/work/audit/incidents/").status_code == 403
    client.force_login(personas["admin"])
    response = client.post(
        "/work/audit/incidents/",
        {"title": "档案柜失窃", "detected_at": "2026-03-02 09:30", "description": "窗口档案柜被撬"},
    )
    incident = SecurityIncident.objects.get()
    assert response.url == f"/work/audit/incidents/{incident.pk}/"  # type: ignore[attr-defined]
    url = response.url  # type: ignore[attr-defined]
    page = client.post(url, {"action": "report", "authority": "派出所"}, follow=True).content.decode()
    assert "不能报告主管部门" in page
    client.post(url, {"action": "contain", "note": "已更换门锁"})
    form = {**ITEMS, "title": "档案柜失窃", "affected_count": "1", "affected_usernames": "citizen\n"}
    client.post(url, form)
    client.post(url, {"action": "report", "authority": "派出所"})
    client.post(url, {"action": "notify_people", "note": ""})
    page = client.get(url).content.decode()
    assert "已报告主管部门" in page
    assert "已于" in page
    assert Notification.objects.get(kind="incident").recipient == personas["citizen"]
    assert "档案柜失窃" in client.get("/work/audit/incidents/").content.decode()
