"""Writes for the kiosks (G10). Device management (register, rename, stop and start, re-issue), pairing a browser,
and the requests a person makes at the screen, each through the module's own intake service with `channel=kiosk`.

Every request is written by the kiosk's device account (`kiosk.account`), the explicit actor of everything done at
the screen. The kiosk's site is the intake site: the 工单's region is the site's region, so it sits in the queue of
the unit that put the kiosk there (N1), and `KioskSubmission` records the device (and so the site).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.selectors import consultation_may_be_anonymous
from fawang.cases.states import Channel
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.models import Institution, InstitutionKind
from fawang.kiosk.models import NAME_MAX, REASON_MAX, Kiosk, KioskRequestKind, KioskSubmission
from fawang.kiosk.selectors import kiosk_channel_open, kiosk_get_for_user, token_digest
from fawang.people.idcard import id_number_parse
from fawang.people.models import Person
from fawang.people.selectors import person_find_by_id_number
from fawang.people.services import person_register
from fawang.security.ratelimit import rate_limit_hit
from fawang.supervision.readiness import physical_site_for_user

PAIRING_TTL = timedelta(minutes=30)
PAIRING_DIGITS = 8
LAST_SEEN_EVERY = timedelta(seconds=60)
OBJECT = "kiosk.Kiosk"
UNREGISTERED = "本终端未登记或已停用，请联系工作人员。"
TRACK_MISS = "没有找到与该编号和手机号后四位相符的事项。请核对后重试，或拨打12348咨询。"
MAX_FACTS = 5000
MAX_SHORT = 200
MAX_DOCUMENTS = 2000
_PHONE = re.compile(r"^\d{7,12}$")


def _closed_check() -> None:
    if not kiosk_channel_open():
        raise NotFoundError("本平台未开通自助终端服务。")


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise DomainError("请填写终端名称，如“大厅1号机”。")
    if len(name) > NAME_MAX:
        raise DomainError(f"终端名称过长，请控制在 {NAME_MAX} 字以内。")
    return name


def _pairing_digest(code: str) -> str:
    """Keyed, because eight digits could be recovered from a plain hash of a leaked row."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"kiosk-pairing:{code}".encode(), hashlib.sha256).hexdigest()


def _pairing_issue(kiosk: Kiosk) -> str:
    """A new one-time pairing code for the kiosk (valid PAIRING_TTL); any paired browser loses its token."""
    now = clock.now()
    for _attempt in range(5):
        code = f"{secrets.randbelow(10**PAIRING_DIGITS):0{PAIRING_DIGITS}d}"
        kiosk.pairing_digest = _pairing_digest(code)
        kiosk.pairing_expires_at = now + PAIRING_TTL
        kiosk.token_hash = ""
        kiosk.token_issued_at = None
        try:
            with (
                transaction.atomic()
            ):  # a savepoint: a code pending for another kiosk loses on the unique key
                kiosk.save(
                    update_fields=[
                        "pairing_digest",
                        "pairing_expires_at",
                        "token_hash",
                        "token_issued_at",
                        "updated_at",
                    ]
                )
        except IntegrityError:
            continue
        return code
    raise DomainError("生成配对码失败，请重试。")


def _account_label(site_name: str, name: str) -> str:
    return f"自助终端：{site_name}{name}"[:50]


@transaction.atomic
def kiosk_register(*, actor: User, site_id: int, name: str) -> tuple[Kiosk, str]:
    """Register a kiosk at a physical site in the actor's scope (supervisors and administrators, like the site's
    windows, G6) and return it with its first pairing code."""
    _closed_check()
    site = physical_site_for_user(user=actor, site_id=site_id)
    name = _clean_name(name)
    if Kiosk.objects.filter(site=site, name=name).exists():
        raise DomainError(f"{site.name}已有名为“{name}”的终端，请换一个名称。")
    account = User(
        username=f"kiosk-{secrets.token_hex(6)}",
        display_name=_account_label(site.name, name),
        is_active=False,
    )
    account.set_unusable_password()
    account.save()
    try:
        with transaction.atomic():
            kiosk = Kiosk.objects.create(site=site, name=name, account=account)
    except IntegrityError:
        raise DomainError(f"{site.name}已有名为“{name}”的终端，请换一个名称。") from None
    code = _pairing_issue(kiosk)
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type=OBJECT, object_id=kiosk.pk, summary=str(kiosk)
    )
    return kiosk, code


