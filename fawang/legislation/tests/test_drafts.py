"""Q1 (立法法 Art.40; 规章制定程序条例 Art.15) and Q6 (无障碍环境建设法 Art.9): drafts, the 30-day floor, the declared
lifecycle with its append-only events, open/closed by date, and the accessibility invitation gate. Through HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import DatabaseError, transaction

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.core.models import AppendOnlyError
from fawang.legislation.models import Draft, DraftArticle, DraftEvent, DraftStatus, Phase
from fawang.legislation.rules import COMMENT_PERIOD_MIN_DAYS, articles_split, comment_period_days
from fawang.legislation.tests.conftest import FULL_TEXT, TODAY, MakeDraft, client_for

pytestmark = pytest.mark.django_db


def _form(county: County, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "region": county.county.pk,
        "kind": "rule",
        "title": "甲县电动自行车管理办法",
        "drafting_body": "甲县司法局",
        "explanation": "起草说明。",
        "full_text": FULL_TEXT,
        "opens_on": str(TODAY),
        "closes_on": str(TODAY + timedelta(days=30)),
        "identity_mode": "real_name",
    }
    data.update(overrides)
    return data


def test_q1_period_floor_is_thirty_days_the_opening_day_not_counted() -> None:
    """Q1: the floor is a constant citing its source; counted as 民法典 Art.201 counts days, 2 March to 1 April is
    30 days and 2 March to 31 March only 29."""
    assert COMMENT_PERIOD_MIN_DAYS == 30
    assert comment_period_days(TODAY, TODAY + timedelta(days=30)) == 30
    assert comment_period_days(TODAY, TODAY + timedelta(days=29)) == 29


def test_q1_full_text_is_split_into_articles() -> None:
    assert [(a.label, a.text[:4]) for a in articles_split(FULL_TEXT)] == [
        ("第一条", "为了规范"),
        ("第二条", "本县行政"),
        ("第三条", "携犬出户"),
    ]
    assert [a.label for a in articles_split("没有条号的短文。")] == ["全文"]


def test_q1_create_draft_through_the_workbench(personas: dict[str, User], county: County) -> None:
    response = client_for(personas["admin"]).post("/work/legislation/new/", _form(county))
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert (draft.status, draft.kind, draft.created_by) == (DraftStatus.DRAFT, "rule", personas["admin"])
    assert list(DraftArticle.objects.filter(draft=draft).values_list("label", flat=True)) == [
        "第一条",
        "第二条",
        "第三条",
    ]
    assert list(draft.events.values_list("action", "to_status")) == [("create", "draft")]


def test_q1_refuses_a_period_shorter_than_thirty_days(personas: dict[str, User], county: County) -> None:
    response = client_for(personas["admin"]).post(
        "/work/legislation/new/", _form(county, closes_on=str(TODAY + timedelta(days=29)))
    )
    assert response.status_code == 400
    assert "征求意见期限为29日，不得少于30日（《立法法》第四十条、《规章制定程序条例》第十五条）" in (
        response.content.decode()
    )
    assert Draft.objects.count() == 0


def test_q1_refuses_close_before_open(personas: dict[str, User], county: County) -> None:
    response = client_for(personas["admin"]).post(
        "/work/legislation/new/", _form(county, closes_on=str(TODAY - timedelta(days=1)))
    )
    assert response.status_code == 400
    assert "截止日期不能早于开始日期" in response.content.decode()
    assert Draft.objects.count() == 0


def test_q1_refuses_an_edit_that_shortens_the_period_or_changes_nothing(
    personas: dict[str, User], county: County, make_draft: MakeDraft
) -> None:
    draft = make_draft()
    client = client_for(personas["admin"])
    form = _form(county, kind="normative", title=draft.title, explanation=draft.explanation)
    form["drafting_body"] = draft.drafting_body
    response = client.post(f"/work/legislation/{draft.pk}/", form)
    assert response.status_code == 400
    assert "没有任何修改" in response.content.decode()
    response = client.post(
        f"/work/legislation/{draft.pk}/", {**form, "closes_on": str(TODAY + timedelta(days=10))}
    )
    assert response.status_code == 400
    assert "不得少于30日" in response.content.decode()
    response = client.post(f"/work/legislation/{draft.pk}/", {**form, "title": "新标题"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.closes_on) == ("新标题", TODAY + timedelta(days=30))


def test_q1_publish_then_open_and_closed_follow_the_dates(
    personas: dict[str, User], make_draft: MakeDraft, frozen_day: time_machine.Traveller
) -> None:
    draft = make_draft(opens_on=TODAY + timedelta(days=3), closes_on=TODAY + timedelta(days=40))
    client = client_for(personas["admin"])
    assert client.post(f"/work/legislation/{draft.pk}/act/", {"action": "publish"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == DraftStatus.PUBLISHED
    public = client_for(None)
    assert "即将开始征求意见" in public.get(f"/legislation/{draft.pk}/").content.decode()
    frozen_day.shift(timedelta(days=3))
    assert "正在征求意见" in public.get(f"/legislation/{draft.pk}/").content.decode()
    assert [d.pk for d in _listed(public, "open")] == [draft.pk]
    frozen_day.shift(timedelta(days=38))  # the day after closes_on; no job ran, the phase follows the date
    draft.refresh_from_db()
    assert draft.status == DraftStatus.PUBLISHED
    assert draft.phase_on(TODAY + timedelta(days=41)) == Phase.CLOSED
    assert "征求意见已截止" in public.get(f"/legislation/{draft.pk}/").content.decode()
    assert [d.pk for d in _listed(public, "closed")] == [draft.pk]


def _listed(client: object, phase: str) -> list[Draft]:
    response = client.get(f"/api/v1/legislation/drafts/?phase={phase}")  # type: ignore[attr-defined]
    assert response.status_code == 200
    return list(Draft.objects.filter(pk__in=[row["id"] for row in response.json()]))


@pytest.mark.usefixtures("append_only_enforced")
def test_q1_close_only_after_the_period_and_events_are_append_only(
    personas: dict[str, User], open_draft: Draft, frozen_day: time_machine.Traveller
) -> None:
    client = client_for(personas["admin"])
    response = client.post(f"/work/legislation/{open_draft.pk}/act/", {"action": "close"})
    assert response.status_code == 400
    assert "不能提前截止" in response.content.decode()
    frozen_day.shift(timedelta(days=31))
    client = client_for(personas["admin"])  # a new session: the idle sign-out (M5) ended the old one
    assert client.post(f"/work/legislation/{open_draft.pk}/act/", {"action": "close"}).status_code == 302
    open_draft.refresh_from_db()
    assert open_draft.status == DraftStatus.CLOSED
    events = list(
        DraftEvent.objects.filter(draft=open_draft).values_list("action", "from_status", "to_status")
    )
    assert events == [
        ("create", "", "draft"),
        ("publish", "draft", "published"),
        ("close", "published", "closed"),
    ]
    event = DraftEvent.objects.filter(draft=open_draft).last()
    assert event is not None
    with pytest.raises(AppendOnlyError):
        event.save()
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
    ):  # the database trigger, too (any backend's error)
        DraftEvent.objects.filter(pk=event.pk).update(reason="changed")


def test_q1_publish_refused_when_the_opening_day_has_passed(
    personas: dict[str, User], make_draft: MakeDraft, frozen_day: time_machine.Traveller
) -> None:
    draft = make_draft(closes_on=TODAY + timedelta(days=60))
    frozen_day.shift(timedelta(days=2))
    response = client_for(personas["admin"]).post(f"/work/legislation/{draft.pk}/act/", {"action": "publish"})
    assert response.status_code == 400
    assert "开始日期已过" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT
    assert draft.events.count() == 1


def test_q1_withdraw_needs_a_reason_and_hides_the_draft(personas: dict[str, User], open_draft: Draft) -> None:
    client = client_for(personas["admin"])
    response = client.post(f"/work/legislation/{open_draft.pk}/act/", {"action": "withdraw"})
    assert response.status_code == 400
    assert "撤回须说明理由" in response.content.decode()
    response = client.post(
        f"/work/legislation/{open_draft.pk}/act/", {"action": "withdraw", "reason": "上位法修改，重新起草"}
    )
    assert response.status_code == 302
    open_draft.refresh_from_db()
    assert open_draft.status == DraftStatus.WITHDRAWN
    assert client_for(None).get(f"/legislation/{open_draft.pk}/").status_code == 404
    response = client.post(f"/work/legislation/{open_draft.pk}/act/", {"action": "publish"})
    assert response.status_code == 400
    assert "不能发布征求意见" in response.content.decode()


def test_q1_published_draft_cannot_be_edited(
    personas: dict[str, User], county: County, open_draft: Draft
) -> None:
    response = client_for(personas["admin"]).post(
        f"/work/legislation/{open_draft.pk}/", _form(county, title="改个标题")
    )
    assert response.status_code == 400
    assert "已发布的征求意见稿不能修改" in response.content.decode()


def test_q1_unpublished_draft_is_not_public(make_draft: MakeDraft) -> None:
    draft = make_draft()
    public = client_for(None)
    assert public.get(f"/legislation/{draft.pk}/").status_code == 404
    assert public.get(f"/api/v1/legislation/drafts/{draft.pk}/").status_code == 404
    assert draft.title not in public.get("/legislation/").content.decode()


def test_q6_accessibility_draft_needs_both_invitations_before_publication(
    personas: dict[str, User], make_draft: MakeDraft
) -> None:
    draft = make_draft(concerns_accessibility=True, title="甲县无障碍环境建设实施办法")
    client = client_for(personas["admin"])
    response = client.post(f"/work/legislation/{draft.pk}/act/", {"action": "publish"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "残疾人组织（残联）、老年人组织（老龄协会等）" in body
    assert "《无障碍环境建设法》第九条" in body
    invitation = {
        "kind": "disabled",
        "organisation": "甲县残疾人联合会",
        "invited_on": str(TODAY),
        "method": "letter",
    }
    assert client.post(f"/work/legislation/{draft.pk}/invitations/", invitation).status_code == 302
    response = client.post(f"/work/legislation/{draft.pk}/act/", {"action": "publish"})
    assert response.status_code == 400
    assert "老年人组织" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT
    elderly = {**invitation, "kind": "elderly", "organisation": "甲县老龄协会", "method": "meeting"}
    assert client.post(f"/work/legislation/{draft.pk}/invitations/", elderly).status_code == 302
    assert client.post(f"/work/legislation/{draft.pk}/act/", {"action": "publish"}).status_code == 302
    page = client_for(None).get(f"/legislation/{draft.pk}/").content.decode()
    assert "本草案涉及无障碍环境建设" in page
    assert "甲县残疾人联合会" in page
    assert "甲县老龄协会" in page


def test_q6_invitation_refusals(personas: dict[str, User], make_draft: MakeDraft) -> None:
    client = client_for(personas["admin"])
    plain = make_draft()
    data = {"kind": "disabled", "organisation": "甲县残联", "invited_on": str(TODAY), "method": "letter"}
    response = client.post(f"/work/legislation/{plain.pk}/invitations/", data)
    assert response.status_code == 400
    assert "未标注涉及无障碍" in response.content.decode()
    a11y = make_draft(concerns_accessibility=True)
    response = client.post(f"/work/legislation/{a11y.pk}/invitations/", {**data, "organisation": " "})
    assert response.status_code == 400
    assert "请填写受邀组织名称" in response.content.decode()
    response = client.post(
        f"/work/legislation/{a11y.pk}/invitations/", {**data, "invited_on": str(TODAY + timedelta(days=1))}
    )
    assert response.status_code == 400
    assert a11y.invitations.count() == 0


def test_q1_workbench_page_shows_the_history_in_chinese(personas: dict[str, User], open_draft: Draft) -> None:
    page = client_for(personas["admin"]).get(f"/work/legislation/{open_draft.pk}/").content.decode()
    assert "创建 → 起草中" in page
    assert "发布征求意见 → 已发布征求意见" in page
    assert "条文（3条）" in page
