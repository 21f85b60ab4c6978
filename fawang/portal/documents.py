"""Documents issued on a citizen's 工单, gathered from the module that issued them (issue 4 §4).

Each module renders its own documents from its stored record; the portal only lists what exists for the case and
serves it, after the scoped case selector (the requester and the handlers only) and with an audit row (M6).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from fawang.accounts.models import User
from fawang.appraisal.models import MaterialHandover
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user
from fawang.cases.states import ServiceType, Status
from fawang.core.audit import audit_record
from fawang.core.errors import NotFoundError
from fawang.core.models import AuditAction

ISSUED = (Status.RESOLVED, Status.CLOSED)


@dataclass(frozen=True)
class IssuedDocument:
    key: str
    title: str
    number: str
    issued_at: datetime | None
    render: Callable[[], bytes]


def _receipt(case: Case) -> list[IssuedDocument]:
    from fawang.portal.apply.receipts import receipt_pdf
    from fawang.portal.models import ApplicationReceipt

    receipt = ApplicationReceipt.objects.filter(case=case).first()
    if receipt is None:
        return []
    return [
        IssuedDocument(
            "receipt",
            receipt.content["title"],
            receipt.number,
            receipt.created_at,
            lambda: receipt_pdf(receipt),
        )
    ]


def _legal_aid(case: Case) -> list[IssuedDocument]:
    from fawang.core.pdf import document_pdf
    from fawang.legal_aid.models import Document

    return [
        IssuedDocument(
            f"aid-{d.pk}", d.get_kind_display(), d.number, d.issued_at, partial(document_pdf, d.content)
        )
        for d in Document.objects.filter(case=case).order_by("issued_at", "id")
    ]


def _mediation(case: Case) -> list[IssuedDocument]:
    from fawang.mediation.documents import agreement_document, confirmation_document, termination_document
    from fawang.mediation.models import MediationCase

    mediation = MediationCase.objects.filter(case=case).first()
    if mediation is None:
        return []
    docs: list[IssuedDocument] = []
    agreement = getattr(mediation, "agreement", None)
    if agreement is not None and agreement.effective_at is not None:
        docs.append(
            IssuedDocument(
                "mediation-agreement",
                "人民调解协议书",
                case.reference,
                agreement.effective_at,
                lambda: agreement_document(agreement).render(),
            )
        )
    termination = getattr(mediation, "termination", None)
    if termination is not None:
        docs.append(
            IssuedDocument(
                "mediation-termination",
                "终止调解告知书",
                case.reference,
                termination.notified_at,
                lambda: termination_document(termination).render(),
            )
        )
    confirmation = getattr(mediation, "confirmation", None)
    if confirmation is not None:
        docs.append(
            IssuedDocument(
                "mediation-confirmation",
                "司法确认申请书",
                case.reference,
                confirmation.applied_at,
                lambda: confirmation_document(confirmation).render(),
            )
        )
    return docs


def _notary(case: Case) -> list[IssuedDocument]:
    from fawang.notary.documents import application_document, certificate_document
    from fawang.notary.models import NotaryMatter

    matter = NotaryMatter.objects.filter(case=case).first()
    if matter is None:
        return []
    docs = [
        IssuedDocument(
            "notary-application",
            "公证申请表",
            case.reference,
            matter.created_at,
            lambda: application_document(matter).render(),
        )
    ]
    certificate = getattr(matter, "certificate", None)
    if certificate is not None and certificate.revoked_at is None:
        docs.append(
            IssuedDocument(
                "notary-certificate",
                "公证书",
                certificate.number,
                certificate.issued_at,
                lambda: certificate_document(certificate).render(),
            )
        )
    return docs


def _handover_pdf(handover: MaterialHandover) -> bytes:
    from fawang.appraisal.documents import receipt_document

    return receipt_document(handover).render()


def _appraisal(case: Case) -> list[IssuedDocument]:
    from fawang.appraisal.documents import opinion_document
    from fawang.appraisal.models import AppraisalCommission

    commission = AppraisalCommission.objects.filter(case=case).first()
    if commission is None:
        return []
    docs = [
        IssuedDocument(
            f"appraisal-receipt-{h.pk}",
            "材料交接单",
            h.receipt_number,
            h.at,
            partial(_handover_pdf, h),
        )
        for h in commission.handovers.order_by("at", "id")
    ]
    opinion = getattr(commission, "opinion", None)
    if opinion is not None and case.status in ISSUED:
        docs.append(
            IssuedDocument(
                "appraisal-opinion",
                "司法鉴定意见书",
                opinion.number,
                opinion.drafted_at,
                lambda: opinion_document(opinion).render(),
            )
        )
    return docs


def _consultation(case: Case) -> list[IssuedDocument]:
    """Released versions of the 法律咨询意见书 (J7); drafts and approved but unreleased ones are never listed."""
    from fawang.knowledge.documents import opinion_document
    from fawang.knowledge.selectors import consultation_opinion_released_list

    return [
        IssuedDocument(
            o.document_key,
            "法律咨询意见书" if o.version == 1 else f"法律咨询意见书（第{o.version}版）",
            o.number,
            o.released_at,
            lambda o=o: opinion_document(o).render(),  # type: ignore[misc]  # bind the loop variable
        )
        for o in consultation_opinion_released_list(case=case)
    ]


_BY_SERVICE: dict[str, Callable[[Case], list[IssuedDocument]]] = {
    ServiceType.CONSULTATION: _consultation,
    ServiceType.LEGAL_AID: _legal_aid,
    ServiceType.MEDIATION: _mediation,
    ServiceType.NOTARY: _notary,
    ServiceType.APPRAISAL: _appraisal,
}


def issued_document_list(*, case: Case) -> list[IssuedDocument]:
    """The receipt first, then the module's documents in the order they were issued. The case must already have
    come from the scoped selector."""
    module = _BY_SERVICE.get(case.service_type)
    return _receipt(case) + (module(case) if module else [])


def issued_document_get_for_user(*, user: User, reference: str, key: str) -> tuple[IssuedDocument, Case]:
    """One document of a case in the user's scope (requester or handlers); every download is audited (M6)."""
    case = case_get_for_user(user=user, reference=reference)
    document = next((d for d in issued_document_list(case=case) if d.key == key), None)
    if document is None:
        raise NotFoundError("未找到该文书。")
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="portal.IssuedDocument",
        object_id=f"{case.reference}/{key}",
        summary=f"下载文书 {document.title} {document.number}",
    )
    return document, case
