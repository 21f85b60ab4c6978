"""Demo details for notary matters (see fawang.mediation.demo): the application, checklist, checks and, before
issue, the notice, the four checks and the certificate."""

from __future__ import annotations

from typing import Any

from fawang.cases.models import Case
from fawang.core import clock
from fawang.directory.models import InstitutionKind, PractitionerKind
from fawang.mediation.demo import _demo_actor, institution_near, practitioner_of
from fawang.notary.catalogue import MATTER_TYPES, materials_for
from fawang.notary.models import (
    AcceptanceCheck,
    LegalNotice,
    MaterialState,
    NotaryCertificate,
    NotaryMaterial,
    NotaryMatter,
    ReviewCheck,
    SignMethod,
)
from fawang.notary.services import _next_number

PURPOSES = ("办理房屋过户", "出国留学", "银行贷款", "继承存款", "领取养老金")


def notary_demo_details(case: Case) -> NotaryMatter | None:
    office = institution_near(case, InstitutionKind.NOTARY_OFFICE)
    if office is None:
        return None
    existing = NotaryMatter.objects.filter(case=case).first()
    if existing is not None:
        return existing
    kind = MATTER_TYPES[case.pk % len(MATTER_TYPES)]
    matter = NotaryMatter.objects.create(
        case=case,
        office=office,
        matter_code=kind.code,
        purpose=PURPOSES[case.pk % len(PURPOSES)],
        documents=f"{kind.label}申请文书一份",
        proofs_count=2,
        applied_on=clock.local_today(),
        signed_by=SignMethod.SIGN,
    )
    for item in materials_for(kind.code, proxy=False):
        NotaryMaterial.objects.create(
            matter=matter,
            item_code=item.code,
            label=item.label,
            article_item=item.article_item,
            state=MaterialState.PROVIDED,
        )
    AcceptanceCheck.objects.create(
        matter=matter,
        has_interest=True,
        no_dispute=True,
        within_scope=True,
        within_area=True,
        checked_by=_demo_actor(case, None),
    )
    return matter


def notary_demo_prepare(case: Case, action: str, payload: dict[str, Any]) -> dict[str, Any]:
    matter = notary_demo_details(case)
    if matter is None:
        return payload
    if action == "assign":
        notary = practitioner_of(matter.office, PractitionerKind.NOTARY, case.pk)
        return {**payload, "practitioner_id": notary.pk} if notary else payload
    if action == "resolve" and not hasattr(matter, "certificate"):
        notary = case.handler_practitioner or practitioner_of(matter.office, PractitionerKind.NOTARY, case.pk)
        actor = _demo_actor(case, notary)
        now = clock.now()
        LegalNotice.objects.get_or_create(
            matter=matter,
            defaults={
                "content": "已告知公证书的证据效力及提供虚假材料的法律责任。",
                "acknowledged_by": SignMethod.SIGN,
                "given_at": now,
                "given_by": actor,
            },
        )
        ReviewCheck.objects.get_or_create(
            matter=matter,
            defaults={
                "identity_capacity_rights": True,
                "documents_complete": True,
                "proofs_true_lawful": True,
                "matter_true_lawful": True,
                "checked_by": actor,
            },
        )
        if notary is None:
            return payload
        NotaryCertificate.objects.create(
            matter=matter,
            number=_next_number(matter.office, clock.to_local(now).year),
            statement=f"兹证明申请人{case.requester.name if case.requester else ''}的{matter.get_matter_code_display()}事项属实。",
            notary=notary,
            issued_at=now,
            issued_by=actor,
        )
    return payload
