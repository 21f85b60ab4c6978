"""Q3 (立法法 Art.40): handling each comment after the period and publishing the summary only when all are handled.
Q4 (立法法 Art.70, 90): comments collected offline by a 基层立法联系点 are entered with their source and counted."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.legislation import services
from fawang.legislation.models import Comment, CommentSource, ContactPoint, Draft, DraftStatus, Handling
from fawang.legislation.tests.conftest import TODAY, client_for

pytestmark = pytest.mark.django_db


def _offline(point: ContactPoint, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "contact_point": point.pk,
        "collected_on": str(TODAY),
        "method": "symposium",
        "body": "村民建议设置遛狗时段。",
        "name": "李四",
    }
    data.update(overrides)
    return data


def test_q4_register_contact_points(personas: dict[str, User], county: County) -> None:
    client = client_for(personas["admin"])
    data = {
        "region": county.town_y.pk,
        "name": "西镇基层立法联系点",
        "host": "西镇人民政府",
        "address": "西镇大街1号",
    }
    assert client.post("/work/legislation/contact-points/", data).status_code == 302
    point = ContactPoint.objects.get()
    assert (point.region, point.host, point.registered_by) == (
        county.town_y,
        "西镇人民政府",
        personas["admin"],
    )
    response = client.post("/work/legislation/contact-points/", data)
    assert response.status_code == 400
    assert "已登记名为“西镇基层立法联系点”的联系点" in response.content.decode()
    response = client.post("/work/legislation/contact-points/", {**data, "name": "另一个", "host": " "})
    assert response.status_code == 400
    assert ContactPoint.objects.count() == 1
    clerk = client_for(personas["clerk_x"])
    assert clerk.get("/work/legislation/contact-points/").status_code == 200
    assert clerk.post("/work/legislation/contact-points/", {**data, "name": "东镇点"}).status_code == 403
    assert "西镇基层立法联系点" not in clerk.get("/work/legislation/contact-points/").content.decode()


def test_q4_clerk_of_the_township_enters_an_offline_comment_with_its_source(
    personas: dict[str, User], open_draft: Draft, contact_point: ContactPoint
) -> None:
    article = open_draft.articles.get(label="第一条")
    client = client_for(personas["clerk_x"])
    assert client.get(f"/work/legislation/{open_draft.pk}/offline/").status_code == 200
    response = client.post(
        f"/work/legislation/{open_draft.pk}/offline/", _offline(contact_point, article=article.pk)
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.source, comment.contact_point, comment.collected_on, comment.collection_method) == (
        CommentSource.CONTACT_POINT,
        contact_point,
        TODAY,
        "symposium",
    )
    assert (comment.article, comment.entered_by, comment.name, comment.anonymous) == (
        article,
        personas["clerk_x"],
        "李四",
        False,
    )
    assert comment.reference.startswith("LF20260302-")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param(
            {"collected_on": str(TODAY - timedelta(days=1))},
            "收集日期须在征求意见期内",
            id="q4-before-period",
        ),
        pytest.param({"collected_on": str(TODAY + timedelta(days=1))}, "不晚于今天", id="q4-future"),
        pytest.param({"body": ""}, "请填写意见内容", id="q4-empty"),
        pytest.param({"method": "phone"}, "请检查填写的内容", id="q4-unknown-method"),
    ],
)
def test_q4_offline_refusals_change_nothing(
    personas: dict[str, User],
    open_draft: Draft,
    contact_point: ContactPoint,
    overrides: dict[str, object],
    message: str,
) -> None:
    response = client_for(personas["clerk_x"]).post(
        f"/work/legislation/{open_draft.pk}/offline/", _offline(contact_point, **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 0


def test_q4_clerk_of_another_township_cannot_use_the_contact_point(
    personas: dict[str, User], open_draft: Draft, contact_point: ContactPoint
) -> None:
    response = client_for(personas["clerk_y"]).post(
        f"/work/legislation/{open_draft.pk}/offline/", _offline(contact_point)
    )
    assert response.status_code == 400  # not among the clerk's contact points: the form refuses the choice
    assert Comment.objects.count() == 0
    with pytest.raises(Exception, match="未找到该基层立法联系点"):
        services.comment_offline_enter(
            actor=personas["clerk_y"],
            draft_id=open_draft.pk,
            contact_point_id=contact_point.pk,
            collected_on=TODAY,
            method="visit",
            body="意见",
        )


def _comment(personas: dict[str, User], draft: Draft, body: str, article_label: str | None = None) -> Comment:
    article = draft.articles.get(label=article_label) if article_label else None
    return services.comment_submit(
        actor=personas["citizen"],
        draft_id=draft.pk,
        body=body,
        article_id=article.pk if article else None,
        name="王五",
    )


def test_q3_handling_only_after_the_period_with_a_reason(
    personas: dict[str, User], open_draft: Draft, frozen_day: time_machine.Traveller
) -> None:
    comment = _comment(personas, open_draft, "意见一")
    url = f"/work/legislation/comments/{comment.pk}/"
    response = client_for(personas["admin"]).post(url, {"handling": "adopted", "reason": "合理"})
    assert response.status_code == 400
    assert "征求意见期结束后才能处理意见" in response.content.decode()
    frozen_day.shift(timedelta(days=31))
    client = client_for(personas["admin"])
    response = client.post(url, {"handling": "adopted", "reason": " "})
    assert response.status_code == 400
    assert "请说明处理理由" in response.content.decode()
    assert client.post(url, {"handling": "partly_adopted", "reason": "部分合理"}).status_code == 302
    response = client.post(url, {"handling": "partly_adopted", "reason": "部分合理"})
    assert response.status_code == 400
    assert "处理结果没有变化" in response.content.decode()
    comment.refresh_from_db()
    assert (comment.handling, comment.handling_reason, comment.handled_by) == (
        Handling.PARTLY_ADOPTED,
        "部分合理",
        personas["admin"],
    )


def test_q3_q4_summary_blocked_until_all_handled_then_published_with_sources(
    personas: dict[str, User],
    open_draft: Draft,
    contact_point: ContactPoint,
    frozen_day: time_machine.Traveller,
) -> None:
    first = _comment(personas, open_draft, "第三条犬链太长", "第三条")
    second = _comment(personas, open_draft, "整体赞成")
    offline = services.comment_offline_enter(
        actor=personas["clerk_x"],
        draft_id=open_draft.pk,
        contact_point_id=contact_point.pk,
        collected_on=TODAY,
        method="visit",
        body="第三条应允许导盲犬例外",
        article_id=open_draft.articles.get(label="第三条").pk,
    )
    frozen_day.shift(timedelta(days=31))
    client = client_for(personas["admin"])
    summary_url = f"/work/legislation/{open_draft.pk}/summary/"
    client.post(f"/work/legislation/comments/{first.pk}/", {"handling": "adopted", "reason": "已改为1.5米"})
    client.post(
        f"/work/legislation/comments/{second.pk}/", {"handling": "not_applicable", "reason": "无具体修改建议"}
    )
    response = client.post(summary_url, {"summary_text": "共收到意见3条，主要集中在第三条。"})
    assert response.status_code == 400
    assert "还有1条意见未处理" in response.content.decode()
    open_draft.refresh_from_db()
    assert (open_draft.status, open_draft.summary_text) == (DraftStatus.PUBLISHED, "")
    assert client_for(None).get(f"/api/v1/legislation/drafts/{open_draft.pk}/").json()["summary"] is None
    client.post(
        f"/work/legislation/comments/{offline.pk}/", {"handling": "not_adopted", "reason": "上位法已有规定"}
    )
    response = client.post(summary_url, {"summary_text": ""})
    assert response.status_code == 400
    assert "请填写主要意见及采纳情况说明" in response.content.decode()
    assert client.post(summary_url, {"summary_text": "共收到意见3条，主要集中在第三条。"}).status_code == 302
    open_draft.refresh_from_db()
    assert open_draft.status == DraftStatus.SUMMARY_PUBLISHED
    page = client_for(None).get(f"/legislation/{open_draft.pk}/").content.decode()
    assert "共收到意见 <strong>3</strong> 条" in page
    assert "基层立法联系点：东镇基层立法联系点</th><td>1 条" in page
    assert "网上提交</th><td>2 条" in page
    assert "上位法已有规定" in page
    assert "已改为1.5米" in page
    summary = client_for(None).get(f"/api/v1/legislation/drafts/{open_draft.pk}/").json()["summary"]
    assert summary["total"] == 3
    assert summary["by_handling"] == {"采纳": 1, "部分采纳": 0, "未采纳": 1, "不属于征求意见范围": 1}
    assert summary["by_source"] == [
        {"label": "网上提交", "count": 2},
        {"label": "基层立法联系点：东镇基层立法联系点", "count": 1},
    ]
    assert summary["by_article"] == [
        {"label": "针对草案整体", "total": 1, "by_handling": {"不属于征求意见范围": 1}},
        {"label": "第三条", "total": 2, "by_handling": {"采纳": 1, "未采纳": 1}},
    ]
    response = client.post(
        f"/work/legislation/comments/{first.pk}/", {"handling": "not_adopted", "reason": "改"}
    )
    assert response.status_code == 400
    assert "采纳情况已公布，不能再修改" in response.content.decode()


def test_q3_summary_refused_before_the_period_ends(personas: dict[str, User], open_draft: Draft) -> None:
    response = client_for(personas["admin"]).post(
        f"/work/legislation/{open_draft.pk}/summary/", {"summary_text": "提前"}
    )
    assert response.status_code == 400
    assert "不能提前截止" in response.content.decode()
    open_draft.refresh_from_db()
    assert (open_draft.status, open_draft.summary_text) == (DraftStatus.PUBLISHED, "")
