"""Window intake (实体平台): answer on the spot, legal-aid intake with a C7 receipt, the printable receipt (A13)
with the 12348 number, special-group priority (G5) and the likely-duplicate warning (A16)."""

from __future__ import annotations

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.conftest import County
from fawang.legal_aid.models import LegalAidApplication, Material, WindowReceipt
from fawang.legal_aid.tests.helpers import client_for, pdf_text, squash

ID = "500231195203150022"


def _form(**extra: str | list[str]) -> dict[str, str | list[str]]:
    return {
        "name": "王大爷",
        "id_number": ID,
        "phone": "13900001111",
        "groups": ["elderly"],
        "service_type": "legal_aid",
        "channel": "window",
        "title": "工伤赔偿",
        "description": "在工地受伤",
        "handling": "case",
        "items": "身份证复印件\n工伤认定书×2",
        **extra,
    }


def test_legal_aid_intake_prints_receipt_and_warns_of_duplicates(
    personas: dict[str, User], county: County
) -> None:
    clerk = client_for(personas["clerk_x"])
    first = clerk.post("/work/intake/", _form(idempotency_key="a"))
    case = Case.objects.get()
    assert first.status_code == 302
    assert first["Location"] == f"/work/intake/{case.reference}/receipt/"
    assert case.priority == "priority"  # G5: elderly
    app = LegalAidApplication.objects.get(case=case)
    assert list(Material.objects.filter(application=app).values_list("name", "quantity")) == [
        ("身份证复印件", 1),
        ("工伤认定书", 2),
    ]
    page = clerk.get(first["Location"]).content.decode()
    assert case.reference in page
    assert "12348" in page
    assert "七日内审查" in page
    text = pdf_text(clerk.get(f"/work/intake/{case.reference}/receipt.pdf").content)
    receipt = WindowReceipt.objects.get(case=case)
    for item in receipt.items:
        assert squash(f"{item['name']}{item['quantity']}") in text
    assert squash(receipt.handling_unit) in text
    assert "12348" in text
    assert case.reference in text

    # A16: the same person, same service, still open → warned, nothing created.
    events = CaseEvent.objects.count()
    again = clerk.post("/work/intake/", _form(idempotency_key="b", title="工伤赔偿（再次来访）"))
    assert again.status_code == 400
    assert "疑似重复" in again.content.decode()
    assert case.reference in again.content.decode()
    assert (Case.objects.count(), CaseEvent.objects.count()) == (1, events)
    # Link it: a note on the existing case, no new case.
    linked = clerk.post("/work/intake/", _form(idempotency_key="c", link_reference=case.reference))
    assert linked.status_code == 302
    assert (Case.objects.count(), CaseEvent.objects.filter(case=case, action="note").count()) == (1, 1)
    # Or override with a reason: a second case, the reason on its receipt.
    override = clerk.post("/work/intake/", _form(idempotency_key="d", override_reason="另一起工伤事故"))
    assert override.status_code == 302
    second = Case.objects.exclude(pk=case.pk).get()
    assert (second.window_receipt.duplicate_of_id, second.window_receipt.duplicate_override_reason) == (
        case.pk,
        "另一起工伤事故",
    )


def test_consultation_answered_on_the_spot(personas: dict[str, User], county: County) -> None:
    clerk = client_for(personas["clerk_x"])
    response = clerk.post(
        "/work/intake/",
        _form(
            service_type="consultation",
            handling="answer",
            answer="可向劳动仲裁委申请仲裁。",
            groups=[],
            idempotency_key="e",
        ),
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.status, case.outcome) == ("resolved", "可向劳动仲裁委申请仲裁。")
    assert list(case.events.values_list("action", flat=True)) == ["create", "accept", "answer"]
    assert WindowReceipt.objects.get(case=case).answered_on_spot is True
    refused = clerk.post(
        "/work/intake/", _form(handling="answer", answer="x", idempotency_key="f", id_number="")
    )
    assert refused.status_code == 400
    assert Case.objects.count() == 1
