"""Guided applications: server-side drafts with save-and-continue, uploads, and submission through the modules'
services (A2, C7, J11, L9). Every write names its actor and is atomic; stale screens are refused (version check);
a submission is idempotent (the draft remembers its 工单, and the modules' create services get the draft's key).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from fawang.accounts.models import User
from fawang.cases.models import Attachment, Case
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, NotFoundError
from fawang.core.models import AuditAction
from fawang.people.models import Person
from fawang.people.services import person_register
from fawang.portal.apply.flows import flow_for
from fawang.portal.apply.uploads import upload_check
from fawang.portal.models import (
    ApplicationDraft,
    ApplicationService,
    CitizenAnswers,
    DraftUpload,
)
from fawang.portal.services import citizen_verify_identity
from fawang.regions.models import Region, RegionLevel
from fawang.triage.selectors import triage_ref_clean
from fawang.triage.services import triage_record_attach

# Answers given once and offered again in the next form (J11).
SHARED_KEYS = (
    "name",
    "phone",
    "address",
    "township",
    "household_size",
    "monthly_income_per_capita",
    "has_large_assets",
    "applicant_groups",
)
DONE = "_done"
TRIAGE = "_triage"  # X5: the service guide's path, recorded on the case at submission
MAX_UPLOADS = 20
STALE = "这份申请已在其他页面或设备上修改过。为免覆盖，本次填写没有保存，请看最新内容后再继续。"


class StaleDraftError(ConflictError):
    """The screen was posted with an older version of the draft (changed in another tab or on another phone)."""

    def __init__(self) -> None:
        super().__init__(STALE)


def _draft_for_write(*, actor: User, token: str) -> ApplicationDraft:
    draft = ApplicationDraft.objects.select_for_update().filter(token=token, user=actor).first()
    if draft is None:
        raise NotFoundError("未找到这份申请草稿。")
    if draft.case_id is not None:
        raise DomainError("这份申请已经提交，不能再修改。可以在“我的事项”里留言补充。")
    return draft


def _bump(draft: ApplicationDraft, version: int, answers: dict[str, Any]) -> None:
    """A conditional UPDATE on the version: two tabs posting the same version save once (STYLE §18)."""
    if not ApplicationDraft.objects.filter(pk=draft.pk, version=version, case__isnull=True).update(
        answers=answers, version=F("version") + 1, updated_at=clock.now()
    ):
        raise StaleDraftError()
    draft.refresh_from_db(fields=["answers", "version", "updated_at"])


def _prefill(user: User) -> dict[str, Any]:
    saved = CitizenAnswers.objects.filter(user=user).first()
    answers = {k: v for k, v in (saved.answers if saved else {}).items() if k in SHARED_KEYS}
    person = Person.objects.filter(user=user).select_related("region").first()
    if person is not None:
        answers.setdefault("name", person.name)
        if person.phone:
            answers.setdefault("phone", person.phone)
        if person.address:
            answers.setdefault("address", person.address)
        if person.region is not None and person.region.level >= RegionLevel.TOWNSHIP:
            answers.setdefault("township", person.region.code[:9].ljust(12, "0"))
    answers.setdefault("phone", user.phone or "")
    return answers


def _triage_add(draft: ApplicationDraft, triage: str) -> ApplicationDraft:
    """X5: store the guide's path on an open draft that has none yet (a draft keeps its first path).

    The version is deliberately not bumped. It guards the citizen's answers against a screen posted from an older
    copy; `_triage` is on no screen, and every save merges into the answers it reads under the row lock
    (`draft_step_save`: `{**draft.answers, **answers}`; uploads rewrite `draft.answers` as read), so the key
    survives later saves and another tab's form stays valid. The UPDATE is conditional on the version read: if a
    save slipped in meanwhile, the path is dropped (no record, nothing else changes) rather than overwriting it.
    `updated_at` is left alone too: the citizen saved nothing (the start page shows it as 上次保存于)."""
    if TRIAGE in draft.answers or not triage:
        return draft
    if not (ref := triage_ref_clean(text=triage, service=draft.service)):
        return draft
    answers = {**draft.answers, TRIAGE: ref}
    if ApplicationDraft.objects.filter(pk=draft.pk, version=draft.version, case__isnull=True).update(
        answers=answers
    ):
        draft.answers = answers
    return draft


@transaction.atomic
def draft_open(*, actor: User, service: str, triage: str = "") -> ApplicationDraft:
    """The user's open draft for the service, or a new one prefilled with answers given before (J11).

    `triage` is the service guide's `<tree_id>:<version>:<path>` when the citizen came from /guide/ (X5); the
    draft keeps it (if it names a real end node) for the case's TriageRecord at submission. An open draft that
    has no path yet gains this one; one that has a path keeps its first."""
    if service not in ApplicationService.values:
        raise DomainError("未知的申请类型。")
    existing = (
        ApplicationDraft.objects.select_for_update()
        .filter(user=actor, service=service, case__isnull=True)
        .first()
    )
    if existing is not None:
        return _triage_add(existing, triage)
    answers = _prefill(actor)
    if ref := triage_ref_clean(text=triage, service=service):
        answers[TRIAGE] = ref
    try:
        with transaction.atomic():
            draft = ApplicationDraft.objects.create(
                user=actor, service=service, token=secrets.token_hex(16), answers=answers
            )
    except IntegrityError:  # the same user opened the form twice at once: one draft
        other = ApplicationDraft.objects.select_for_update().get(
            user=actor, service=service, case__isnull=True
        )
        return _triage_add(other, triage)
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="portal.ApplicationDraft", object_id=draft.pk
    )
    return draft


def _identity(actor: User, answers: dict[str, Any], id_number: str) -> None:
    """Real-name details go to the person record (encrypted there), never into the draft (I2, M3)."""
    if id_number.strip():
        person = citizen_verify_identity(user=actor, name=answers["name"], id_number=id_number)
    else:
        known = Person.objects.filter(user=actor).first()
        if known is None or not known.id_number:
            raise DomainError("请填写身份证号码。")
        person = known
    region = Region.objects.filter(code=answers.get("township") or "").first()
    person_register(
        actor=actor,
        name=person.name,
        id_number=person.id_number or "",
        phone=answers.get("phone", ""),
        address=answers.get("address", ""),
        region=region,
    )


@transaction.atomic
def draft_step_save(
    *, actor: User, token: str, step: str, answers: dict[str, Any], version: int, id_number: str = ""
) -> ApplicationDraft:
    """Save one screen. The identity screen also records the real-name details on the person (I2)."""
    draft = _draft_for_write(actor=actor, token=token)
    if flow_for(draft.service).step(step) is None or step == "review":
        raise NotFoundError("未找到这一步。")
    if draft.version != version:
        raise StaleDraftError()
    if step == "identity":
        _identity(actor, answers, id_number)
    merged = {**draft.answers, **answers}
    merged[DONE] = sorted({*draft.answers.get(DONE, []), step})
    _bump(draft, version, merged)
    return draft


@transaction.atomic
def draft_upload_add(
    *, actor: User, token: str, file: Any, label: str, quantity: int, version: int
) -> DraftUpload:
    """Attach a scan or photo. Type and size are checked before anything is stored (M15); a refused file leaves
    no row and no file behind."""
    draft = _draft_for_write(actor=actor, token=token)
    if draft.version != version:
        raise StaleDraftError()
    label = label.strip()
    if not label:
        raise DomainError("请写明这是什么材料。")
    if quantity < 1:
        raise DomainError("份数至少为1。")
    if draft.uploads.count() >= MAX_UPLOADS:
        raise DomainError(f"每份申请最多上传{MAX_UPLOADS}个文件；更多材料请到窗口提交。")
    info = upload_check(file)
    upload = DraftUpload.objects.create(
        draft=draft,
        label=label[:100],
        quantity=quantity,
        file=file,
        original_name=info.name[:200],
        content_type=info.mime,
        size=info.size,
        sha256=info.sha256,
    )
    _bump(draft, version, draft.answers)
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="portal.DraftUpload", object_id=upload.pk
    )
    return upload


@transaction.atomic
def draft_upload_remove(*, actor: User, token: str, upload_id: int, version: int) -> None:
    draft = _draft_for_write(actor=actor, token=token)
    upload = draft.uploads.filter(pk=upload_id).first()
    if upload is None:
        raise NotFoundError("未找到该文件。")
    if draft.version != version:
        raise StaleDraftError()
    name = str(upload.file.name)
    storage = upload.file.storage
    upload.delete()
    _bump(draft, version, draft.answers)
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def draft_discard(*, actor: User, token: str) -> None:
    draft = _draft_for_write(actor=actor, token=token)
    files = [(u.file.storage, str(u.file.name)) for u in draft.uploads.all()]
    draft.delete()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="portal.ApplicationDraft",
        object_id=token,
        summary="删除未提交的草稿",
    )

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)


def _remember(actor: User, answers: dict[str, Any]) -> None:
    shared = {k: answers[k] for k in SHARED_KEYS if k in answers}
    row, created = CitizenAnswers.objects.get_or_create(user=actor, defaults={"answers": shared})
    if not created:
        row.answers = {**row.answers, **shared}
        row.save(update_fields=["answers", "updated_at"])


def _attach(actor: User, draft: ApplicationDraft, case: Case) -> None:
    for upload in draft.uploads.all():
        attachment = Attachment.objects.create(
            case=case,
            file=upload.file.name,
            name=f"{upload.label}（{upload.original_name}）"[:200],
            content_type=upload.content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        upload.attachment = attachment
        upload.save(update_fields=["attachment", "updated_at"])


@transaction.atomic
def draft_submit(*, actor: User, token: str, version: int) -> Case:
    """Submit through the service module, attach the uploads and issue the receipt (C7). Submitting the same draft
    again returns the same 工单 (double clicks, two tabs, a retried request)."""
    from fawang.portal.apply.receipts import receipt_issue
    from fawang.portal.apply.submit import submit_for

    draft = ApplicationDraft.objects.select_for_update().filter(token=token, user=actor).first()
    if draft is None:
        raise NotFoundError("未找到这份申请草稿。")
    if draft.case_id is not None:
        return Case.objects.get(pk=draft.case_id)
    if draft.version != version:
        raise StaleDraftError()
    flow = flow_for(draft.service)
    missing = [
        s.title
        for s in flow.steps
        if s.key not in ("materials", "review") and s.key not in draft.answers.get(DONE, [])
    ]
    if missing:
        raise DomainError(f"还有没填完的部分：{'、'.join(missing)}。")
    if not ApplicationDraft.objects.filter(pk=draft.pk, version=version, case__isnull=True).update(
        version=F("version") + 1
    ):
        raise StaleDraftError()
    case = submit_for(actor=actor, draft=draft, idempotency_key=f"portal-{draft.token}")
    _attach(actor, draft, case)
    triage_record_attach(actor=actor, case=case, ref=draft.answers.get(TRIAGE, ""), service=draft.service)
    receipt_issue(case=case, draft=draft)
    ApplicationDraft.objects.filter(pk=draft.pk).update(case=case, submitted_at=clock.now())
    _remember(actor, draft.answers)
    return case
