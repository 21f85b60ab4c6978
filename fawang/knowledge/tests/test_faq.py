"""FAQ knowledge base (J8): citation flags, who may edit, retrieval for a question, the staff pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditEntry
from fawang.knowledge.models import CitationState, FaqItem
from fawang.knowledge.selectors import faq_match
from fawang.knowledge.services import faq_archive, faq_citations_recheck, faq_create, faq_update
from fawang.knowledge.tests.conftest import Corpus
from fawang.knowledge.tests.factories import FaqItemFactory
from fawang.statutes.models import InstrumentStatus

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


def create(actor: User, answer: str, **kw: object) -> FaqItem:
    fields: dict[str, object] = {
        "question": "借钱不还怎么办？",
        "answer": answer,
        "category": "债权债务",
        "owner": actor,
        "review_due": date(2027, 11, 26),
        "effective_from": date(2026, 1, 1),
        **kw,
    }
    return faq_create(actor=actor, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("_case", "answer", "state", "statuses"),
    [
        ("valid citation", "依据《民法典》第六百七十五条，借款人应当按期返还。", CitationState.OK, ["ok"]),
        ("no citation", "可以先协商，协商不成可以起诉。", CitationState.NONE, []),
        ("unknown article", "依据《民法典》第九千条。", CitationState.FLAGGED, ["unknown_article"]),
        ("repealed law", "依据《婚姻法》第三十二条。", CitationState.FLAGGED, ["repealed"]),
        (
            "one good, one unknown law",
            "依据《民法典》第六百七十五条和《不存在法》第一条。",
            CitationState.FLAGGED,
            ["ok", "unknown_law"],
        ),
    ],
)
def test_citations_are_checked_on_save(
    corpus: Corpus, personas: dict[str, User], _case: str, answer: str, state: str, statuses: list[str]
) -> None:
    item = create(personas["aid_reviewer"], answer)
    assert item.citation_state == state
    assert [c["status"] for c in item.citations] == statuses


def test_recheck_flags_items_when_an_article_is_repealed(corpus: Corpus, personas: dict[str, User]) -> None:
    item = create(personas["admin"], "依据《劳动合同法》第四十七条支付经济补偿。")
    assert item.citation_state == CitationState.OK
    corpus.labour.status = InstrumentStatus.REPEALED
    corpus.labour.save()
    assert faq_citations_recheck(actor=personas["admin"]) == 1
    item.refresh_from_db()
    assert item.citation_state == CitationState.FLAGGED
    assert [c["status"] for c in item.citations] == ["repealed"]
    assert faq_citations_recheck(actor=personas["admin"]) == 0


@pytest.mark.parametrize(
    "persona", ["mediator", "window_clerk", "hotline_operator", "citizen", "county_supervisor"]
)
def test_only_admin_and_aid_reviewer_may_edit(
    corpus: Corpus, personas: dict[str, User], persona: str
) -> None:
    audit_before = AuditEntry.objects.count()
    with pytest.raises(PermissionDeniedError):
        create(personas[persona], "可以起诉。")
    item = FaqItemFactory.create(owner=personas["admin"], updated_by=personas["admin"])
    with pytest.raises(PermissionDeniedError):
        faq_archive(actor=personas[persona], faq=item)
    item.refresh_from_db()
    assert item.archived is False
    assert FaqItem.objects.count() == 1
    assert AuditEntry.objects.count() == audit_before


def test_update_and_archive_are_audited(corpus: Corpus, personas: dict[str, User]) -> None:
    reviewer = personas["aid_reviewer"]
    item = create(reviewer, "可以起诉。")
    faq_update(
        actor=reviewer,
        faq=item,
        question="借钱不还，能起诉吗？",
        answer="依据《民法典》第六百七十五条可以起诉。",
        category="债权债务",
        owner=personas["admin"],
        review_due=date(2027, 6, 1),
        effective_from=date(2026, 1, 1),
    )
    item.refresh_from_db()
    assert (item.question, item.owner, item.citation_state) == (
        "借钱不还，能起诉吗？",
        personas["admin"],
        "ok",
    )
    faq_archive(actor=reviewer, faq=item)
    item.refresh_from_db()
    assert item.archived is True
    actions = list(
        AuditEntry.objects.filter(object_type="knowledge.FaqItem", object_id=str(item.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "update"]


@pytest.mark.parametrize(
    ("_case", "fields", "message"),
    [
        ("blank question", {"question": " "}, "请填写问题。"),
        ("blank answer", {"answer": ""}, "请填写解答。"),
        ("unknown category", {"category": "外星纠纷"}, "未知的纠纷类别：外星纠纷。"),
        ("inverted dates", {"effective_to": date(2025, 1, 1)}, "失效日期不能早于生效日期。"),
    ],
)
def test_invalid_items_are_refused(
    corpus: Corpus, personas: dict[str, User], _case: str, fields: dict[str, object], message: str
) -> None:
    answer = str(fields.pop("answer", "可以起诉。"))
    with pytest.raises(DomainError) as raised:
        create(personas["admin"], answer, **fields)
    assert raised.value.message == message
    assert FaqItem.objects.count() == 0


def test_faq_match_prefers_the_category_and_skips_items_not_in_effect(personas: dict[str, User]) -> None:
    admin = personas["admin"]
    common = {"owner": admin, "updated_by": admin}
    debt = FaqItemFactory.create(
        question="朋友借钱不还怎么办", answer="先催收，再起诉。", category="债权债务", **common
    )
    contract = FaqItemFactory.create(
        question="借款合同怎么写", answer="写明借款金额和期限。", category="合同纠纷", **common
    )
    FaqItemFactory.create(
        question="借钱不还可以报警吗", answer="一般不能。", category="债权债务", archived=True, **common
    )
    FaqItemFactory.create(
        question="借钱不还能要利息吗",
        answer="看约定。",
        category="债权债务",
        effective_from=date(2027, 1, 1),
        **common,
    )
    FaqItemFactory.create(question="离婚财产怎么分", answer="协商或判决。", category="婚姻家庭", **common)
    assert faq_match(question="借钱不还怎么办", category="债权债务", on=TODAY) == [debt]
    assert faq_match(question="借款合同", category="合同纠纷", on=TODAY)[0] == contract
    assert faq_match(question="！？", category="债权债务", on=TODAY) == []


def test_faq_match_sees_edits_at_once(personas: dict[str, User]) -> None:
    admin = personas["admin"]
    item = FaqItemFactory.create(
        question="工资被拖欠", answer="申请劳动仲裁。", category="劳动纠纷", owner=admin, updated_by=admin
    )
    assert faq_match(question="宅基地纠纷", category="房产纠纷", on=TODAY) == []
    item.question = "宅基地纠纷怎么解决"
    item.save()
    assert faq_match(question="宅基地纠纷", category="房产纠纷", on=TODAY) == [item]


# --- pages ---------------------------------------------------------------------------------------------------


def login(persona: User) -> Client:
    client = Client()
    client.force_login(persona)
    return client


def test_anonymous_visitors_are_sent_to_log_in(personas: dict[str, User]) -> None:
    response = Client().get("/knowledge/faq/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["citizen", "citizen_b"])
def test_citizens_cannot_see_the_staff_faq_pages(personas: dict[str, User], persona: str) -> None:
    item = FaqItemFactory.create(owner=personas["admin"], updated_by=personas["admin"])
    client = login(personas[persona])
    assert client.get("/knowledge/faq/").status_code == 403
    assert client.get(f"/knowledge/faq/{item.pk}/").status_code == 403


@pytest.mark.parametrize("persona", ["mediator", "hotline_operator", "window_clerk"])
def test_other_staff_read_but_cannot_edit(corpus: Corpus, personas: dict[str, User], persona: str) -> None:
    item = FaqItemFactory.create(
        question="借钱不还怎么办", owner=personas["admin"], updated_by=personas["admin"]
    )
    client = login(personas[persona])
    listing = client.get("/knowledge/faq/")
    assert listing.status_code == 200
    assert "借钱不还怎么办" in listing.content.decode()
    assert "新增常见问题" not in listing.content.decode()
    assert client.get(f"/knowledge/faq/{item.pk}/").status_code == 200
    assert client.get("/knowledge/faq/new").status_code == 403
    before = FaqItem.objects.count()
    posted = client.post(f"/knowledge/faq/{item.pk}/edit", {"question": "改掉", "answer": "改掉"})
    assert posted.status_code == 403
    assert client.post(f"/knowledge/faq/{item.pk}/archive").status_code == 403
    item.refresh_from_db()
    assert (item.question, item.archived, FaqItem.objects.count()) == ("借钱不还怎么办", False, before)


def test_reviewer_creates_an_item_and_sees_the_flag(corpus: Corpus, personas: dict[str, User]) -> None:
    reviewer = personas["aid_reviewer"]
    client = login(reviewer)
    response = client.post(
        "/knowledge/faq/new",
        {
            "question": "离婚要走什么程序",
            "answer": "可以协议离婚，也可以依据《民法典》第一千零七十九条起诉；《民法典》第九千条不存在。",
            "keywords": "离婚 起诉",
            "category": "婚姻家庭",
            "owner": reviewer.pk,
            "review_due": "2027-11-26",
            "effective_from": "2026-11-26",
        },
    )
    item = FaqItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/knowledge/faq/{item.pk}/"
    assert item.citation_state == CitationState.FLAGGED
    detail = client.get(f"/knowledge/faq/{item.pk}/").content.decode()
    assert "解答中有引用未通过核查" in detail
    assert f'href="/laws/{corpus.civil.pk}/articles/1079/"' in detail


def test_invalid_form_is_shown_again_and_creates_nothing(personas: dict[str, User]) -> None:
    client = login(personas["admin"])
    response = client.post(
        "/knowledge/faq/new",
        {
            "question": "问题",
            "answer": "解答",
            "category": "婚姻家庭",
            "owner": personas["admin"].pk,
            "review_due": "2027-11-26",
            "effective_from": "2026-11-26",
            "effective_to": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert "失效日期不能早于生效日期。" in response.content.decode()
    assert FaqItem.objects.count() == 0


def test_admin_archives_an_item(personas: dict[str, User]) -> None:
    item = FaqItemFactory.create(owner=personas["admin"], updated_by=personas["admin"])
    response = login(personas["admin"]).post(f"/knowledge/faq/{item.pk}/archive", {"archived": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.archived is True


def test_missing_item_is_404(personas: dict[str, User]) -> None:
    assert login(personas["mediator"]).get("/knowledge/faq/999999/").status_code == 404
