"""Citizen accounts and messages (issue 4 §1-§4). Every write names its actor and is atomic."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from fawang.accounts.models import User
from fawang.accounts.roles import ROLE_SPECS, Role
from fawang.accounts.selectors import user_find_by_phone
from fawang.accounts.services import role_grant, system_actor
from fawang.cases.models import Case
from fawang.cases.selectors import case_roles_for_user
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.crypto import blind_index_candidates
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.notifications.recipients import case_handler_recipients
from fawang.notifications.services import notification_send, notification_text_for
from fawang.people.idcard import id_number_parse
from fawang.people.models import Person
from fawang.people.selectors import person_find_by_id_number
from fawang.portal.models import CaseMessage, Consent, SmsChallenge
from fawang.portal.sms import sms_sender
from fawang.regions.models import Region, RegionLevel
from fawang.triage.engine import ServiceCode
from fawang.triage.services import triage_record_attach

PRIVACY_NOTICE_VERSION = "2026-11"
CODE_TTL = timedelta(minutes=10)
RESEND_INTERVAL = timedelta(seconds=60)
MAX_PER_HOUR = 5
MAX_ATTEMPTS = 5
MAX_MESSAGE = 2000
_PHONE = re.compile(r"^1[3-9]\d{9}$")


def phone_normalise(raw: str) -> str:
    phone = re.sub(r"[\s-]", "", raw or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not _PHONE.fullmatch(phone):
        raise DomainError("请输入11位中国大陆手机号码。")
    return phone


def _digest(phone: str, purpose: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone}:{purpose}:{code}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def sms_code_send(*, phone: str, purpose: str) -> None:
    """Send a 6-digit code; at most one a minute and five an hour per phone (rate limit, issue 4)."""
    phone = phone_normalise(phone)
    now = clock.now()
    recent = SmsChallenge.objects.filter(
        phone_bidx__in=blind_index_candidates(phone), created_at__gte=now - timedelta(hours=1)
    )
    if recent.filter(created_at__gte=now - RESEND_INTERVAL).exists():
        raise DomainError("验证码发送过于频繁，请一分钟后再试。")
    if recent.count() >= MAX_PER_HOUR:
        raise DomainError("该号码一小时内获取验证码次数过多，请稍后再试。")
    code = f"{secrets.randbelow(1_000_000):06d}"
    SmsChallenge.objects.create(
        phone=phone, purpose=purpose, code_hash=_digest(phone, purpose, code), expires_at=now + CODE_TTL
    )
    transaction.on_commit(
        lambda: sms_sender().send(phone, f"【法网】您的验证码是{code}，10分钟内有效。请勿告诉他人。")
    )


def sms_code_verify(*, phone: str, purpose: str, code: str) -> None:
    """Consume a valid code or raise DomainError; wrong codes count against the challenge."""
    now = clock.now()
    challenge = (
        SmsChallenge.objects.select_for_update()
        .filter(
            phone_bidx__in=blind_index_candidates(phone),
            purpose=purpose,
            used_at__isnull=True,
            expires_at__gt=now,
        )
        .order_by("-created_at")
        .first()
    )
    if challenge is None:
        raise DomainError("验证码已失效，请重新获取。")
    if challenge.attempts >= MAX_ATTEMPTS:
        raise DomainError("验证码错误次数过多，请重新获取。")
    if not hmac.compare_digest(challenge.code_hash, _digest(phone, purpose, (code or "").strip())):
        SmsChallenge.objects.filter(pk=challenge.pk).update(attempts=challenge.attempts + 1)
        raise DomainError("验证码不正确。")
    SmsChallenge.objects.filter(pk=challenge.pk).update(used_at=now)


@dataclass(frozen=True)
class Registration:
    phone: str
    code: str
    password: str
    name: str
    consent: bool


def citizen_register(*, registration: Registration) -> User:
    """Create a citizen account after the SMS check and the privacy consent (M1). Bad input creates nothing."""
    phone = phone_normalise(registration.phone)
    name = registration.name.strip()
    if not name:
        raise DomainError("请填写姓名。")
    if not registration.consent:
        raise DomainError("请阅读并同意《个人信息保护告知书》后再注册。")
    try:
        validate_password(registration.password, User(username=phone))
    except ValidationError as exc:
        raise DomainError("；".join(exc.messages)) from exc
    with transaction.atomic():
        if user_find_by_phone(phone=phone) is not None:
            raise DomainError("该手机号已注册，请直接登录。")
        sms_code_verify(phone=phone, purpose="register", code=registration.code)
        # The username is opaque so that the number is stored encrypted only (M3); sign-in by number goes
        # through accounts.backends.PhoneBackend, and the unique blind index refuses a concurrent duplicate.
        user = User.objects.create_user(
            username=f"citizen-{secrets.token_hex(8)}", password=registration.password, phone=phone
        )
        user.display_name = name
        user.save(update_fields=["display_name"])
        role_grant(actor=system_actor(), user=user, role=Role.CITIZEN)
        Person.objects.create(name=name, phone=phone, user=user)
        Consent.objects.create(user=user, notice_version=PRIVACY_NOTICE_VERSION)
        audit_record(actor=user, action=AuditAction.CREATE, object_type="accounts.User", object_id=user.pk)
    return user


@transaction.atomic
def citizen_verify_identity(*, user: User, name: str, id_number: str) -> Person:
    """Real-name details when a service needs them (I2): the ID number is checked by its check digit."""
    parsed = id_number_parse(id_number)
    name = name.strip()
    if not name:
        raise DomainError("请填写与身份证一致的姓名。")
    own = Person.objects.select_for_update().filter(user=user).first()
    existing = person_find_by_id_number(id_number=parsed.value)
    if existing is not None and existing.user_id not in (None, user.pk):
        raise DomainError("该身份证号码已被其他账户实名登记。如有疑问请拨打12348。")
    person = existing or own or Person(phone=user.phone)
    if own is not None and existing is not None and own.pk != existing.pk:
        # The person was registered at a window before signing up: keep that record and link it.
        own.user = None
        own.save(update_fields=["user", "updated_at"])
    person.name = name
    person.id_number = parsed.value
    person.birth_date = parsed.birth_date
    person.gender = parsed.gender
    person.user = user
    person.phone = person.phone or user.phone
    person.save()
    audit_record(actor=user, action=AuditAction.UPDATE, object_type="people.Person", object_id=person.pk)
    return person


@transaction.atomic
def case_message_post(*, actor: User, reference: str, body: str) -> CaseMessage:
    """A follow-up from the requester or a reply from the handling unit; the other side is notified."""
    body = body.strip()
    if not body:
        raise DomainError("留言内容不能为空。")
    if len(body) > MAX_MESSAGE:
        raise DomainError(f"留言请控制在{MAX_MESSAGE}字以内。")
    case = (
        Case.objects.select_related("region", "requester", "handler_practitioner__user")
        .filter(reference=reference)
        .first()
    )
    roles = case_roles_for_user(user=actor, case=case) if case is not None else frozenset()
    if case is None or not roles:
        raise NotFoundError()
    if not any(ROLE_SPECS[r].can_act for r in roles):  # supervisors read, they do not answer (0.4, M4)
        raise PermissionDeniedError("您的角色只能查看，不能留言答复。")
    from_requester = roles == {Role.CITIZEN}
    message = CaseMessage.objects.create(case=case, author=actor, from_requester=from_requester, body=body)
    if from_requester:
        recipients = case_handler_recipients(case=case)
        text = f"工单 {case.reference} 有申请人的新留言。"
    else:
        requester = case.requester_user or (case.requester.user if case.requester else None)
        recipients = [requester] if requester is not None else []
        text = notification_text_for(
            person=case.requester, message=f"您的事项 {case.reference} 有新的答复。"
        )  # M14
    notification_send(
        recipients=recipients, case=case, kind="message", message=text, key=f"message:{message.pk}"
    )
    return message


@dataclass(frozen=True)
class AppointmentRequest:
    practitioner_id: int
    preferred_at: datetime
    mode: str
    topic: str
    intends_to_engage: bool
    idempotency_key: str | None


@transaction.atomic
def appointment_request(*, actor: User, request: AppointmentRequest) -> Case:
    """Book a lawyer or village adviser (O6). Fees, if any, are agreed with the firm outside Fawang (O7)."""
    from fawang.cases.services import case_create
    from fawang.directory.models import Practitioner
    from fawang.directory.selectors import practitioner_practice_check
    from fawang.portal.models import Appointment, AppointmentMode

    if request.idempotency_key:
        existing = Case.objects.filter(idempotency_key=request.idempotency_key).first()
        if existing is not None:
            return existing
    practitioner = (
        Practitioner.objects.select_related("institution__region")
        .filter(pk=request.practitioner_id, active=True)
        .first()
    )
    if practitioner is None:
        raise DomainError("未找到该法律服务人员，或其暂不接受预约。")
    practitioner_practice_check(practitioner=practitioner, action="预约")
    if request.mode not in AppointmentMode.values:
        raise DomainError("请选择预约方式。")
    if request.preferred_at <= clock.now():
        raise DomainError("希望时间必须晚于现在。")
    if not request.topic.strip():
        raise DomainError("请简要说明咨询事项。")
    person = Person.objects.filter(user=actor).first()
    case = case_create(
        actor=actor,
        service_type="lawyer_referral",
        channel="web",
        title=f"预约{practitioner.name}：{request.topic}"[:200],
        description=request.topic,
        region=practitioner.institution.region,
        requester=person,
        requester_user=actor,
        handler_institution=practitioner.institution,
        handler_practitioner=practitioner,
        idempotency_key=request.idempotency_key,
    )
    Appointment.objects.create(
        case=case,
        practitioner=practitioner,
        preferred_at=request.preferred_at,
        mode=request.mode,
        intends_to_engage=request.intends_to_engage,
    )
    return case


def _home_region(user: User) -> Region:
    person = Person.objects.filter(user=user).select_related("region").first()
    if person is not None and person.region is not None:
        return person.region
    county = Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").first()
    if county is None:
        raise DomainError("平台尚未配置行政区划，请拨打12348。")
    return county


@transaction.atomic
def complaint_submit(
    *,
    actor: User,
    kind: str,
    title: str,
    description: str,
    about_reference: str = "",
    language: str = "",
    idempotency_key: str | None = None,
    triage: str = "",
) -> Case:
    """A citizen's complaint or suggestion (`kind`) from the portal, tracked like any 工单 (issue 4 §5; A8).

    `triage` is the service guide's `<tree_id>:<version>:<path>` when the citizen came from /guide/ (X5): recorded
    on the case if it names a real end node recommending a complaint, else logged and ignored."""
    from fawang.cases.services import case_create

    if about_reference:
        description = f"涉及事项：{about_reference}\n{description}"
    case = case_create(
        actor=actor,
        service_type=kind,
        channel="web",
        title=title,
        description=description,
        region=_home_region(actor),
        requester=Person.objects.filter(user=actor).first(),
        requester_user=actor,
        idempotency_key=idempotency_key,
        language=language,
    )
    triage_record_attach(actor=actor, case=case, ref=triage, service=ServiceCode.COMPLAINT)
    return case
