"""legal_aid_demo_details: details that fit the case's status, attached once."""

from __future__ import annotations

from fawang.accounts.models import User
from fawang.cases.services import case_transition
from fawang.conftest import County, MakeCase
from fawang.legal_aid.demo import legal_aid_demo_details
from fawang.legal_aid.models import LegalAidApplication


def test_resolved_demo_case_gets_a_full_file(
    make_case: MakeCase, personas: dict[str, User], county: County
) -> None:
    case = make_case("legal_aid", region=county.county)
    reviewer = personas["aid_reviewer"]
    for action, payload in (("accept", {}), ("grant", {}), ("assign", {"practitioner_id": county.lawyer.pk})):
        case_transition(reference=case.reference, action=action, actor=reviewer, payload=payload)
    for action in ("start", "resolve"):
        case_transition(reference=case.reference, action=action, actor=personas["aid_lawyer"], reason="办结")
    app = legal_aid_demo_details(case)
    assert app is not None
    assert (
        app.materials.count(),
        app.snapshots.count(),
        app.assignments.count(),
        app.progress_notes.count(),
    ) == (3, 1, 1, 1)
    assert list(app.decisions.values_list("kind", flat=True)) == ["grant"]
    assert app.closing.documents.count() == 1
    assert legal_aid_demo_details(case) is None  # idempotent
    assert LegalAidApplication.objects.count() == 1