def _for_write(*, actor: User, kiosk_id: int) -> Kiosk:
    _closed_check()
    kiosk = kiosk_get_for_user(user=actor, kiosk_id=kiosk_id)
    physical_site_for_user(user=actor, site_id=kiosk.site_id)  # the same rule as the site's other settings
    locked = Kiosk.objects.select_for_update().select_related("site__region", "account").get(pk=kiosk.pk)
    return locked


@transaction.atomic
def kiosk_rename(*, actor: User, kiosk_id: int, name: str) -> Kiosk:
    kiosk = _for_write(actor=actor, kiosk_id=kiosk_id)
    name = _clean_name(name)
    if name == kiosk.name:
        return kiosk
    if Kiosk.objects.filter(site_id=kiosk.site_id, name=name).exclude(pk=kiosk.pk).exists():
        raise DomainError(f"{kiosk.site.name}已有名为“{name}”的终端，请换一个名称。")
    old = kiosk.name
    kiosk.name = name
    kiosk.save(update_fields=["name", "updated_at"])
    kiosk.account.display_name = _account_label(kiosk.site.name, name)
    kiosk.account.save(update_fields=["display_name"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=OBJECT,
        object_id=kiosk.pk,
        summary=f"改名：{old} → {name}",
    )
    return kiosk


@transaction.atomic
def kiosk_set_active(*, actor: User, kiosk_id: int, active: bool, reason: str = "") -> tuple[Kiosk, str]:
    """Stop a kiosk (a reason is required; its browser's token and any pending code die at once) or start it again
    (with a new pairing code, so a stolen or replaced browser does not come back with it). Returns the code or ""."""
    kiosk = _for_write(actor=actor, kiosk_id=kiosk_id)
    reason = reason.strip()
    if active == kiosk.active:
        return kiosk, ""
    if not active and not reason:
        raise DomainError("停用终端须填写原因，如“设备维修”。")
    if len(reason) > REASON_MAX:
        raise DomainError(f"停用原因过长，请控制在 {REASON_MAX} 字以内。")
    kiosk.active, kiosk.deactivated_reason = active, "" if active else reason
    code = ""
    if active:
        kiosk.save(update_fields=["active", "deactivated_reason", "updated_at"])
        code = _pairing_issue(kiosk)
    else:
        kiosk.token_hash, kiosk.token_issued_at = "", None
        kiosk.pairing_digest, kiosk.pairing_expires_at = "", None
        kiosk.save(
            update_fields=[
                "active",
                "deactivated_reason",
                "token_hash",
                "token_issued_at",
                "pairing_digest",
                "pairing_expires_at",
                "updated_at",
            ]
        )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=OBJECT,
        object_id=kiosk.pk,
        summary="启用" if active else f"停用：{reason}",
    )
    return kiosk, code


@transaction.atomic
def kiosk_token_reissue(*, actor: User, kiosk_id: int) -> tuple[Kiosk, str]:
    """Re-issue: the paired browser's token stops working now, and a new pairing code pairs the kiosk again."""
    kiosk = _for_write(actor=actor, kiosk_id=kiosk_id)
    if not kiosk.active:
        raise DomainError("该终端已停用，请先启用。")
    code = _pairing_issue(kiosk)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=OBJECT,
        object_id=kiosk.pk,
        summary="重新签发设备令牌",
    )
    return kiosk, code


