"""Smart consultation (J4-J6) and its hand-off to a human as a consultation 工单 (J5); the public pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import signing
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.conftest import County
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.knowledge.consult import NOTICE, consultation_smart, shown_payload
from fawang.knowledge.models import ConsultationRequest
from fawang.knowledge.services import consultation_request_human
from fawang.knowledge.tests.conftest import CIVIL, LABOUR, Corpus
from fawang.knowledge.tests.factories import FaqItemFactory
from fawang.knowledge.views import TOKEN_SALT
from fawang.people.models import Person
from fawang.statutes.models import Article

pytestmark = pytest.mark.django_db


def test_smart_answer_for_a_wage_question(corpus: Corpus, county: County, personas: dict[str, User]) -> None:
    faq = FaqItemFactory.create(
        question="老板拖欠工资怎么办",
        answer="可以向劳动保障监察部门投诉，或申请劳动仲裁。",
        category="劳动纠纷",
        owner=personas["admin"],
        updated_by=personas["admin"],
    )
    answer = consultation_smart(question="  老板拖欠工资不给怎么办  ", region=county.village_x)
    assert answer.question == "老板拖欠工资不给怎么办"
    assert answer.category == "劳动纠纷"
    assert (LABOUR, "第三十条") in [(a.law, a.article) for a in answer.articles]
    assert answer.faqs == [faq]
    assert answer.matter == "labour_relation_or_pay"
    assert [s.service.value for s in answer.services] == ["legal_aid", "consultation"]
    assert answer.services[0].basis == "法律援助法第三十一条第（五）项"
    assert answer.human.hotline == "12348"
    assert answer.human.site == county.room_x  # the village room is nearer than the township station
    assert answer.notice == NOTICE
    assert "不构成律师意见" in answer.notice


def test_empty_question_gives_a_prompt_not_a_crash(corpus: Corpus) -> None:
    for question in ("", "   ", None):
        answer = consultation_smart(question=question)  # type: ignore[arg-type]
        assert (answer.category, answer.articles, answer.faqs, answer.services) == ("", [], [], [])
        assert answer.empty_reason.startswith("请用一两句话描述您遇到的问题")


def test_question_matching_nothing_offers_a_human(corpus: Corpus) -> None:
    answer = consultation_smart(question="？？？")
    assert answer.articles == []
    assert answer.empty_reason == "没有找到与您的描述直接相关的法条或问答，建议转人工咨询。"
    assert [s.service.value for s in answer.services] == ["consultation"]


# --- consultation_request_human ------------------------------------------------------------------------------


def shown_for(question: str) -> dict[str, Any]:
    return shown_payload(consultation_smart(question=question))


def test_citizen_request_becomes_a_consultation_case_keeping_what_was_shown(
    corpus: Corpus, county: County, personas: dict[str, User]
) -> None:
    citizen = personas["citizen"]
    shown = shown_for("离婚后孩子归谁抚养")
    request = consultation_request_human(
        actor=citizen, question="离婚后孩子归谁抚养", shown=shown, region=county.town_x, channel="web"
    )
    case = Case.objects.get()
    assert request.case == case
    assert (case.service_type, case.channel, case.status, case.category) == (
        "consultation",
        "web",
        "new",
        "婚姻家庭",
    )
    assert case.requester_user == citizen
    assert case.region == county.town_x
    assert case.description == "离婚后孩子归谁抚养"
    assert case.title == "智能咨询转人工：离婚后孩子归谁抚养"
    assert request.question == "离婚后孩子归谁抚养"
    assert request.shown == shown
    assert (CIVIL, "第一千零八十四条") in [(a["law"], a["article"]) for a in request.shown["articles"]]
    assert request.shown["notice"] == NOTICE
    assert request.created_by == citizen
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_same_idempotency_key_creates_one_case(
    corpus: Corpus, county: County, personas: dict[str, User]
) -> None:
    kwargs: dict[str, Any] = {
        "actor": personas["citizen"],
        "question": "借钱不还",
        "shown": {"category": "债权债务"},
        "region": county.town_x,
        "channel": "web",
        "idempotency_key": "knowledge-ask-1",
    }
    first = consultation_request_human(**kwargs)
    second = consultation_request_human(**kwargs)
    assert first.pk == second.pk
    assert (Case.objects.count(), ConsultationRequest.objects.count()) == (1, 1)


def test_staff_file_on_behalf_of_a_caller(county: County, personas: dict[str, User]) -> None:
    person = Person.objects.create(name="来电人", region=county.village_x)
    request = consultation_request_human(
        actor=personas["hotline_operator"],
        question="工伤怎么认定",
        shown={"category": "劳动纠纷"},
        region=county.county,
        channel="hotline",
        requester=person,
    )
    assert (request.case.channel, request.case.requester, request.case.requester_user) == (
        "hotline",
        person,
        None,
    )


@pytest.mark.parametrize(
    ("_case", "persona", "kwargs", "error", "message"),
    [
        (
            "a role that does no intake",
            "county_supervisor",
            {},
            PermissionDeniedError,
            "您的岗位不能代为提交咨询工单。",
        ),
        ("a mediator", "mediator", {}, PermissionDeniedError, "您的岗位不能代为提交咨询工单。"),
        (
            "citizen for someone else",
            "citizen",
            {"requester_user": "citizen_b"},
            PermissionDeniedError,
            "只能为本人提交咨询。",
        ),
        (
            "citizen on a staff channel",
            "citizen",
            {"channel": "window"},
            DomainError,
            "不支持的受理渠道：window。",
        ),
        ("blank question", "citizen", {"question": "  "}, DomainError, "请填写咨询问题。"),
        (
            "huge question",
            "citizen",
            {"question": "问" * 2001},
            DomainError,
            "咨询问题过长，请控制在 2000 字以内。",
        ),
        ("shown is not an object", "citizen", {"shown": ["x"]}, DomainError, "展示内容格式不正确。"),
        ("shown too large", "citizen", {"shown": {"x": "字" * 30_000}}, DomainError, "展示内容过大。"),
    ],
)
def test_refused_requests_change_nothing(
    county: County,
    personas: dict[str, User],
    _case: str,
    persona: str,
    kwargs: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    fields: dict[str, Any] = {
        "actor": personas[persona],
        "question": "借钱不还",
        "shown": {"category": "债权债务"},
        "region": county.town_x,
        "channel": "web",
        **kwargs,
    }
    if isinstance(fields.get("requester_user"), str):
        fields["requester_user"] = personas[fields["requester_user"]]
    with pytest.raises(error) as raised:
        consultation_request_human(**fields)
    assert raised.value.message == message  # type: ignore[attr-defined]
    assert (Case.objects.count(), ConsultationRequest.objects.count(), CaseEvent.objects.count()) == (0, 0, 0)


# --- pages -----------------------------------------------------------------------------------------------------


def test_search_page_highlights_safely_and_links_permalinks(corpus: Corpus) -> None:
    article = corpus.article(corpus.civil, "第六百七十五条")
    article.text = "借款人应当按照约定的期限返还借款。<script>alert(1)</script>【未闭合"
    article.save()
    corpus.civil.save()
    response = Client().get("/knowledge/search", {"q": "借款 返还"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/laws/{corpus.civil.pk}/articles/675/"' in html
    assert "<mark>借款</mark>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "【未闭合" in html


def test_search_page_filters_and_htmx_partial(corpus: Corpus) -> None:
    client = Client()
    full = client.get("/knowledge/search", {"q": "离婚诉讼", "all": "on", "level": "法律"})
    assert full.status_code == 200
    assert "中华人民共和国婚姻法 第三十二条" in full.content.decode()
    partial = client.get("/knowledge/search", {"q": "离婚诉讼"}, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body
    assert "中华人民共和国婚姻法" not in body
    assert "中华人民共和国民法典 第一千零七十九条" in body


@pytest.mark.parametrize(
    ("_case", "params", "status", "text"),
    [
        ("too long", {"q": "借" * 1001}, 400, "无法检索"),
        ("null byte (refused by the NUL middleware)", {"q": "借款\x00"}, 400, "无效字符"),
        ("nothing found", {"q": "量子纠缠"}, 200, "没有找到相关条文"),
        ("no query", {}, 200, "法条检索"),
    ],
)
def test_search_page_bad_input(
    corpus: Corpus, _case: str, params: dict[str, str], status: int, text: str
) -> None:
    response = Client().get("/knowledge/search", params)
    assert response.status_code == status
    assert text in response.content.decode()


def token_of(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def test_anonymous_visitor_gets_the_answer_and_a_login_link(corpus: Corpus, county: County) -> None:
    response = Client().get("/knowledge/ask", {"q": "离婚后孩子归谁抚养", "site": str(county.station_x.pk)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "婚姻家庭" in html
    assert f'href="/laws/{corpus.civil.pk}/articles/1084/"' in html
    assert "不构成律师意见" in html
    assert "12348" in html
    assert county.station_x.name in html
    assert "登录后转人工咨询" in html
    assert 'name="token"' not in html


def test_anonymous_post_is_sent_to_log_in_and_creates_nothing(corpus: Corpus) -> None:
    response = Client().post("/knowledge/ask/human", {"token": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Case.objects.count() == 0


def test_citizen_turns_the_answer_into_a_case(
    corpus: Corpus, county: County, personas: dict[str, User]
) -> None:
    client = Client()
    client.force_login(personas["citizen"])
    page = client.get("/knowledge/ask", {"q": "离婚后孩子归谁抚养", "site": str(county.station_x.pk)})
    token = token_of(page.content.decode())
    shown = signing.loads(token, salt=TOKEN_SALT)["shown"]
    response = client.post("/knowledge/ask/human", {"token": token, "site": county.station_x.pk})
    assert response.status_code == 302
    assert response["Location"] == "/knowledge/ask"
    request = ConsultationRequest.objects.select_related("case").get()
    assert request.case.region == county.station_x.region
    assert request.case.requester_user == personas["citizen"]
    assert request.case.channel == "web"
    assert request.shown == shown
    assert f"/laws/{corpus.civil.pk}/articles/1084/" in [a["url"] for a in request.shown["articles"]]
    again = client.post("/knowledge/ask/human", {"token": token, "site": county.station_x.pk})
    assert again.status_code == 302
    assert Case.objects.count() == 1  # a double click does not make two 工单


def test_tampered_token_is_refused(corpus: Corpus, county: County, personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["citizen"])
    token = token_of(client.get("/knowledge/ask", {"q": "借钱不还"}).content.decode())
    response = client.post("/knowledge/ask/human", {"token": token[:-2] + "xx", "site": county.station_x.pk})
    assert response.status_code == 400
    assert "页面已过期或内容被修改" in response.content.decode()
    assert Case.objects.count() == 0


def test_citizen_without_a_region_is_asked_for_one(corpus: Corpus, personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["citizen"])
    token = token_of(client.get("/knowledge/ask", {"q": "借钱不还"}).content.decode())
    response = client.post("/knowledge/ask/human", {"token": token})
    assert response.status_code == 400
    assert "请先选择您所在的地区" in response.content.decode()
    assert Case.objects.count() == 0


def test_clerk_files_from_the_desk_and_lands_on_the_case(
    corpus: Corpus, county: County, personas: dict[str, User]
) -> None:
    client = Client()
    client.force_login(personas["window_clerk"])
    token = token_of(client.get("/knowledge/ask", {"q": "老板拖欠工资"}).content.decode())
    response = client.post("/knowledge/ask/human", {"token": token, "name": "张三", "phone": "13900000000"})
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/work/cases/{case.reference}/"
    assert (case.channel, case.region, case.requester.name) == ("window", county.centre.region, "张三")  # type: ignore[union-attr]
    assert ConsultationRequest.objects.get().shown["category"] == "劳动纠纷"


def test_supervisor_cannot_file_and_nothing_changes(corpus: Corpus, personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["county_supervisor"])
    token = token_of(client.get("/knowledge/ask", {"q": "借钱不还"}).content.decode())
    response = client.post("/knowledge/ask/human", {"token": token})
    assert response.status_code == 403
    assert (Case.objects.count(), Person.objects.count()) == (0, 0)


def test_ask_page_bad_input(corpus: Corpus) -> None:
    assert Client().get("/knowledge/ask", {"q": "问" * 2001}).status_code == 400
    blank = Client().get("/knowledge/ask", {"q": "  "})
    assert blank.status_code == 200
    assert "请用一两句话描述您遇到的问题" in blank.content.decode()
    assert Article.objects.count() == 13
