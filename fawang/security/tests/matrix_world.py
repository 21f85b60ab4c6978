"""The objects the authorisation matrix's URL parameters point at (issue 8 §2).

Each object is built on first use (`cached_property`) and before the per-persona savepoints, so a matrix row only
pays for what its URL needs. Objects go through the module's own services, as the module's tests make them.
Ownership follows the personas: citizen A owns the case-like objects where a citizen can own one; everything sits
in township X or the county, so clerk Y and citizen B are the out-of-scope probes.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.models import Case
from fawang.cases.services import case_transition
from fawang.conftest import County, MakeCase, MakeUser
from fawang.core import clock
from fawang.directory.models import InstitutionKind, PractitionerKind, SiteKind
from fawang.directory.tests.factories import InstitutionFactory, PractitionerFactory, SiteFactory
from fawang.statutes.models import Article, Instrument


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _json(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.content.decode()[:500]
    data: dict[str, Any] = response.json()
    return data


class World:
    def __init__(
        self, *, personas: dict[str, User], county: County, make_case: MakeCase, make_user: MakeUser
    ) -> None:
        self.personas = personas
        self.county = county
        self.make_case = make_case
        self.make_user = make_user
        # citizen A's hotline consultation in township X, assigned to the practitioner persona
        case = make_case(channel="hotline", requester_user=personas["citizen"], title="矩阵工单")
        Case.objects.filter(pk=case.pk).update(handler_practitioner=county.lawyer)
        case.refresh_from_db()
        self.case = case

    # ---- statutes ----
    @cached_property
    def instrument(self) -> Instrument:
        return Instrument.objects.create(
            work_key="劳动合同法",
            title="中华人民共和国劳动合同法",
            level="law",
            status="current",
            source="test",
            source_key="t",
        )

    @cached_property
    def article(self) -> Article:
        return Article.objects.create(
            instrument=self.instrument, number=47, label="第四十七条", text="经济补偿……", position=1
        )

    # ---- service workflows ----
    @cached_property
    def mediation_ref(self) -> str:
        """A dispute before 东镇调委会 (township X), registered by its mediator."""
        from fawang.mediation.tests.helpers import mediation_application

        response = _client(self.personas["mediator"]).post(
            "/work/mediation/new/", mediation_application(self.county.mediator.institution_id)
        )
        assert response.status_code == 302, response.content.decode()[:1000]
        from fawang.mediation.models import MediationCase

        return str(MediationCase.objects.latest("pk").case.reference)

    @cached_property
    def notary_ref(self) -> str:
        """Citizen A's notarisation application at the county notary office."""
        response = _client(self.personas["citizen"]).post(
            "/api/v1/notary/applications/",
            {
                "office_id": self.county.notary_office.pk,
                "matter_code": "entrustment",
                "purpose": "委托他人办理房屋过户",
                "documents": "委托书一份",
                "signed_by": "sign",
                "proofs_count": 2,
            },
            content_type="application/json",
        )
        return str(_json(response)["reference"])

    @cached_property
    def appraisal_institution(self) -> Any:
        institution = InstitutionFactory.create(
            kind=InstitutionKind.APPRAISAL_INSTITUTION, name="甲县司法鉴定所", region=self.county.county
        )
        for i, name in enumerate(("周鉴定人", "吴鉴定人")):
            user = self.make_user(f"appraiser_{i}", Role.APPRAISER, institution=institution)
            PractitionerFactory.create(
                kind=PractitionerKind.APPRAISER, name=name, institution=institution, user=user
            )
        return institution

    def appraisal_payload(self) -> dict[str, Any]:
        receiver = self.appraisal_institution.practitioners.order_by("pk").first()
        return {
            "institution_id": self.appraisal_institution.pk,
            "client_kind": "court",
            "client_name": "甲县人民法院",
            "client_handler": "刘明",
            "client_phone": "02300000000",
            "matter": "伤残等级鉴定",
            "purpose": "民事诉讼",
            "requirements": "评定伤残等级",
            "background": "交通事故致原告受伤",
            "receiving_appraiser_id": receiver.pk,
        }

    @cached_property
    def appraisal_ref(self) -> str:
        appraiser = self.appraisal_institution.practitioners.order_by("pk").first().user
        response = _client(appraiser).post(
            "/api/v1/appraisal/commissions/", self.appraisal_payload(), content_type="application/json"
        )
        return str(_json(response)["reference"])

    def legal_aid_payload(self) -> dict[str, Any]:
        return {
            "name": "刘桂兰",
            "id_number": "500231195203150022",
            "phone": "13900001111",
            "region_code": self.county.town_x.code,
            "title": "追讨拖欠工资",
            "matter": "labour_relation_or_pay",
            "facts_and_reasons": "在工地务工三个月，工资未发。",
            "monthly_income_per_capita": "900",
            "household_size": 3,
            "has_large_assets": False,
        }

    @cached_property
    def legal_aid_ref(self) -> str:
        """Citizen A's legal-aid application (township X) through the API."""
        response = _client(self.personas["citizen"]).post(
            "/api/v1/legal-aid/applications/", self.legal_aid_payload(), content_type="application/json"
        )
        return str(_json(response)["reference"])

    @cached_property
    def legal_aid_document_id(self) -> int:
        from fawang.legal_aid.models import Document

        reference = self.legal_aid_ref
        document = Document.objects.filter(case__reference=reference).order_by("pk").first()
        if (
            document is None
        ):  # an API-filed application has none yet: the materials receipt, as a window issues
            document = Document.objects.create(
                case=Case.objects.get(reference=reference),
                kind="materials_receipt",
                number="矩阵-材料-1",
                content={"title": "法律援助申请材料接收凭证", "lines": ["材料一份"]},
                issued_by=self.personas["admin"],
                issued_at=clock.now(),
            )
        return int(document.pk)

    @cached_property
    def hardship_standard_id(self) -> int:
        from fawang.eligibility.services import hardship_area_create, hardship_standard_create

        def src(value: Any) -> dict[str, Any]:
            return {"value": value, "source": "测试用数额（非公布数额）"}

        area = hardship_area_create(
            actor=self.personas["admin"], key="matrixprov", province="测试省", code="99"
        )
        standard = hardship_standard_create(
            actor=self.personas["admin"],
            area=area,
            data={
                "effective_from": src("2024-01-01"),
                "instrument": src("测试省法律援助经济困难标准"),
                "basis": src("fixed_amount"),
                "threshold_yuan": src(2000),
                "comparison": src("at_or_below"),
                "asset_test": src(None),
            },
            reason="测试",
        )
        return int(standard.pk)

    @cached_property
    def resettlement_id(self) -> int:
        from fawang.people.models import Person
        from fawang.resettlement.services import resettlement_record_open

        record = resettlement_record_open(
            actor=self.personas["admin"],
            person=Person.objects.create(name="陈某某", phone="13700000000"),
            township=self.county.town_x,
            released_on=date(2026, 10, 8),
            released_from="重庆市某监狱",
            handed_over_on=date(2026, 10, 9),
            needs=["work"],
            plan="介绍就业。",
            unable_to_work_without_support=True,
        )
        return int(record.pk)

    # ---- hotline ----
    @cached_property
    def centre(self) -> Any:
        from fawang.hotline.services.seats import centre_ensure

        site = SiteFactory.create(kind=SiteKind.HOTLINE, name="甲县12348热线", region=self.county.county)
        return centre_ensure(actor=self.personas["admin"], site=site, code="DJ12348", seats=3)

    @cached_property
    def call_ref(self) -> str:
        from fawang.hotline.models import Call

        call = Call.objects.create(
            call_ref="CTI-MATRIX-1",
            centre=self.centre,
            caller_number="13800000000",
            state="ended",
            offered_at=clock.now() - timedelta(minutes=5),
            answered_at=clock.now() - timedelta(minutes=4),
            ended_at=clock.now() - timedelta(minutes=1),
            agent=self.personas["hotline_operator"],
        )
        return str(call.call_ref)

    @cached_property
    def callback_id(self) -> int:
        from fawang.hotline.services.callbacks import callback_schedule

        callback = callback_schedule(
            actor=self.personas["hotline_operator"],
            centre=self.centre,
            phone="13800000000",
            reason="需要研究后回复",
            priority=True,
            priority_reason="矩阵",
        )
        return int(callback.pk)

    @cached_property
    def quality_review_id(self) -> int:
        from fawang.hotline.models import Call, QualityReview

        review = QualityReview.objects.create(
            call=Call.objects.get(call_ref=self.call_ref),
            sampled_at=clock.now(),
            sampled_by=self.personas["admin"],
        )
        return int(review.pk)

    # ---- evaluation and supervision ----
    @cached_property
    def finished_case(self) -> Case:
        """Citizen A's consultation answered and closed at the 东镇 station (township X)."""
        case = self.make_case("consultation", title="已办结")
        # citizen A's (a citizen has one Person record)
        Case.objects.filter(pk=case.pk).update(
            requester=self.case.requester, requester_user=self.personas["citizen"]
        )
        clerk = self.personas["window_clerk"]
        case_transition(
            reference=case.reference,
            action="dispatch",
            actor=clerk,
            payload={"site_id": self.county.station_x.pk},
        )
        case_transition(reference=case.reference, action="answer", actor=clerk, reason="已解答")
        return case_transition(reference=case.reference, action="close", actor=clerk)

    @property
    def finished_ref(self) -> str:
        return str(self.finished_case.reference)

    @cached_property
    def rating(self) -> Any:
        from fawang.evaluation.services import rating_submit

        return rating_submit(
            actor=self.personas["citizen"],
            case=self.finished_case,
            level=1,
            channel="web",
            comment="推诿拖延",
        )

    @cached_property
    def rectification_id(self) -> int:
        from fawang.evaluation.models import Rectification

        return int(Rectification.objects.get(rating=self.rating).pk)  # a bad rating opens one (H3)

    @cached_property
    def complaint_ref(self) -> str:
        """Citizen A's complaint about the station of township X."""
        from fawang.evaluation.services import complaint_file

        complaint = complaint_file(
            actor=self.personas["citizen"],
            service_type="complaint",
            channel="web",
            title="窗口推诿",
            description="东镇工作站推诿不办。",
            region=self.county.town_x,
            requester=self.case.requester,
            requester_user=self.personas["citizen"],
            subject_site=self.county.station_x,
            ground="delay",
        )
        return str(complaint.reference)

    @cached_property
    def order_id(self) -> int:
        from fawang.supervision.services import supervision_order_issue

        order = supervision_order_issue(
            actor=self.personas["county_supervisor"],
            reference=self.case.reference,
            due_on=clock.local_today() + timedelta(days=7),
            instruction="请尽快办理",
        )
        return int(order.pk)

    @cached_property
    def sanction_id(self) -> int:
        """A warning on the lawyer's credit record (O3), recorded by the county supervisor."""
        from fawang.supervision.credit import SanctionInput, practitioner_sanction_record

        row = practitioner_sanction_record(
            actor=self.personas["county_supervisor"],
            practitioner_id=self.county.lawyer.pk,
            sanction=SanctionInput(
                kind="warning",
                authority="县司法局",
                decision_number="县司罚决字〔2026〕1号",
                decided_on=clock.local_today() - timedelta(days=30),
                summary="未按规定履行法律援助义务",
            ),
        )
        return int(row.pk)

    @cached_property
    def questionnaire_id(self) -> int:
        from fawang.supervision.services import questionnaire_create

        today = clock.local_today()
        questionnaire = questionnaire_create(
            actor=self.personas["county_supervisor"],
            title="群众满意度调查",
            region=self.county.county,
            opens_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=30),
            online=True,
        )
        return int(questionnaire.pk)

    @cached_property
    def publication_id(self) -> int:
        from fawang.supervision.services import disclosure_publish

        today = clock.local_today()
        publication = disclosure_publish(
            actor=self.personas["county_supervisor"],
            region=self.county.county,
            date_from=today - timedelta(days=60),
            date_to=today - timedelta(days=1),
        )
        return int(publication.pk)

    @cached_property
    def scorecard_id(self) -> int:
        from fawang.analytics.scorecards import scorecard_create

        scorecard = scorecard_create(
            actor=self.personas["county_supervisor"],
            name="站点考评",
            region=self.county.county,
            subject_kind="site",
            items=[("volume", Decimal("1"), None)],
        )
        return int(scorecard.pk)

    @cached_property
    def scorecard_run_id(self) -> int:
        from fawang.analytics.models import Scorecard
        from fawang.analytics.scorecards import scorecard_run

        today = clock.local_today()
        run = scorecard_run(
            actor=self.personas["county_supervisor"],
            scorecard=Scorecard.objects.get(pk=self.scorecard_id),
            date_from=today - timedelta(days=30),
            date_to=today - timedelta(days=1),
        )
        return int(run.pk)

    # ---- education, knowledge, portal ----
    @cached_property
    def lesson_id(self) -> int:
        """A published lesson (authored by the supervisor, published by the administrator)."""
        from fawang.education.models import Topic
        from fawang.education.services import (
            lesson_article_create,
            lesson_article_publish,
            lesson_article_submit,
        )

        topic = Topic.objects.create(name="劳动维权")
        article = lesson_article_create(
            actor=self.personas["county_supervisor"],
            title="讨薪指南",
            summary="摘要",
            body="正文",
            topic=topic,
        )
        article = lesson_article_submit(actor=self.personas["county_supervisor"], article=article)
        return int(lesson_article_publish(actor=self.personas["admin"], article=article).pk)

    @cached_property
    def draft_lesson_id(self) -> int:
        """An unpublished draft: only editors may see or advance it."""
        from fawang.education.models import Topic
        from fawang.education.services import lesson_article_create

        topic, _ = Topic.objects.get_or_create(name="劳动维权")
        article = lesson_article_create(
            actor=self.personas["county_supervisor"], title="草稿", summary="摘要", body="正文", topic=topic
        )
        return int(article.pk)

    @cached_property
    def reading_list_id(self) -> int:
        from fawang.education.models import ReadingList

        return int(ReadingList.objects.create(title="农民工维权必读").pk)

    @cached_property
    def course_id(self) -> int:
        """A published course (P2) of the published lesson, with a one-question quiz."""
        from fawang.education.courses.authoring import (
            course_create,
            course_publish,
            course_submit,
            quiz_question_add,
        )

        course = course_create(
            actor=self.personas["county_supervisor"],
            title="讨薪课程",
            summary="简介",
            audience="general",
            pass_mark=60,
            article_ids=[self.lesson_id],
        )
        quiz_question_add(
            actor=self.personas["county_supervisor"],
            course=course,
            text="拖欠工资可以投诉吗？",
            kind="single",
            options=["可以", "不可以"],
            correct=[0],
        )
        course_submit(actor=self.personas["county_supervisor"], course=course)
        return int(course_publish(actor=self.personas["admin"], course=course).pk)

    @cached_property
    def draft_course_id(self) -> int:
        from fawang.education.courses.authoring import course_create

        course = course_create(
            actor=self.personas["county_supervisor"],
            title="草稿课程",
            summary="简介",
            audience="general",
            pass_mark=60,
            article_ids=[self.lesson_id],
        )
        return int(course.pk)

    @cached_property
    def study_group_id(self) -> int:
        """Citizen A organises a study group (P2) with the course; citizen B is a member."""
        from fawang.education.courses.groups import (
            study_group_course_add,
            study_group_create,
            study_group_join,
        )
        from fawang.education.models import Course

        group = study_group_create(actor=self.personas["citizen"], name="东村学法组", kind="village")
        study_group_course_add(
            actor=self.personas["citizen"], group=group, course=Course.objects.get(pk=self.course_id)
        )
        study_group_join(actor=self.personas["citizen_b"], invite_code=group.invite_code)
        return int(group.pk)

    @cached_property
    def education_event_id(self) -> int:
        """A 普法 event (P3) in township X that started yesterday."""
        from fawang.education.events.services import EventDetails, education_event_create

        start = clock.now() - timedelta(days=1)
        event = education_event_create(
            actor=self.personas["admin"],
            details=EventDetails(
                title="送法进村",
                venue_kind="village",
                place="村委会",
                region=self.county.town_x,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                audience="general",
                organiser="东镇司法所",
            ),
        )
        return int(event.pk)

    @cached_property
    def culture_site_id(self) -> int:
        """A legal-culture site (P4) in township X, with a photo."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from fawang.education.culture.services import SiteDetails, culture_site_create

        photo = SimpleUploadedFile(
            "square.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, content_type="image/png"
        )
        site = culture_site_create(
            actor=self.personas["admin"],
            details=SiteDetails(
                name="东镇法治广场",
                kind="square",
                region=self.county.town_x,
                address="人民路1号",
                opening_hours="全天",
                photo=photo,
            ),
        )
        return int(site.pk)

    @cached_property
    def faq_id(self) -> int:
        from fawang.knowledge.services import faq_create

        today = clock.local_today()
        faq = faq_create(
            actor=self.personas["admin"],
            question="公司拖欠工资怎么办？",
            answer="可以向劳动监察部门投诉。",
            category="劳动纠纷",
            owner=self.personas["admin"],
            review_due=today + timedelta(days=180),
            effective_from=today - timedelta(days=1),
        )
        return int(faq.pk)

    @cached_property
    def draft_token(self) -> str:
        """Citizen A's saved portal application draft."""
        response = _client(self.personas["citizen"]).post(
            "/api/v1/portal/drafts/", json.dumps({"service": "legal_aid"}), content_type="application/json"
        )
        return str(_json(response)["token"])

    @cached_property
    def portal_document_key(self) -> str:
        """The first document issued on citizen A's legal-aid application, as the portal lists it."""
        self.legal_aid_document_id  # noqa: B018 - make sure one is issued
        response = _client(self.personas["citizen"]).get(f"/api/v1/me/cases/{self.legal_aid_ref}/documents/")
        body: Any = response.json()
        rows = body if isinstance(body, list) else body.get("documents", body.get("results", []))
        assert rows, body
        return str(rows[0]["key"])

    # ---- legislation (Q1-Q6) ----
    @cached_property
    def legislation_draft_id(self) -> int:
        """A county draft open for comment (real name required), written and published by the administrator."""
        from fawang.legislation.services import draft_create, draft_transition

        today = clock.local_today()
        draft = draft_create(
            actor=self.personas["admin"],
            region=self.county.county,
            kind="normative",
            title="矩阵征求意见稿",
            drafting_body="甲县司法局",
            explanation="说明",
            full_text="第一条 内容。\n第二条 内容。",
            opens_on=today,
            closes_on=today + timedelta(days=30),
            identity_mode="real_name",
            concerns_accessibility=False,
        )
        draft_transition(actor=self.personas["admin"], draft_id=draft.pk, action="publish")
        return int(draft.pk)

    @cached_property
    def legislation_comment_id(self) -> int:
        from fawang.legislation.services import comment_submit

        comment = comment_submit(
            actor=self.personas["citizen"], draft_id=self.legislation_draft_id, body="矩阵意见", name="张三"
        )
        return int(comment.pk)