@transaction.atomic
def kiosk_pair(*, code: str) -> tuple[Kiosk, str]:
    """Pair the browser at the kiosk with a one-time code: returns the kiosk and its new device token (shown to no
    one; the view puts it in the signed cookie). The device account is the actor."""
    _closed_check()
    code = re.sub(r"\s", "", code or "")
    if not re.fullmatch(rf"\d{{{PAIRING_DIGITS}}}", code):
        raise DomainError(f"配对码应为{PAIRING_DIGITS}位数字。")
    now = clock.now()
    digest = _pairing_digest(code)
    kiosk = (
        Kiosk.objects.select_related("site__region", "account")
        .filter(pairing_digest=digest, active=True, pairing_expires_at__gt=now)
        .first()
    )
    if kiosk is None:
        raise DomainError("配对码无效或已过期，请工作人员在工作台重新生成。")
    token = secrets.token_urlsafe(32)
    updated = Kiosk.objects.filter(pk=kiosk.pk, pairing_digest=digest).update(
        token_hash=token_digest(token),
        token_issued_at=now,
        pairing_digest="",
        pairing_expires_at=None,
        last_seen_at=now,
        updated_at=now,
    )
    if not updated:  # a second browser used the same code at the same moment
        raise DomainError("配对码无效或已过期，请工作人员在工作台重新生成。")
    audit_record(
        actor=kiosk.account,
        action=AuditAction.UPDATE,
        object_type=OBJECT,
        object_id=kiosk.pk,
        summary="终端配对",
    )
    kiosk.refresh_from_db()
    return kiosk, token


def kiosk_touch(*, kiosk: Kiosk) -> None:
    """Record that the kiosk is on line (at most one write a minute); not audited, a heartbeat."""
    now = clock.now()
    Kiosk.objects.filter(pk=kiosk.pk).filter(
        Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=now - LAST_SEEN_EVERY)
    ).update(last_seen_at=now)


# --- requests at the screen --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KioskContact:
    """Who is asking, as typed at the screen."""

    name: str
    phone: str
    id_number: str = ""


def _active(kiosk: Kiosk) -> Kiosk:
    _closed_check()
    current = Kiosk.objects.select_related("site__region", "account").filter(pk=kiosk.pk, active=True).first()
    if current is None:
        raise PermissionDeniedError(UNREGISTERED)
    return current


def _clean_contact(contact: KioskContact, *, real_name: bool) -> KioskContact:
    phone = re.sub(r"[\s-]", "", contact.phone or "")
    if not _PHONE.fullmatch(phone):
        raise DomainError("请填写正确的联系电话（手机号码或固定电话，7到12位数字）。")
    name = (contact.name or "").strip()
    if real_name and not name:
        raise DomainError("请填写姓名。")
    if len(name) > NAME_MAX:
        raise DomainError(f"姓名过长，请控制在 {NAME_MAX} 字以内。")
    id_number = (contact.id_number or "").strip()
    if real_name and not id_number:
        raise DomainError("请填写身份证号码。")
    if id_number:
        id_number = id_number_parse(id_number).value
    return KioskContact(name=name, phone=phone, id_number=id_number)


def _requester(actor: User, contact: KioskContact) -> Person:
    """The person at the screen. A known ID number links the 工单 to that person's record without changing it: an
    unattended screen checks no ID card, so what is typed there never overwrites a record (ADR 0099)."""
    if contact.id_number:
        existing = person_find_by_id_number(id_number=contact.id_number)
        if existing is not None:
            return existing
        return person_register(
            actor=actor, name=contact.name, id_number=contact.id_number, phone=contact.phone
        )
    name = contact.name or f"自助终端咨询人（尾号{contact.phone[-4:]}）"
    return person_register(actor=actor, name=name, phone=contact.phone)


def _existing(kiosk: Kiosk, key: str) -> Case | None:
    """A repeated submission (a double tap) returns the first 工单 before anything else is written."""
    if not key:
        raise DomainError("提交内容不完整，请返回首页重新开始。")
    return Case.objects.filter(idempotency_key=key, kiosk_submission__kiosk=kiosk).first()


