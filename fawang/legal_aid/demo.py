"""Realistic application details for demo cases (fawang/demo calls this after building a case's history).

`legal_aid_demo_details(case)` attaches an application that fits the case's current status: facts, income,
materials with a receipt, an eligibility snapshot, the decision and its document for decided cases, the
assignment and a progress note for assigned ones, the closing file for resolved ones. Idempotent: a case that
already has an application is left alone. Deterministic per case reference.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from fawang.accounts.services import system_actor
from fawang.cases.models import Attachment, Case
from fawang.cases.states import ServiceType, Status
from fawang.core import clock
from fawang.eligibility.engine import Matter
from fawang.legal_aid.models import (
    Assignment,
    Closing,
    CopyKind,
    Decision,
    DecisionKind,
    LegalAidApplication,
    Material,
    ProgressNote,
)
from fawang.legal_aid.roster_selectors import allocation_pool
from fawang.legal_aid.services import aid_eligibility_assess
from fawang.regions.selectors import region_path_name

MATTERS = [
    (Matter.LABOUR_RELATION_OR_PAY, "在建筑工地务工，工程结束后包工头拖欠工资两万余元。"),
    (Matter.PERSONAL_INJURY, "骑电动车被货车撞伤，肇事方拒绝赔偿医疗费。"),
    (Matter.MAINTENANCE, "年过七旬，子女拒绝支付赡养费。"),
    (Matter.SOCIAL_INSURANCE_OR_ASSISTANCE, "单位未为其缴纳工伤保险，无法享受工伤保险待遇。"),
]


@transaction.atomic
def legal_aid_demo_details(case: Case) -> LegalAidApplication | None:
    if case.service_type != ServiceType.LEGAL_AID or LegalAidApplication.objects.filter(case=case).exists():
        return None
    case.refresh_from_db()
    rng = random.Random(case.reference)  # noqa: S311  # demo data, not security
    actor = system_actor()
    matter, facts = rng.choice(MATTERS)
    app = LegalAidApplication.objects.create(
        case=case,
        agency_region=region_path_name(region=case.region),
        matter=matter,
        facts_and_reasons=facts,
        economic_situation="务农为主，农闲时外出打零工，家庭无其他稳定收入。",
        household="本人、配偶及一名在读子女。",
        monthly_income_per_capita=Decimal(rng.choice([680, 920, 1150, 1480])),
        household_size=3,
        has_large_assets=False,
        verification_mode="pledge",
    )
    day = clock.to_local(case.submitted_at).date()
    for name in ("身份证复印件", "经济困难状况说明表", "相关证据材料"):
        Material.objects.create(
            application=app,
            name=name,
            quantity=1,
            copy_kind=CopyKind.COPY,
            received_on=day,
            received_by=actor,
        )
    snapshot = aid_eligibility_assess(application=app, actor=actor)
    decided = case.submitted_at + timedelta(days=rng.randint(2, 6))
    if case.status == Status.REFUSED:
        Decision.objects.create(
            application=app,
            kind=DecisionKind.REFUSE,
            ground="means_failed",
            citation="法律援助法第三十四条",
            reasons=case.outcome or "经核查，家庭人均收入高于当地经济困难标准。",
            snapshot=snapshot,
            decided_by=actor,
            decided_at=decided,
        )
    if case.status in (Status.GRANTED, Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED):
        Decision.objects.create(
            application=app,
            kind=DecisionKind.GRANT,
            citation="法律援助法第三十一条、第三十四条",
            reasons="经审查符合法律援助条件。",
            verification_mode="pledge",
            snapshot=snapshot,
            decided_by=actor,
            decided_at=decided,
        )
    practitioner = case.handler_practitioner
    if practitioner is not None and case.status in (
        Status.ASSIGNED,
        Status.IN_PROGRESS,
        Status.RESOLVED,
        Status.CLOSED,
    ):
        Assignment.objects.create(
            application=app,
            practitioner=practitioner,
            assigned_by=actor,
            assigned_at=decided + timedelta(days=1),
            # X3: the pool the roster's fairness table counts it in, as the migration backfilled older rows.
            pool=allocation_pool(app),
        )
        if case.status != Status.ASSIGNED:
            ProgressNote.objects.create(
                application=app,
                author=practitioner.user or actor,
                at=decided + timedelta(days=5),
                content="已会见受援人，整理证据，准备提起劳动仲裁/诉讼。",
            )
    if case.status in (Status.RESOLVED, Status.CLOSED) and practitioner is not None:
        closing = Closing.objects.create(
            application=app,
            report="经调解，对方同意分期支付。受援人对办理结果表示满意。",
            result="调解结案",
            matter_ended_on=day + timedelta(days=20),
            submitted_by=practitioner.user or actor,
            submitted_at=case.closed_at or clock.now(),
        )
        attachment = Attachment(
            case=case, name="调解书.txt", content_type="text/plain", size=0, uploaded_by=actor
        )
        content = ContentFile("调解书（演示）".encode(), name="调解书.txt")
        attachment.size = content.size
        attachment.file.save("调解书.txt", content, save=False)
        attachment.save()
        closing.documents.add(attachment)
    return app
