"""Demo details for appraisal commissions (see fawang.mediation.demo): the commission from a court with its signed
agreement and materials; before assignment two appraisers; before issue the opinion signed by both."""

from __future__ import annotations

from typing import Any

from fawang.appraisal.models import (
    AppraisalCommission,
    AppraisalMaterial,
    AppraisalOpinion,
    AppraiserAssignment,
    ClientKind,
    CommissionAgreement,
    HandoverDirection,
    MaterialHandover,
    MaterialKind,
    OpinionSignature,
)
from fawang.cases.models import Case
from fawang.core import clock
from fawang.directory.models import InstitutionKind, Practitioner, PractitionerKind
from fawang.mediation.demo import _demo_actor, institution_near

MATTERS = ("伤残等级鉴定", "笔迹鉴定", "医疗损害鉴定", "交通事故车速鉴定", "亲子关系鉴定")


def appraisal_demo_details(case: Case) -> AppraisalCommission | None:
    institution = institution_near(case, InstitutionKind.APPRAISAL_INSTITUTION)
    if institution is None:
        return None
    existing = AppraisalCommission.objects.filter(case=case).first()
    if existing is not None:
        return existing
    now = clock.now()
    matter = MATTERS[case.pk % len(MATTERS)]
    commission = AppraisalCommission.objects.create(
        case=case,
        institution=institution,
        client_kind=ClientKind.COURT,
        client_name="垫江县人民法院",
        client_handler="承办法官",
        client_phone="023-74512345",
        matter=matter,
        purpose="民事诉讼",
        requirements=f"对{matter}事项出具鉴定意见",
        background=case.description or case.title,
        no_hint_confirmed=True,
        received_at=now,
    )
    CommissionAgreement.objects.create(
        commission=commission,
        parties=f"委托人：垫江县人民法院；鉴定机构：{institution.name}",
        matter_terms=f"{matter}，用于民事诉讼，30个工作日，非重新鉴定",
        background=commission.background,
        materials="委托人提供的全部鉴定材料，鉴定完成后退还",
        fees="按收费标准收取，不予受理的全额退还",
        risks="鉴定意见可能不被采信",
        recusal="鉴定人与当事人有利害关系的应当回避",
        delivery="邮寄送达委托人",
        rights_duties="委托人如实提供材料，不得暗示鉴定结论",
        signed_at=now,
        client_signatory="承办法官",
    )
    material = AppraisalMaterial.objects.create(
        commission=commission,
        name="案卷材料",
        kind=MaterialKind.DOCUMENT,
        quantity="1宗",
        condition="完好",
        storage="档案室",
        received_at=now,
    )
    MaterialHandover.objects.create(
        commission=commission,
        receipt_number=f"{case.reference}-J01",
        direction=HandoverDirection.RECEIVED,
        material_ids=[material.pk],
        handed_by="承办法官",
        received_by=institution.name,
        at=now,
        recorded_by=_demo_actor(case, None),
    )
    return commission


def appraisal_demo_prepare(case: Case, action: str, payload: dict[str, Any]) -> dict[str, Any]:
    commission = appraisal_demo_details(case)
    if commission is None:
        return payload
    if action == "assign":
        staff = list(
            Practitioner.objects.filter(
                institution=commission.institution, kind=PractitionerKind.APPRAISER, active=True
            ).order_by("pk")
        )
        if len(staff) < 2:
            return payload
        start = case.pk % len(staff)
        team = [staff[start], staff[(start + 1) % len(staff)]]
        for practitioner in team:
            AppraiserAssignment.objects.get_or_create(commission=commission, practitioner=practitioner)
        return {**payload, "practitioner_id": team[0].pk}
    if action == "resolve" and not hasattr(commission, "opinion"):
        now = clock.now()
        opinion = AppraisalOpinion.objects.create(
            commission=commission,
            number=f"{commission.institution.name}司鉴〔{clock.local_today().year}〕{case.reference}",
            basis="经对送检材料检验分析。",
            conclusion=f"{commission.matter}意见：见分析说明。",
            drafted_at=now,
            drafted_by=_demo_actor(case, case.handler_practitioner),
        )
        for assignment in commission.appraisers.filter(recused=False):
            OpinionSignature.objects.create(
                opinion=opinion, practitioner=assignment.practitioner, signed_at=now
            )
    return payload