def _record(kiosk: Kiosk, case: Case, kind: KioskRequestKind, contact: KioskContact) -> None:
    KioskSubmission.objects.get_or_create(
        case=case,
        defaults={"kiosk": kiosk, "kind": kind, "contact_name": contact.name, "contact_phone": contact.phone},
    )


@transaction.atomic
def kiosk_consultation_submit(
    *,
    kiosk: Kiosk,
    question: str,
    shown: dict[str, Any],
    contact: KioskContact,
    idempotency_key: str,
    language: str = "",
) -> Case:
    """The smart consultation the person saw becomes a consultation 工单 for a human answer (J5, G10). Real name
    only where the deployment requires it on the kiosk channel (M8)."""
    from fawang.knowledge.services import consultation_request_human

    kiosk = _active(kiosk)
    existing = _existing(kiosk, idempotency_key)
    if existing is not None:
        return existing
    contact = _clean_contact(contact, real_name=not consultation_may_be_anonymous(Channel.KIOSK))
    request = consultation_request_human(
        actor=kiosk.account,
        question=question,
        shown=shown,
        region=kiosk.site.region,
        channel=Channel.KIOSK,
        requester=_requester(kiosk.account, contact),
        idempotency_key=idempotency_key,
        language=language,
    )
    _record(kiosk, request.case, KioskRequestKind.CONSULTATION, contact)
    return request.case


HARDSHIP_TEXT = {
    "yes": "申请人在自助终端自述：家庭经济困难。",
    "no": "申请人在自助终端自述：家庭经济不困难。",
    "unknown": "申请人在自助终端自述：家庭经济情况不清楚。",
}


@dataclass(frozen=True)
class AidPreApplication:
    matter: str
    facts: str
    hardship: str = "unknown"


@transaction.atomic
def kiosk_aid_submit(
    *,
    kiosk: Kiosk,
    application: AidPreApplication,
    contact: KioskContact,
    idempotency_key: str,
    language: str = "",
) -> Case:
    """法律援助预申请 at a kiosk: a legal-aid 工单 with its application, in real name (I2); the agency completes the
    facts and the means test when the applicant brings the materials (C6, C7)."""
    from fawang.legal_aid.codes import MATTER_LABELS
    from fawang.legal_aid.services import AidDetails, aid_application_submit

    kiosk = _active(kiosk)
    existing = _existing(kiosk, idempotency_key)
    if existing is not None:
        return existing
    if application.matter not in MATTER_LABELS:
        raise DomainError("请选择您的事情属于哪一类。")
    facts = application.facts.strip()
    if not facts:
        raise DomainError("请简单说说事情经过。")
    if len(facts) > MAX_FACTS:
        raise DomainError(f"事情经过过长，请控制在 {MAX_FACTS} 字以内。")
    if application.hardship not in HARDSHIP_TEXT:
        raise DomainError("请选择您家庭的经济情况。")
    contact = _clean_contact(contact, real_name=True)
    person = _requester(kiosk.account, contact)
    summary = facts.splitlines()[0][:40]
    aid = aid_application_submit(
        actor=kiosk.account,
        region=kiosk.site.region,
        requester=person,
        title=f"法律援助预申请：{summary}",
        details=AidDetails(
            matter=application.matter,
            facts_and_reasons=facts,
            economic_situation=HARDSHIP_TEXT[application.hardship],
        ),
        channel=Channel.KIOSK,
        idempotency_key=idempotency_key,
        language=language,
    )
    _record(kiosk, aid.case, KioskRequestKind.LEGAL_AID, contact)
    return aid.case


NOTARY_NOTE = (
    "自助终端预申请：申请人尚未在申请表上签名。须本人携带身份证件和材料原件到公证处当面核实、签名后正式受理"
    "（公证程序规则第十七条）。"
)


@dataclass(frozen=True)
class NotaryPreApplication:
    matter_code: str
    purpose: str
    documents: str
    office_id: int


def notary_offices_for(*, kiosk: Kiosk) -> list[Institution]:
    """Notary offices a person at this kiosk may choose, those of the kiosk's county first."""
    county = kiosk.site.region.code[:6]
    offices = list(
        Institution.objects.filter(kind=InstitutionKind.NOTARY_OFFICE)
        .select_related("region")
        .order_by("region__code", "name")
    )
    offices.sort(key=lambda o: not o.region.code.startswith(county))
    return offices


@transaction.atomic
def kiosk_notary_submit(
    *,
    kiosk: Kiosk,
    application: NotaryPreApplication,
    contact: KioskContact,
    idempotency_key: str,
    language: str = "",
) -> Case:
    """公证预申请 at a kiosk: the notary module's application (E1, E2 checklist) for the person themself, in real
    name; the in-person check and the signature follow at the office (公证法 Art.26, E3)."""
    from fawang.notary.models import SignMethod
    from fawang.notary.services import ApplicationInput, notary_application_create

    kiosk = _active(kiosk)
    existing = _existing(kiosk, idempotency_key)
    if existing is not None:
        return existing
    office = Institution.objects.filter(pk=application.office_id, kind=InstitutionKind.NOTARY_OFFICE).first()
    if office is None:
        raise DomainError("请重新选择公证处。")
    purpose, documents = application.purpose.strip(), application.documents.strip()
    if not purpose or len(purpose) > MAX_SHORT:
        raise DomainError(f"请说明公证书的用途（{MAX_SHORT}字以内）。")
    if not documents or len(documents) > MAX_DOCUMENTS:
        raise DomainError(f"请说明需要公证的文书或事实（{MAX_DOCUMENTS}字以内）。")
    contact = _clean_contact(contact, real_name=True)
    person = _requester(kiosk.account, contact)
    matter = notary_application_create(
        actor=kiosk.account,
        office=office,
        applicant=person,
        idempotency_key=idempotency_key,
        data=ApplicationInput(
            matter_code=application.matter_code,
            purpose=purpose,
            documents=documents,
            signed_by=SignMethod.SIGN,
            other_notes=NOTARY_NOTE,
            channel=Channel.KIOSK,
            language=language,
        ),
    )
    _record(kiosk, matter.case, KioskRequestKind.NOTARY, contact)
    return matter.case


# --- progress ------------------------------------------------------------------------------------------------------


def _phone_matches(case: Case, digits: str) -> bool:
    phones = [case.requester.phone if case.requester is not None else ""]
    submission = KioskSubmission.objects.filter(case=case).first()
    if submission is not None:
        phones.append(submission.contact_phone)
    return any(p and len(p) >= 4 and p.endswith(digits) for p in phones)


def kiosk_case_track(*, kiosk: Kiosk, reference: str, phone_digits: str) -> Case:
    """查询办理进度 at a kiosk: the 工单 whose reference and requester's phone (last four digits) both match. One
    answer for "no such reference" and "wrong digits", at most FAWANG_RATE_LIMITS["kiosk_track"] tries per
    reference, confidential 工单 (M7) never, and each answer audited (M6)."""
    kiosk = _active(kiosk)
    reference = (reference or "").strip().upper()
    digits = (phone_digits or "").strip()
    if not reference or len(reference) > 20:
        raise DomainError("请输入事项编号，例如 FW20260101-00001。")
    if not re.fullmatch(r"\d{4}", digits):
        raise DomainError("请输入手机号码的后四位数字。")
    rate_limit_hit(scope="kiosk_track", key=f"kiosk-track:{reference}")
    case = (
        Case.objects.select_related(
            "requester", "handler_site", "handler_institution", "handler_practitioner"
        )
        .filter(reference=reference)
        .first()
    )
    if case is None or case.confidential or not _phone_matches(case, digits):
        raise NotFoundError(TRACK_MISS)
    audit_record(
        actor=kiosk.account,
        action=AuditAction.VIEW,
        object_type="cases.Case",
        object_id=case.reference,
        summary=f"自助终端查询办理进度（{kiosk}）",
    )
    return case
