"""The authorisation matrix (issue 8 §2; STYLE §12, §13; M4): every URL pattern and every API operation, for every
persona, answers with the reviewed status, and a refused request changes nothing.

How it works
- `test_every_endpoint_is_classified` walks the URL resolver and the OpenAPI schema. Every page URL name must be in
  PAGES (or in ADMIN_PREFIX, the Django admin) and every API operation in API; anything else FAILS, listing all
  unclassified endpoints. New endpoints therefore fail until someone classifies them here (reviewed in the PR).
- `test_page_matrix` / `test_api_matrix` run each classified endpoint for the nine personas, each inside a
  savepoint that is rolled back, so personas do not see each other's effects. For every refusal (3xx to sign-in,
  401, 403, 404, 405, 429) the row counts of ALL models, the statuses of all cases, the CaseEvent count and the
  audit entries other than `denied` and `view` must be unchanged.

Personas: anonymous, citizen A (owns the case), citizen B, agent (12348 operator, county), clerk of township X
(the case's township), clerk of township Y, practitioner (the aid lawyer the case is assigned to), supervisor
(county), administrator (county).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.conftest import County, MakeCase, MakeUser
from fawang.core import clock
from fawang.core.models import AuditAction, AuditChainHead, AuditEntry
from fawang.security.tests.matrix_world import World

PERSONAS = (
    "anonymous",
    "citizen_a",
    "citizen_b",
    "agent",
    "clerk_x",
    "clerk_y",
    "practitioner",
    "supervisor",
    "administrator",
)
PERSONA_KEYS = {
    "citizen_a": "citizen",
    "citizen_b": "citizen_b",
    "agent": "hotline_operator",
    "clerk_x": "clerk_x",
    "clerk_y": "clerk_y",
    "practitioner": "aid_lawyer",
    "supervisor": "county_supervisor",
    "administrator": "admin",
}
LOGIN = 302  # a page refusing an anonymous visitor redirects to sign-in
STAFF = ("agent", "clerk_x", "clerk_y", "practitioner", "supervisor", "administrator")
SIGNED_IN = ("citizen_a", "citizen_b", *STAFF)


def expect(default: int, anonymous: int | None = None, **overrides: int) -> dict[str, int]:
    table = {p: default for p in PERSONAS}
    if anonymous is not None:
        table["anonymous"] = anonymous
    table.update(overrides)
    return table


def signed_in(status: int, anonymous: int = LOGIN, **overrides: int) -> dict[str, int]:
    return expect(status, anonymous=anonymous, **overrides)


@dataclass(frozen=True)
class Endpoint:
    method: str
    expected: dict[str, int]
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    data: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    reauth: bool = (
        False  # the session has just re-authenticated (sensitive actions are tested past that gate)
    )
    # personas refused with a status that is not an error (e.g. a 302 back with a message)
    also_refused: frozenset[str] = frozenset()
    # personas whose 4xx means "no such record" rather than a refusal (their lookup may be audited)
    not_refused: frozenset[str] = frozenset()
    note: str = ""

    def refused(self, persona: str, status: int) -> bool:
        if persona in self.not_refused:
            return False
        if status in (401, 403, 404, 405, 429) or persona in self.also_refused:
            return True
        return persona == "anonymous" and status == LOGIN


def _case(w: World) -> dict[str, Any]:
    return {"reference": w.case.reference}


# ---- Reviewed classification: pages (URL name -> endpoint) ----------------------------------------------------
# Case scope (STYLE §3): in scope = citizen A (own), agent and administrator (county), clerk X (township X),
# practitioner (assigned), supervisor (county, read-only). Out of scope: citizen B, clerk Y -> 404.
CASE_READERS = {"citizen_b": 404, "clerk_y": 404}
IN_SCOPE = frozenset({"citizen_a", "agent", "clerk_x", "practitioner", "supervisor", "administrator"})
PAGES: dict[str, Endpoint] = {
    "healthz": Endpoint("GET", expect(200)),
    "set_language": Endpoint("POST", expect(302), note="L8 language picker: public, sets a cookie only"),
    "metrics": Endpoint(
        "GET",
        expect(401),
        note="N8: Prometheus presents a bearer token; no session opens it (404 while unset)",
    ),
    "monitoring:operations": Endpoint(
        "GET", signed_in(403, administrator=200), note="N8: administrators only"
    ),
    "api-schema": Endpoint("GET", expect(200), note="the OpenAPI document is public (no data)"),
    "api-docs": Endpoint("GET", expect(200)),
    "accounts:login": Endpoint("GET", expect(302, anonymous=200), note="signed-in users are sent on"),
    "accounts:logout": Endpoint("POST", expect(302)),
    "accounts:password-change": Endpoint("GET", signed_in(200)),
    "security:otp-verify": Endpoint("GET", signed_in(200)),
    "security:otp-setup": Endpoint("GET", signed_in(200), note="starts an (unconfirmed) enrolment"),
    "security:reauth": Endpoint("GET", signed_in(200)),
    "security:reveal": Endpoint(
        "POST",
        signed_in(200, citizen_a=403, supervisor=403, **CASE_READERS),
        kwargs=lambda w: {"reference": w.case.reference, "field": "phone"},
        data=lambda w: {"purpose": "核对"},
        reauth=True,
        note="M3/M4: front desks and handlers in scope; citizens and supervisors never",
    ),
    "security:my-data": Endpoint("GET", signed_in(200)),
    "security:my-data-download": Endpoint("GET", signed_in(200)),
    "security:data-request-create": Endpoint("POST", signed_in(302), data=lambda w: {"kind": "copy"}),
    "security:data-requests": Endpoint("GET", signed_in(403, administrator=200), reauth=True),
    "audit:search": Endpoint("GET", signed_in(403, supervisor=200, administrator=200)),
    "audit:compliance": Endpoint("GET", signed_in(403, administrator=200), note="M13: administrators only"),
    "audit:incidents": Endpoint("GET", signed_in(403, administrator=200), note="M11: administrators only"),
    "audit:incident": Endpoint(
        "GET", signed_in(403, administrator=404), kwargs=lambda w: {"incident_id": 1}, note="no incident here"
    ),
    "workbench:home": Endpoint(
        "GET", signed_in(200, citizen_a=302, citizen_b=302), note="citizens go to the portal"
    ),
    "workbench:intake": Endpoint(
        "GET", signed_in(403, agent=200, clerk_x=200, clerk_y=200, administrator=200), note="INTAKE_ROLES"
    ),
    "workbench:receipt": Endpoint(
        "GET",
        signed_in(404),
        kwargs=_case,
        not_refused=IN_SCOPE,
        note="no window receipt for a hotline consultation: 404 for all; in scope the case view is audited",
    ),
    "workbench:receipt-pdf": Endpoint("GET", signed_in(404), kwargs=_case, not_refused=IN_SCOPE),
    "workbench:case": Endpoint("GET", signed_in(200, **CASE_READERS), kwargs=_case),
    "workbench:case-act": Endpoint(
        "POST",
        # accept from NEW: FRONT | handlers. A refused action re-renders the page with 400 for readers.
        signed_in(302, **CASE_READERS),
        kwargs=_case,
        data=lambda w: {"action": "accept", "expected_status": "new"},
        also_refused=frozenset({"citizen_a", "supervisor"}),
        note="non-htmx: redirects back with a message; refusal is checked by 'nothing changed' below",
    ),
    "workbench:contact-safety": Endpoint(
        "GET",
        signed_in(200, **CASE_READERS, practitioner=403, supervisor=403),
        kwargs=_case,
        note="M14: the requester themself, or CONTACT_SAFETY_STAFF_ROLES on the case; other readers 403",
    ),
    "statutes:list": Endpoint("GET", expect(200)),
    "statutes:instrument": Endpoint("GET", expect(200), kwargs=lambda w: {"instrument_id": w.instrument.pk}),
    "statutes:article": Endpoint(
        "GET", expect(200), kwargs=lambda w: {"instrument_id": w.instrument.pk, "ref": str(w.article.number)}
    ),
}
# Django admin: superusers only (STYLE §8); no persona is a superuser, so every one is sent to the admin sign-in.
ADMIN_PREFIX = "admin:"

# ---- Reviewed classification: API operations (operationId -> endpoint) ----------------------------------------
API_ANON = 403  # SessionAuthentication first: DRF answers 403 to a request without credentials
API: dict[str, Endpoint] = {
    "cases_list": Endpoint("GET", signed_in(200, anonymous=API_ANON)),
    "cases_create": Endpoint(
        "POST",
        signed_in(403, anonymous=API_ANON, agent=201, clerk_x=201, clerk_y=201, administrator=201),
        data=lambda w: {
            "service_type": "consultation",
            "channel": "hotline",
            "title": "矩阵",
            "region_code": w.case.region.code,
        },
    ),
    "v1_cases_retrieve": Endpoint("GET", signed_in(200, anonymous=API_ANON, **CASE_READERS), kwargs=_case),
    "v1_cases_events_list": Endpoint("GET", signed_in(200, anonymous=API_ANON, **CASE_READERS), kwargs=_case),
    "cases_transition": Endpoint(
        "POST",
        signed_in(200, anonymous=API_ANON, citizen_a=403, supervisor=403, **CASE_READERS),
        kwargs=lambda w: {"reference": w.case.reference, "action": "accept"},
        data=lambda w: {"expected_status": "new"},
    ),
    "citations_check": Endpoint(
        "POST",
        expect(200),
        note="public: checks citations in submitted text",
        data=lambda w: {"text": "依据《劳动合同法》第四十七条"},
    ),
    "security_reveal": Endpoint(
        "POST",
        signed_in(200, anonymous=API_ANON, citizen_a=403, supervisor=403, **CASE_READERS),
        data=lambda w: {"reference": w.case.reference, "field": "phone", "password": "Passw0rd!x"},
    ),
    "security_my_data": Endpoint("GET", signed_in(200, anonymous=API_ANON)),
    "security_data_request_create": Endpoint(
        "POST", signed_in(201, anonymous=API_ANON), data=lambda w: {"kind": "copy"}
    ),
    "security_audit_search": Endpoint(
        "GET", signed_in(403, anonymous=API_ANON, supervisor=200, administrator=200)
    ),
}


# ---- Service modules (issue 8 §2: the endpoints added in parallel, classified at integration) ----------------
def _ref(attr: str, **extra: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"reference": getattr(w, attr), **extra}


def _pk(attr: str, key: str = "pk", **extra: Any) -> Callable[[World], dict[str, Any]]:
    return lambda w: {key: getattr(w, attr), **extra}


def _needs(*attrs: str) -> Callable[[World], dict[str, Any]]:
    """No URL parameter, but the page needs these objects to exist (e.g. the hotline centre)."""

    def build(w: World) -> dict[str, Any]:
        for attr in attrs:
            getattr(w, attr)
        return {}

    return build


SUPERVISORS = {
    "supervisor": 200,
    "administrator": 200,
}  # region dashboards: supervisors and administrators (K)
CITIZENS_REFUSED = {"citizen_a": 403, "citizen_b": 403}
# Legislation workbench (Q1-Q6): editors (supervisor, administrator) and the window clerks of the county's townships.
LEGISLATION_READERS = {"supervisor": 200, "administrator": 200, "clerk_x": 200, "clerk_y": 200}
# Module case pages use the case scope: county staff (agent, supervisor, administrator) and the township's clerk
# read cases in their region; the practitioner only what is assigned. A case in the county (notary, appraisal)
# is outside township X's clerk.
COUNTY_CASE = {"agent": 200, "supervisor": 200, "administrator": 200}
HOTLINE_DESK = signed_in(403, agent=200, administrator=200)  # the centre's operators (and its administrator)
HOTLINE_SUPERVISION = signed_in(
    403, **SUPERVISORS
)  # service levels, quality, hours: supervision of the centre
# Rectification steps answer with a redirect and a message; who may act is checked by "nothing changed".
RECTIFY_STEP = signed_in(302, **CASE_READERS, practitioner=404)
PAGES.update(
    {
        # -- analytics (K): supervisors and administrators; a scorecard of another scope is "not found"
        "analytics:home": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "analytics:demand": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "analytics:equalisation": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "analytics:scorecards": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "analytics:scorecard": Endpoint("GET", signed_in(404, **SUPERVISORS), kwargs=_pk("scorecard_id")),
        "analytics:scorecard_export": Endpoint(
            "GET", signed_in(404, **SUPERVISORS), kwargs=_pk("scorecard_run_id")
        ),
        # -- appraisal (F): a court's commission at the county appraisal institution
        "appraisal:home": Endpoint("GET", signed_in(200), note="each user's own list (empty for others)"),
        "appraisal:detail": Endpoint("GET", signed_in(404, **COUNTY_CASE), kwargs=_ref("appraisal_ref")),
        "appraisal:document": Endpoint(
            "GET",
            signed_in(404),
            kwargs=_ref("appraisal_ref", kind="agreement"),
            note="no agreement yet: 404",
        ),
        "appraisal:step": Endpoint(
            "POST",
            signed_in(404, agent=400, supervisor=400, administrator=400),
            kwargs=_ref("appraisal_ref", name="accept"),
            also_refused=frozenset({"agent", "supervisor"}),
        ),
        # -- catalogue (G3): the public list; the editor is for province-level staff only (none in this world)
        "catalogue_public:list": Endpoint("GET", expect(200)),
        "catalogue:manage": Endpoint("GET", signed_in(403)),
        "catalogue:create": Endpoint("GET", signed_in(403)),
        "catalogue:export": Endpoint("GET", signed_in(403)),
        "catalogue:edit": Endpoint("GET", signed_in(403), kwargs=lambda w: {"item_id": 1}),
        "catalogue:retire": Endpoint(
            "POST", signed_in(403), kwargs=lambda w: {"item_id": 1}, data=lambda w: {"reason": "矩阵"}
        ),
        # -- calculators (J10): public and read-only; a calculation stores nothing
        "calculators:index": Endpoint("GET", expect(200)),
        "calculators:calculator": Endpoint(
            "POST",
            expect(200),
            kwargs=lambda w: {"kind": "litigation-fee"},
            data=lambda w: {"fee_kind": "property", "amount": "100000"},
            note="J10: anyone may calculate; nothing is written",
        ),
        # -- service guide (X5): public, one question per screen; the path is in the query string, nothing stored
        "triage:guide": Endpoint("GET", expect(200)),
        # -- contract review (J10): public; a review stores nothing
        "contract_review:index": Endpoint(
            "POST",
            expect(200),
            data=lambda w: {"text": "借款合同：借款金额人民币5万元，月息1分。", "contract_type": "loan"},
            note="J10: anyone may have a contract reviewed; nothing is written",
        ),
        # -- education (P): public reading; editors (supervisor, administrator) manage
        "education:index": Endpoint("GET", expect(200)),
        "education:article": Endpoint("GET", expect(200), kwargs=_pk("lesson_id", "article_id")),
        "education:reading-list": Endpoint("GET", expect(200), kwargs=_pk("reading_list_id", "list_id")),
        "education:manage": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "education:advance": Endpoint(
            "POST",
            signed_in(403, supervisor=302, administrator=302),
            kwargs=_pk("draft_lesson_id", "article_id"),
        ),
        # -- education P2: courses (public), learning (signed in), study groups (the organiser only), authoring
        "education:courses": Endpoint("GET", expect(200)),
        "education:course": Endpoint("GET", expect(200), kwargs=_pk("course_id", "course_id")),
        "education:course-enrol": Endpoint("POST", signed_in(302), kwargs=_pk("course_id", "course_id")),
        "education:course-lesson-done": Endpoint(
            "POST",
            signed_in(302),
            kwargs=lambda w: {"course_id": w.course_id, "article_id": w.lesson_id},
            note="not enrolled: a message and a redirect back; nothing recorded",
        ),
        "education:course-quiz": Endpoint("GET", signed_in(200), kwargs=_pk("course_id", "course_id")),
        "education:my-learning": Endpoint("GET", signed_in(200), note="one's own records only"),
        "education:groups": Endpoint("GET", signed_in(200), note="one's own groups only"),
        "education:group-join": Endpoint(
            "POST",
            signed_in(302),
            data=lambda w: {"invite_code": "WRONG"},
            note="wrong code: message, nothing",
        ),
        "education:group": Endpoint(
            "GET",
            signed_in(404, citizen_a=200),
            kwargs=_pk("study_group_id", "group_id"),
            note="P2: members' records are personal data: the organiser (citizen A) only, audited",
        ),
        "education:group-course-add": Endpoint(
            "POST",
            signed_in(404, citizen_a=302),
            kwargs=_pk("study_group_id", "group_id"),
            data=lambda w: {"course": w.course_id},
        ),
        "education:courses-manage": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "education:course-manage": Endpoint(
            "GET", signed_in(403, **SUPERVISORS), kwargs=_pk("course_id", "course_id")
        ),
        "education:course-advance": Endpoint(
            "POST",
            signed_in(403, supervisor=302, administrator=302),
            kwargs=_pk("draft_course_id", "course_id"),
            note="P5: the author (supervisor) submits; publication needs a reviewer other than the author",
        ),
        # -- education P3: public calendar; editors in their region plan events and record attendance
        "education:events": Endpoint("GET", expect(200)),
        "education:event": Endpoint("GET", expect(200), kwargs=_pk("education_event_id", "event_id")),
        "education:events-manage": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "education:event-attendance": Endpoint(
            "GET", signed_in(403, **SUPERVISORS), kwargs=_pk("education_event_id", "event_id")
        ),
        # -- education P4: legal-culture sites, public list; editors in their region keep the registry
        "education:culture-sites": Endpoint("GET", expect(200)),
        "education:culture-site-photo": Endpoint(
            "GET", expect(200), kwargs=_pk("culture_site_id", "site_id")
        ),
        "education:culture-sites-manage": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "education:culture-site-archive": Endpoint(
            "POST",
            signed_in(403, supervisor=302, administrator=302),
            kwargs=_pk("culture_site_id", "site_id"),
            data=lambda w: {"reason": "改建"},
        ),
        # -- evaluation (H)
        "evaluation:rate": Endpoint(
            "GET",
            signed_in(200, citizen_b=404, clerk_y=404, practitioner=404),
            kwargs=_ref("finished_ref"),
            note="the finished case of citizen A at station X",
        ),
        "evaluation:rectifications": Endpoint("GET", signed_in(200), note="scoped list: empty for citizens"),
        "evaluation:rectification": Endpoint(
            "GET",
            signed_in(200, **CASE_READERS, practitioner=404),
            kwargs=_pk("rectification_id"),
            note="the rater (citizen A) follows the rectification of the bad rating (H3)",
        ),
        "evaluation:rectification-respond": Endpoint(
            "POST",
            RECTIFY_STEP,
            kwargs=_pk("rectification_id"),
            also_refused=frozenset({"citizen_a", "supervisor"}),
        ),
        "evaluation:rectification-done": Endpoint(
            "POST",
            RECTIFY_STEP,
            kwargs=_pk("rectification_id"),
            also_refused=frozenset({"citizen_a", "supervisor"}),
        ),
        "evaluation:rectification-verify": Endpoint(
            "POST",
            RECTIFY_STEP,
            kwargs=_pk("rectification_id"),
            also_refused=frozenset({"citizen_a", "agent", "clerk_x"}),
        ),
        "evaluation:appeal-decide": Endpoint(
            "POST", signed_in(404), kwargs=_pk("rectification_id"), note="no appeal lodged: 404"
        ),
        "evaluation:rater-contact": Endpoint(
            "POST",
            signed_in(403, citizen_b=404, clerk_y=404, practitioner=404, supervisor=200),
            kwargs=_pk("rectification_id"),
            note="the rater's contact, for the supervisor's follow-up call (H3), audited",
        ),
        "evaluation:complaint-new": Endpoint("GET", signed_in(200)),
        "evaluation:complaint": Endpoint(
            "GET", signed_in(200, **CASE_READERS, practitioner=404), kwargs=_ref("complaint_ref")
        ),
        # complaint steps redirect back with a message; who may act is checked by "nothing changed"
        "evaluation:complaint-reply": Endpoint(
            "POST",
            signed_in(302),
            kwargs=_ref("complaint_ref"),
            also_refused=frozenset({"citizen_a", "citizen_b", "clerk_y", "practitioner", "supervisor"}),
        ),
        "evaluation:complaint-confirm": Endpoint(
            "POST",
            signed_in(302),
            kwargs=_ref("complaint_ref"),
            also_refused=frozenset({"citizen_b", *STAFF}),
        ),
        "evaluation:complaint-reject": Endpoint(
            "POST",
            signed_in(302),
            kwargs=_ref("complaint_ref"),
            also_refused=frozenset({"citizen_b", *STAFF}),
        ),
        "evaluation:record-practitioner": Endpoint(
            "GET",
            signed_in(404, agent=200, practitioner=200, **SUPERVISORS),
            kwargs=lambda w: {"pk": w.county.lawyer.pk},
            note="the practitioner's own record; county staff",
        ),
        "evaluation:record-institution": Endpoint(
            "GET",
            signed_in(404, agent=200, practitioner=200, **SUPERVISORS),
            kwargs=lambda w: {"pk": w.county.law_firm.pk},
        ),
        # -- hotline (B): the public 12348 page (L3: one-touch call, large text; read-only, stores nothing)
        "hotline_public:index": Endpoint("GET", expect(200)),
        # -- hotline (B): the county's 12348 centre
        "hotline:console": Endpoint("GET", HOTLINE_DESK, kwargs=_needs("centre")),
        "hotline:pop": Endpoint(
            "GET", signed_in(204), kwargs=_needs("centre"), note="no call ringing at the user's seat: empty"
        ),
        "hotline:seat": Endpoint(
            "POST", signed_in(302), kwargs=_needs("centre"), also_refused=frozenset(SIGNED_IN) - {"agent"}
        ),
        "hotline:state": Endpoint(
            "POST", signed_in(302), kwargs=_needs("centre"), also_refused=frozenset(SIGNED_IN) - {"agent"}
        ),
        "hotline:seat-languages": Endpoint(
            "POST",
            signed_in(302),
            kwargs=_needs("centre"),
            also_refused=frozenset(SIGNED_IN) - {"agent"},
            note="A12: the signed-in agent's own languages; others are sent back with a message",
        ),
        "hotline:knowledge": Endpoint(
            "GET", signed_in(200), note="the public knowledge search, for the seat"
        ),
        "hotline:call": Endpoint(
            "GET", signed_in(404, agent=200, **SUPERVISORS), kwargs=_pk("call_ref", "call_ref")
        ),
        "hotline:notes": Endpoint(
            "POST", signed_in(404, agent=200, administrator=200), kwargs=_pk("call_ref", "call_ref")
        ),
        "hotline:wrap-up": Endpoint(
            "POST", signed_in(404, agent=400, administrator=400), kwargs=_pk("call_ref", "call_ref")
        ),
        "hotline:callbacks": Endpoint("GET", HOTLINE_DESK, kwargs=_needs("callback_id")),
        "hotline:callback-action": Endpoint(
            "POST", signed_in(302), kwargs=_pk("callback_id", "callback_id", action="claim")
        ),
        "hotline:feedback": Endpoint("GET", HOTLINE_DESK, kwargs=_needs("centre")),
        "hotline:feedback-action": Endpoint("POST", signed_in(302), kwargs=_ref("case", action="extend")),
        "hotline:feedback-escalate": Endpoint("POST", signed_in(302), kwargs=_needs("centre")),
        "hotline:levels": Endpoint("GET", HOTLINE_SUPERVISION, kwargs=_needs("centre")),
        "hotline:quality": Endpoint("GET", HOTLINE_SUPERVISION, kwargs=_needs("centre")),
        "hotline:quality-sample": Endpoint("POST", signed_in(302), kwargs=_needs("call_ref")),
        "hotline:quality-review": Endpoint(
            "GET", signed_in(404, **SUPERVISORS), kwargs=_pk("quality_review_id", "review_id")
        ),
        "hotline:hours": Endpoint("GET", HOTLINE_SUPERVISION, kwargs=_needs("centre")),
        "hotline:slots": Endpoint("GET", HOTLINE_SUPERVISION, kwargs=_needs("centre")),
        "hotline:languages": Endpoint("GET", HOTLINE_SUPERVISION, kwargs=_needs("centre"), note="A12"),
        "hotline:slot-set": Endpoint(
            "POST", signed_in(403, supervisor=302, administrator=302), kwargs=_needs("centre")
        ),
        "hotline:slots-range": Endpoint(
            "POST", signed_in(403, supervisor=400, administrator=400), kwargs=_needs("centre")
        ),
        # -- knowledge (J): public search and consultation; the FAQ is curated by staff
        "knowledge:search": Endpoint("GET", expect(200)),
        "knowledge:ask": Endpoint("GET", expect(200)),
        "knowledge:ask_human": Endpoint(
            "POST", signed_in(400), note="empty form: 400 for every signed-in user"
        ),
        "knowledge:faq_list": Endpoint("GET", signed_in(200, **CITIZENS_REFUSED)),
        "knowledge:faq_detail": Endpoint(
            "GET", signed_in(200, **CITIZENS_REFUSED), kwargs=_pk("faq_id", "faq_id")
        ),
        "knowledge:faq_create": Endpoint("GET", signed_in(403, administrator=200)),
        "knowledge:faq_edit": Endpoint(
            "GET", signed_in(403, administrator=200), kwargs=_pk("faq_id", "faq_id")
        ),
        "knowledge:faq_archive": Endpoint(
            "POST", signed_in(403, administrator=302), kwargs=_pk("faq_id", "faq_id")
        ),
        # J7: the consultation-opinion panel of the staff case page; citizens read released opinions in the portal.
        "knowledge:opinion_panel": Endpoint(
            "GET", signed_in(200, citizen_a=404, **CASE_READERS), kwargs=_case
        ),
        "knowledge:opinion_draft": Endpoint(
            "POST",
            signed_in(302, citizen_a=404, **CASE_READERS),
            kwargs=_case,
            also_refused=frozenset(STAFF),
            note="the case is not answered yet (or the supervisor may not act): back to the case with a message",
        ),
        "knowledge:opinion_edit": Endpoint(
            "POST", signed_in(404), kwargs=lambda w: {"opinion_id": 999999}, note="no opinion here"
        ),
        "knowledge:opinion_step": Endpoint(
            "POST",
            signed_in(404),
            kwargs=lambda w: {"opinion_id": 999999, "action": "submit"},
            note="no opinion here",
        ),
        "knowledge:opinion_pdf": Endpoint(
            "GET", signed_in(404), kwargs=lambda w: {"opinion_id": 999999}, note="no opinion here"
        ),
        # -- legal aid (C): citizen A's application in township X
        "legal_aid:home": Endpoint(
            "GET", signed_in(200, practitioner=302, **CITIZENS_REFUSED), note="a lawyer is sent to 'mine'"
        ),
        "legal_aid:mine": Endpoint(
            "GET", signed_in(200), note="the lawyer's assigned cases: empty for others"
        ),
        "legal_aid:new": Endpoint(
            "GET", signed_in(200, practitioner=403, supervisor=403, **CITIZENS_REFUSED), note="intake roles"
        ),
        "legal_aid:detail": Endpoint(
            "GET", signed_in(200, **CASE_READERS, practitioner=404), kwargs=_ref("legal_aid_ref")
        ),
        "legal_aid:document": Endpoint(
            "GET",
            signed_in(200, **CASE_READERS, practitioner=404),
            kwargs=lambda w: {"reference": w.legal_aid_ref, "pk": w.legal_aid_document_id},
        ),
        "legal_aid:step": Endpoint(
            "POST",
            signed_in(302, citizen_a=403, supervisor=403, **CASE_READERS, practitioner=404),
            kwargs=_ref("legal_aid_ref", name="accept"),
        ),
        "legal_aid:standards": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "legal_aid:standard-new": Endpoint("GET", signed_in(403, administrator=200)),
        "legal_aid:standard-edit": Endpoint(
            "GET", signed_in(403, administrator=200), kwargs=_pk("hardship_standard_id")
        ),
        "legal_aid:area-new": Endpoint("GET", signed_in(403, administrator=200)),
        "legal_aid:local-policy": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "legal_aid:roster": Endpoint(
            "GET",
            signed_in(403, **SUPERVISORS),
            note="O8 roster: aid reviewers and administrators edit, supervisors read",
        ),
        "legal_aid_public:policy": Endpoint(
            "GET", expect(200), note="public: published hardship standard, scope, materials, agency addresses"
        ),
        # -- mediation (D): a dispute before 东镇调委会 (township X), not citizen A's
        "mediation:home": Endpoint("GET", signed_in(200), note="each user's own list"),
        "mediation:new": Endpoint("GET", signed_in(200)),
        "mediation:committees": Endpoint(
            "GET", signed_in(403, clerk_x=200, clerk_y=200, **SUPERVISORS), note="D10 register: bureau staff"
        ),
        "mediation:committees-notice": Endpoint(
            "GET",
            signed_in(403, clerk_x=200, clerk_y=200, **SUPERVISORS),
            note="D10 notice to the court (PDF)",
        ),
        "mediation:detail": Endpoint(
            "GET", signed_in(404, clerk_x=200, **COUNTY_CASE), kwargs=_ref("mediation_ref")
        ),
        "mediation:document": Endpoint(
            "GET",
            signed_in(404),
            kwargs=_ref("mediation_ref", kind="agreement"),
            note="no agreement yet: 404",
        ),
        "mediation:step": Endpoint(
            "POST",
            signed_in(404, clerk_x=400, agent=400, supervisor=400, administrator=400),
            kwargs=_ref("mediation_ref", name="accept"),
            also_refused=frozenset({"agent", "supervisor"}),
        ),
        # -- notary (E): citizen A's application at the county notary office
        "notary:home": Endpoint("GET", signed_in(200), note="each user's own list"),
        "notary:slots": Endpoint("GET", signed_in(200), note="only the user's own offices' slots"),
        "notary:detail": Endpoint(
            "GET", signed_in(404, citizen_a=200, **COUNTY_CASE), kwargs=_ref("notary_ref")
        ),
        "notary:document": Endpoint(
            "GET", signed_in(404, citizen_a=200, **COUNTY_CASE), kwargs=_ref("notary_ref", kind="application")
        ),
        "notary:step": Endpoint(
            "POST",
            signed_in(404, citizen_a=400, supervisor=400, agent=200, administrator=200),
            kwargs=_ref("notary_ref", name="accept"),
            also_refused=frozenset({"citizen_a", "supervisor"}),
            note="the notary workflow lets FRONT (incl. the 12348 operator) accept (E10): flagged for review",
        ),
        # -- portal (A, network platform)
        "portal:home": Endpoint(
            "GET", signed_in(302, anonymous=200, citizen_a=200, citizen_b=200), note="staff go to /work/"
        ),
        "portal:privacy": Endpoint("GET", expect(200)),
        # -- online mediation (D11): the parties' pages; citizen A is not a party of this dispute
        "mediation_online:page": Endpoint("GET", signed_in(404), kwargs=_ref("mediation_ref")),
        "mediation_online:step": Endpoint(
            "POST", signed_in(404), kwargs=_ref("mediation_ref", name="consent")
        ),
        "portal:directory": Endpoint("GET", expect(200)),
        "portal:login": Endpoint("GET", expect(302, anonymous=200)),
        "portal:register": Endpoint("GET", expect(200)),
        "portal:send-code": Endpoint("POST", expect(400), note="empty phone: 400 for everyone"),
        "portal:complain": Endpoint("GET", signed_in(200)),
        "portal:me": Endpoint("GET", signed_in(200)),
        "portal:identity": Endpoint("GET", signed_in(200)),
        "portal:contact-safety": Endpoint(
            "GET",
            signed_in(200),
            note="M14: one's own record only; without a person record, a pointer to identity",
        ),
        "portal:my-case": Endpoint("GET", signed_in(200, **CASE_READERS), kwargs=_case),
        "portal:withdraw": Endpoint(
            "POST",
            signed_in(302, **CASE_READERS),
            kwargs=_case,
            also_refused=frozenset({"practitioner", "supervisor"}),
            note="the requester, or a front desk recording it (workflow WITHDRAW: FRONT | citizen)",
        ),
        "portal:aid-request": Endpoint(
            "POST",
            signed_in(400, **CASE_READERS, practitioner=404),
            kwargs=lambda w: {"reference": w.legal_aid_ref, "kind": "recusal"},
            note="empty reason: 400 for whoever may see the case (the service then checks the role: citizen or staff)",
        ),
        "portal:receipt": Endpoint(
            "GET", signed_in(404), kwargs=_ref("legal_aid_ref"), note="API-filed: no receipt"
        ),
        "portal:receipt-pdf": Endpoint("GET", signed_in(404), kwargs=_ref("legal_aid_ref")),
        "portal:document": Endpoint(
            "GET",
            signed_in(200, **CASE_READERS, practitioner=404),
            kwargs=lambda w: {"reference": w.legal_aid_ref, "key": w.portal_document_key},
        ),
        "portal:apply": Endpoint("GET", expect(200)),
        "portal:apply-start": Endpoint(
            "GET",
            expect(200),
            kwargs=lambda w: {"slug": "legal-aid"},
            note="explains the flow; saving needs sign-in",
        ),
        "portal:apply-resume": Endpoint(
            "GET", signed_in(404, citizen_a=302), kwargs=_pk("draft_token", "token"), note="the owner only"
        ),
        "portal:apply-step": Endpoint(
            "GET", signed_in(404, citizen_a=200), kwargs=_pk("draft_token", "token", step="identity")
        ),
        "portal:apply-upload": Endpoint(
            "POST", signed_in(404, citizen_a=400), kwargs=_pk("draft_token", "token")
        ),
        "portal:apply-upload-remove": Endpoint(
            "POST", signed_in(404), kwargs=_pk("draft_token", "token", upload_id=999999)
        ),
        "portal:apply-discard": Endpoint(
            "POST", signed_in(404, citizen_a=302), kwargs=_pk("draft_token", "token")
        ),
        "portal:callbacks": Endpoint(
            "GET", signed_in(200), note="X2: the user's own web bookings and free slots"
        ),
        "portal:callback-cancel": Endpoint(
            "POST",
            signed_in(404),
            kwargs=lambda w: {"callback_id": 999_999},
            note="only the booker's own web callback (created_by): anyone else's is 404",
        ),
        "portal:appointment": Endpoint(
            "GET", signed_in(200), kwargs=lambda w: {"practitioner_id": w.county.lawyer.pk}
        ),
        # -- resettlement (R1-R2): named roles only (the county administrator here); others see nothing
        "resettlement:home": Endpoint("GET", signed_in(403, administrator=200)),
        "resettlement:figures": Endpoint("GET", signed_in(403, **SUPERVISORS), note="aggregates only"),
        "resettlement:advisers": Endpoint("GET", signed_in(403), note="village advisers only"),
        "resettlement:detail": Endpoint(
            "GET", signed_in(404, administrator=200), kwargs=_pk("resettlement_id", "record_id")
        ),
        "resettlement:step": Endpoint(
            "POST",
            signed_in(404, administrator=302),
            kwargs=_pk("resettlement_id", "record_id", name="visit"),
            data=lambda w: {"visited_on": "2026-10-20", "method": "home", "notes": "走访"},
        ),
        # -- supervision (K): staff pages; citizens refused (fixed in this review)
        "supervision:home": Endpoint("GET", signed_in(403, supervisor=302, administrator=302)),
        "supervision:region": Endpoint(
            "GET", signed_in(403, **SUPERVISORS), kwargs=lambda w: {"code": w.county.county.code}
        ),
        "supervision:publish": Endpoint(
            "POST",
            signed_in(400),
            kwargs=lambda w: {"code": w.county.county.code},
            also_refused=frozenset(SIGNED_IN) - {"supervisor"},
            note="no period given: 400 for all; only a supervisor may publish",
        ),
        "supervision:cases": Endpoint("GET", signed_in(404), note="needs an indicator: 404 without one"),
        "supervision:case": Endpoint(
            "GET",
            signed_in(200, **CITIZENS_REFUSED, clerk_y=404),
            kwargs=_case,
            note="handlers see their orders",
        ),
        "supervision:order-issue": Endpoint(
            "POST",
            signed_in(400),
            kwargs=_case,
            also_refused=frozenset(SIGNED_IN) - {"supervisor"},
            note="no due date: 400 for all; only a supervisor issues",
        ),
        "supervision:orders": Endpoint("GET", signed_in(200, **CITIZENS_REFUSED)),
        "supervision:order": Endpoint(
            "GET", signed_in(302, **CITIZENS_REFUSED, clerk_y=404), kwargs=_pk("order_id"), note="-> the case"
        ),
        "supervision:order-reply": Endpoint(
            "POST",
            signed_in(400, citizen_a=403, citizen_b=404, clerk_y=404, supervisor=403),
            kwargs=_pk("order_id"),
            note="handlers in scope may reply (empty reply: 400)",
        ),
        "supervision:order-close": Endpoint(
            "POST", signed_in(403, citizen_b=404, clerk_y=404, supervisor=302), kwargs=_pk("order_id")
        ),
        "supervision:public": Endpoint("GET", expect(200)),
        "supervision:public-detail": Endpoint("GET", expect(200), kwargs=_pk("publication_id")),
        "supervision:surveys": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "supervision:sites": Endpoint("GET", signed_in(403, **SUPERVISORS), note="G7: supervisors in scope"),
        "supervision:site-inspect": Endpoint(
            "POST",
            signed_in(403, supervisor=302, administrator=302),
            kwargs=lambda w: {"site_id": w.county.station_x.pk},
            data=lambda w: {"inspected_on": "2026-03-02", "present": ["office"]},
            note="G7: records an inspection of a site in scope",
        ),
        "supervision:practitioners": Endpoint(
            "GET",
            signed_in(403, **SUPERVISORS),
            data=lambda w: {"q": "律师"},
            note="O3: practitioners of the user's jurisdiction",
        ),
        "supervision:practitioner-credit": Endpoint(
            "POST",
            signed_in(403, supervisor=302, administrator=302),
            kwargs=lambda w: {"practitioner_id": w.county.lawyer.pk},
            data=lambda w: {
                "kind": "warning",
                "authority": "县司法局",
                "decision_number": "县司罚决字〔2026〕9号",
                "decided_on": "2026-03-02",
                "summary": "违规收费",
            },
            note="O3: records a sanction on a practitioner in scope",
        ),
        "supervision:sanction-quash": Endpoint(
            "POST",
            signed_in(403, supervisor=302, administrator=302),
            kwargs=_pk("sanction_id", "sanction_id"),
            data=lambda w: {"quashed_on": str(clock.local_today()), "reason": "复议决定撤销"},
            note="O3: quashes a sanction on a practitioner in scope",
        ),
        "supervision:institutions": Endpoint(
            "GET",
            signed_in(403, **SUPERVISORS),
            data=lambda w: {"q": "法律援助"},
            note="L6: the aid centres to rectify and the institutions of the user's jurisdiction",
        ),
        "supervision:institution-accessibility": Endpoint(
            "POST",
            signed_in(403, supervisor=302, administrator=302),
            kwargs=lambda w: {"institution_id": w.county.aid_centre.pk},
            data=lambda w: {"services": ["barrier_free_access", "sign_language"], "note": "请预约"},
            note="L6: records the accessible services of an institution in scope",
        ),
        "supervision:site-windows": Endpoint(
            "POST",
            signed_in(403, supervisor=302, administrator=302),
            kwargs=lambda w: {"site_id": w.county.station_x.pk},
            data=lambda w: {"op": "save", "number": "1", "name": "综合受理"},
            note="G6: opens a window at a site in scope",
        ),
        "supervision:survey-enter": Endpoint(
            "GET", signed_in(404, **SUPERVISORS), kwargs=_pk("questionnaire_id")
        ),
        "supervision:survey-online": Endpoint("GET", expect(200), kwargs=_pk("questionnaire_id")),
        # -- upstream exchange (K11): the supervision page's scope; re-sending by supervisors and administrators
        "exchange:home": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "exchange:retry": Endpoint(
            "POST",
            signed_in(403, supervisor=404, administrator=404),
            kwargs=lambda w: {"message_id": 999_999},
            note="no such message: 404 for those who may re-send; everyone else is refused first",
        ),
        # -- 24-hour kiosks (G10): closed in this deployment (FAWANG_OPTIONAL_CHANNELS unset), so the kiosk's public
        # pages answer 404 to everyone and device management 404 to staff. With the channel open, the kiosk pages
        # need a kiosk's device cookie and management a supervisor or administrator in scope
        # (fawang/kiosk/tests/test_devices.py).
        **{
            f"kiosk:{name}": Endpoint("GET", expect(404), note="G10: channel closed")
            for name in ("home", "pair", "ask", "answer", "receipt", "track", "track-digits")
        },
        "kiosk:end": Endpoint("POST", expect(404), note="G10: channel closed"),
        "kiosk:alive": Endpoint("POST", expect(404), note="G10: channel closed"),
        "kiosk:start": Endpoint(
            "GET", expect(404), kwargs=lambda w: {"slug": "aid"}, note="G10: channel closed"
        ),
        "kiosk:step": Endpoint(
            "GET", expect(404), kwargs=lambda w: {"slug": "aid", "key": "matter"}, note="G10: channel closed"
        ),
        "kiosk_admin:list": Endpoint("GET", signed_in(404, **CITIZENS_REFUSED), note="G10: channel closed"),
        "kiosk_admin:detail": Endpoint(
            "POST",
            signed_in(404, **CITIZENS_REFUSED),
            kwargs=lambda w: {"kiosk_id": 1},
            data=lambda w: {"op": "rename", "name": "x"},
            note="G10: channel closed",
        ),
        # -- legislation (Q1-Q6): public drafts and comments; the workbench for editors (supervisor, administrator)
        # of the draft's region and, read-only plus offline entry (Q4), window clerks of the places it covers
        "legislation:index": Endpoint("GET", expect(200)),
        "legislation:draft": Endpoint("GET", expect(200), kwargs=_pk("legislation_draft_id", "draft_id")),
        "legislation:comment": Endpoint(
            "POST",
            expect(201, anonymous=403),
            kwargs=_pk("legislation_draft_id", "draft_id"),
            data=lambda w: {"body": "矩阵意见", "name": "矩阵"},
            note="Q2: a real-name draft: anyone signed in may comment; anonymous refused",
        ),
        "legislation_staff:list": Endpoint("GET", signed_in(403, **LEGISLATION_READERS)),
        "legislation_staff:create": Endpoint("GET", signed_in(403, **SUPERVISORS)),
        "legislation_staff:contact-points": Endpoint("GET", signed_in(403, **LEGISLATION_READERS)),
        "legislation_staff:detail": Endpoint(
            "GET", signed_in(403, **LEGISLATION_READERS), kwargs=_pk("legislation_draft_id", "draft_id")
        ),
        "legislation_staff:offline": Endpoint(
            "GET", signed_in(403, **LEGISLATION_READERS), kwargs=_pk("legislation_draft_id", "draft_id")
        ),
        "legislation_staff:act": Endpoint(
            "POST",
            signed_in(403, supervisor=302, administrator=302),
            kwargs=_pk("legislation_draft_id", "draft_id"),
            data=lambda w: {"action": "withdraw", "reason": "矩阵"},
            note="Q1: editors in scope withdraw; clerks read only",
        ),
        "legislation_staff:summary": Endpoint(
            "POST",
            signed_in(403, supervisor=400, administrator=400),
            kwargs=_pk("legislation_draft_id", "draft_id"),
            data=lambda w: {"summary_text": "矩阵"},
            note="Q3: the period has not ended: a Chinese 400 for editors",
        ),
        "legislation_staff:hearing": Endpoint(
            "POST",
            signed_in(403, supervisor=302, administrator=302),
            kwargs=_pk("legislation_draft_id", "draft_id"),
            data=lambda w: {
                "starts_at": f"{clock.local_today() + timedelta(days=45):%Y-%m-%d}T09:00",
                "place": "会议室",
                "subject": "矩阵",
            },
            note="Q5: editors announce a hearing 45 days ahead",
        ),
        "legislation_staff:invitation": Endpoint(
            "POST",
            signed_in(403, supervisor=400, administrator=400),
            kwargs=_pk("legislation_draft_id", "draft_id"),
            data=lambda w: {
                "kind": "disabled",
                "organisation": "残联",
                "invited_on": "2026-01-01",
                "method": "letter",
            },
            note="Q6: the draft does not concern accessibility: a Chinese 400 for editors",
        ),
        "legislation_staff:comments": Endpoint(
            "GET", signed_in(403, **SUPERVISORS), kwargs=_pk("legislation_draft_id", "draft_id")
        ),
        "legislation_staff:comment": Endpoint(
            "GET",
            signed_in(403, **SUPERVISORS),
            kwargs=_pk("legislation_comment_id", "comment_id"),
            note="M6: commenters' personal data for editors in scope only, audited",
        ),
        "legislation_staff:attachment": Endpoint(
            "GET",
            signed_in(403, supervisor=404, administrator=404, clerk_x=404, clerk_y=404),
            kwargs=lambda w: {"attachment_id": 999_999},
            note="no such attachment: 404 for legislation staff; everyone else is refused first (tests: legislation)",
        ),
    }
)

API_SUPERVISORS = signed_in(403, anonymous=API_ANON, **SUPERVISORS)
OWNER_ONLY = {"citizen_a": 200}
API.update(
    {
        "analytics_demand": Endpoint("GET", API_SUPERVISORS),
        # -- education (P2-P4): public reads; one's own learning records
        "education_courses_list": Endpoint("GET", expect(200)),
        "education_course_get": Endpoint("GET", expect(200), kwargs=_pk("course_id", "course_id")),
        "education_events_list": Endpoint("GET", expect(200)),
        "education_culture_sites_list": Endpoint("GET", expect(200)),
        "education_my_learning": Endpoint("GET", signed_in(200, anonymous=API_ANON)),
        "analytics_equalisation": Endpoint("GET", API_SUPERVISORS),
        "analytics_scorecard_run": Endpoint(
            "GET", signed_in(404, anonymous=API_ANON, **SUPERVISORS), kwargs=_pk("scorecard_run_id", "id")
        ),
        "appraisal_commission_create": Endpoint(
            "POST",
            signed_in(403, anonymous=API_ANON, agent=201, clerk_x=201, clerk_y=201, administrator=201),
            data=lambda w: w.appraisal_payload(),
            note="front desks register a commission (INTAKE_ROLES), as for any 工单",
        ),
        "appraisal_get": Endpoint(
            "GET", signed_in(404, anonymous=API_ANON, **COUNTY_CASE), kwargs=_ref("appraisal_ref")
        ),
        "hotline_agent_state_set": Endpoint(
            "POST", signed_in(400, anonymous=API_ANON), kwargs=_needs("centre")
        ),
        "hotline_call_get": Endpoint(
            "GET",
            signed_in(404, anonymous=API_ANON, agent=200, administrator=200),
            kwargs=_pk("call_ref", "call_ref"),
        ),
        "hotline_call_notes_save": Endpoint(
            "POST",
            signed_in(400, anonymous=API_ANON),
            kwargs=_pk("call_ref", "call_ref"),
            also_refused=frozenset(SIGNED_IN) - {"agent", "administrator"},
            note="the body is checked before the call is looked up",
        ),
        "hotline_call_wrap_up": Endpoint(
            "POST",
            signed_in(400, anonymous=API_ANON),
            kwargs=_pk("call_ref", "call_ref"),
            also_refused=frozenset(SIGNED_IN) - {"agent", "administrator"},
        ),
        "hotline_callback_attempt": Endpoint(
            "POST", signed_in(400, anonymous=API_ANON), kwargs=_pk("callback_id", "callback_id")
        ),
        "hotline_callback_claim": Endpoint(
            "POST",
            signed_in(404, anonymous=API_ANON, agent=200, administrator=200),
            kwargs=_pk("callback_id", "callback_id"),
        ),
        "hotline_callback_list": Endpoint(
            "GET", signed_in(200, anonymous=API_ANON), kwargs=_needs("callback_id")
        ),
        "hotline_event_receive": Endpoint(
            "POST",
            expect(401),
            not_refused=frozenset(PERSONAS),
            note="signed webhook: no signature, no entry; the rejected delivery is logged (RejectedDelivery)",
        ),
        "hotline_seat_sign_in": Endpoint("POST", signed_in(400, anonymous=API_ANON), kwargs=_needs("centre")),
        "hotline_service_levels": Endpoint(
            "GET", signed_in(200, anonymous=API_ANON), kwargs=_needs("centre")
        ),
        "knowledge_categories_classify": Endpoint(
            "POST", expect(200), data=lambda w: {"question": "老板拖欠工资"}
        ),
        "knowledge_consultations_smart": Endpoint(
            "POST", expect(200), data=lambda w: {"question": "老板拖欠工资怎么办"}
        ),
        "knowledge_faqs_list": Endpoint("GET", expect(200), note="published FAQ only"),
        "knowledge_statutes_search": Endpoint("GET", expect(200), data=lambda w: {"q": "经济补偿"}),
        "legal_aid_check": Endpoint(
            "POST", signed_in(200, anonymous=API_ANON), data=lambda w: {"date": "2026-12-01"}
        ),
        "legal_aid_create": Endpoint(
            "POST",
            signed_in(201, anonymous=API_ANON, practitioner=403, supervisor=403),
            data=lambda w: w.legal_aid_payload(),
        ),
        "legal_aid_status": Endpoint(
            "GET",
            signed_in(200, anonymous=API_ANON, **CASE_READERS, practitioner=404),
            kwargs=_ref("legal_aid_ref"),
        ),
        "legal_aid_documents": Endpoint(
            "GET",
            signed_in(200, anonymous=API_ANON, **CASE_READERS, practitioner=404),
            kwargs=_ref("legal_aid_ref"),
        ),
        "legal_aid_document_pdf": Endpoint(
            "GET",
            signed_in(200, anonymous=API_ANON, **CASE_READERS, practitioner=404),
            kwargs=lambda w: {"reference": w.legal_aid_ref, "id": w.legal_aid_document_id},
        ),
        "mediation_application_create": Endpoint(
            "POST", signed_in(400, anonymous=API_ANON), note="empty body: 400 for every signed-in user"
        ),
        "mediation_get": Endpoint(
            "GET",
            signed_in(404, anonymous=API_ANON, clerk_x=200, **COUNTY_CASE),
            kwargs=_ref("mediation_ref"),
        ),
        "notary_application_create": Endpoint("POST", signed_in(400, anonymous=API_ANON)),
        "notary_booking_create": Endpoint("POST", signed_in(400, anonymous=API_ANON)),
        "notary_get": Endpoint(
            "GET", signed_in(404, anonymous=API_ANON, citizen_a=200, **COUNTY_CASE), kwargs=_ref("notary_ref")
        ),
        "notary_matter_types": Endpoint("GET", signed_in(200, anonymous=API_ANON)),
        "notary_slots": Endpoint("GET", signed_in(200, anonymous=API_ANON)),
        "portal_directory": Endpoint("GET", expect(200)),
        "catalogue_items_list": Endpoint(
            "GET",
            expect(404),
            data=lambda w: {"province": "990000000000"},
            note="public and read-only (G3); no list is published in this world, so 'not found' for all",
        ),
        # -- calculators (J10): public, stateless, read-only; the portal's public throttle
        "calculators_litigation_fee": Endpoint(
            "POST", expect(200), data=lambda w: {"fee_kind": "property", "amount": "100000"}
        ),
        "calculators_severance": Endpoint(
            "POST",
            expect(200),
            data=lambda w: {"start": "2020-01-01", "end": "2025-06-30", "wages": ["8000"]},
        ),
        "calculators_double_wage": Endpoint(
            "POST", expect(200), data=lambda w: {"monthly_wage": "5000", "months_without_contract": 8}
        ),
        "calculators_work_injury": Endpoint(
            "POST",
            expect(200),
            data=lambda w: {
                "outcome": "disability",
                "grade": 9,
                "own_wage": "6000",
                "regional_average_wage": "8000",
            },
        ),
        "calculators_personal_injury": Endpoint(
            "POST", expect(200), data=lambda w: {"outcome": "injury", "age": 40, "medical": "1000"}
        ),
        "calculators_lawyer_fee": Endpoint(
            "POST",
            expect(400),
            data=lambda w: {"amount": "100000"},
            note="no provincial lawyer-fee table is configured by default: a Chinese 400 for everyone",
        ),
        # -- contract review (J10): public, stateless, read-only; the portal's public throttle
        "contract_review": Endpoint(
            "POST", expect(200), data=lambda w: {"text": "借款合同：借款金额人民币5万元，月息1分。"}
        ),
        "portal_flows": Endpoint("GET", signed_in(200, anonymous=API_ANON)),
        "portal_register": Endpoint("POST", expect(400)),
        "portal_sms_code_send": Endpoint("POST", expect(400)),
        "portal_token": Endpoint("POST", expect(400)),
        "portal_my_cases": Endpoint("GET", signed_in(200, anonymous=API_ANON)),
        "portal_notifications": Endpoint("GET", signed_in(200, anonymous=API_ANON)),
        "portal_contact_safety_get": Endpoint(
            "GET",
            signed_in(404, anonymous=API_ANON, citizen_a=200),
            note="M14: one's own person record only; 404 with a pointer to identity without one",
        ),
        "portal_contact_safety_set": Endpoint(
            "PUT",
            signed_in(404, anonymous=API_ANON, citizen_a=400),
            data=lambda w: {"channel": "safe_phone"},
            note="M14: one's own record only; the missing safe number is a Chinese 400 and changes nothing",
        ),
        "portal_my_case": Endpoint("GET", signed_in(200, anonymous=API_ANON, **CASE_READERS), kwargs=_case),
        "portal_messages_list": Endpoint(
            "GET", signed_in(200, anonymous=API_ANON, **CASE_READERS), kwargs=_case
        ),
        "portal_message_post": Endpoint(
            "POST",
            signed_in(201, anonymous=API_ANON, supervisor=403, **CASE_READERS),
            kwargs=_case,
            data=lambda w: {"body": "您好"},
            note="requester and handlers; a supervisor reads only (fixed in this review)",
        ),
        "portal_legal_aid_request": Endpoint(
            "POST",
            signed_in(400, anonymous=API_ANON, **CASE_READERS, practitioner=404),
            kwargs=lambda w: {"reference": w.legal_aid_ref, "kind": "recusal"},
            note="empty reason: 400 for whoever may see the case; the workflow then checks the role",
        ),
        "portal_callbacks_list": Endpoint(
            "GET", signed_in(200, anonymous=API_ANON), note="X2: own web bookings"
        ),
        "portal_callback_slots": Endpoint(
            "GET", signed_in(200, anonymous=API_ANON), note="free slots: no PII"
        ),
        "portal_callback_book": Endpoint(
            "POST",
            signed_in(400, anonymous=API_ANON),
            note="empty body: 400; the booker is always the caller",
        ),
        "portal_callback_cancel": Endpoint(
            "POST",
            signed_in(404, anonymous=API_ANON),
            kwargs=lambda w: {"callback_id": 999_999},
            note="only the booker's own web callback: anyone else's is 404",
        ),
        "portal_receipt": Endpoint("GET", signed_in(404, anonymous=API_ANON), kwargs=_ref("legal_aid_ref")),
        "portal_documents": Endpoint(
            "GET",
            signed_in(200, anonymous=API_ANON, **CASE_READERS, practitioner=404),
            kwargs=_ref("legal_aid_ref"),
        ),
        "portal_document_pdf": Endpoint(
            "GET",
            signed_in(200, anonymous=API_ANON, **CASE_READERS, practitioner=404),
            kwargs=lambda w: {"reference": w.legal_aid_ref, "key": w.portal_document_key},
        ),
        "portal_drafts_list": Endpoint(
            "GET", signed_in(200, anonymous=API_ANON), note="the user's own drafts"
        ),
        "portal_draft_open": Endpoint(
            "POST", signed_in(200, anonymous=API_ANON), data=lambda w: {"service": "legal_aid"}
        ),
        "portal_draft_get": Endpoint(
            "GET", signed_in(404, anonymous=API_ANON, **OWNER_ONLY), kwargs=_pk("draft_token", "token")
        ),
        "portal_draft_precheck": Endpoint(
            "GET", signed_in(404, anonymous=API_ANON, **OWNER_ONLY), kwargs=_pk("draft_token", "token")
        ),
        "portal_draft_step_save": Endpoint(
            "PUT",
            signed_in(404, anonymous=API_ANON, citizen_a=400),
            kwargs=_pk("draft_token", "token", step="identity"),
        ),
        "portal_draft_submit": Endpoint(
            "POST",
            signed_in(400, anonymous=API_ANON),
            kwargs=_pk("draft_token", "token"),
            also_refused=frozenset(SIGNED_IN) - {"citizen_a"},
            note="the body is checked before the draft is looked up: 400 for all; nothing changes",
        ),
        "portal_draft_upload": Endpoint(
            "POST",
            signed_in(415, anonymous=API_ANON),
            kwargs=_pk("draft_token", "token"),
            also_refused=frozenset(SIGNED_IN) - {"citizen_a"},
            note="multipart only: JSON is refused with 415 before the draft is looked up",
        ),
        "portal_draft_upload_remove": Endpoint(
            "DELETE",
            signed_in(400, anonymous=API_ANON),
            kwargs=_pk("draft_token", "token", upload_id=999999),
            also_refused=frozenset(SIGNED_IN),
        ),
        "portal_draft_discard": Endpoint(
            "DELETE", signed_in(404, anonymous=API_ANON, citizen_a=204), kwargs=_pk("draft_token", "token")
        ),
        # -- legislation (Q1, Q2): public reads; comments on a real-name draft need a signed-in user
        "legislation_drafts_list": Endpoint("GET", expect(200)),
        "legislation_draft_retrieve": Endpoint(
            "GET", expect(200), kwargs=_pk("legislation_draft_id", "draft_id")
        ),
        "legislation_comment_create": Endpoint(
            "POST",
            expect(201, anonymous=403),
            kwargs=_pk("legislation_draft_id", "draft_id"),
            data=lambda w: {"body": "矩阵意见"},
        ),
    }
)


# ---- PENDING: endpoints added in parallel and not yet classified. Empty: every endpoint has a reviewed row.
PENDING: frozenset[str] = frozenset()


# ---- Discovery ------------------------------------------------------------------------------------------------
def _walk(
    patterns: list[URLPattern | URLResolver], namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, ns, prefix + str(entry.pattern))
        else:
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield name, prefix + str(entry.pattern)


def page_routes() -> dict[str, str]:
    """URL name -> route, for everything that is not under /api/v1/ (those are covered by the schema)."""
    routes: dict[str, str] = {}
    for name, route in _walk(get_resolver().url_patterns):
        if route.startswith("api/v1/"):
            continue
        routes[name or f"<unnamed:{route}>"] = route
    return routes


def api_operations() -> dict[str, tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]  # untyped library
    operations = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations[operation["operationId"]] = (method.upper(), path)
    return operations


def _is_admin(name: str, route: str) -> bool:
    return name.startswith(ADMIN_PREFIX) or route.startswith("admin/")


def unclassified() -> list[str]:
    """Endpoints with no reviewed row, as "page <name>" / "api <operationId>"."""
    missing = [
        f"page {name}"
        for name, route in sorted(page_routes().items())
        if name not in PAGES and not _is_admin(name, route)
    ]
    missing += [f"api {op}" for op in sorted(api_operations()) if op not in API]
    return missing


def test_every_endpoint_is_classified(db: None) -> None:
    """Fails on any URL or API operation that has no reviewed row and is not on the PENDING list: new endpoints
    fail here until someone classifies them (ADR 0082)."""
    assert [e for e in unclassified() if e not in PENDING] == []


def test_nothing_is_pending(db: None) -> None:
    """PENDING is empty: every endpoint has a reviewed row (issue 8 §2)."""
    assert [e for e in unclassified() if e in PENDING] == []


def test_classifications_are_not_stale(db: None) -> None:
    pages = set(page_routes())
    assert sorted(set(PAGES) - pages) == []
    assert sorted(set(API) - set(api_operations())) == []


# ---- Running the matrix ---------------------------------------------------------------------------------------
@pytest.fixture
def world(
    make_case: MakeCase, personas: dict[str, User], county: County, make_user: MakeUser, settings: Any
) -> World:
    settings.HOTLINE_WEBHOOK_SECRET = "matrix-secret"  # configured, so the webhook answers for its signature
    settings.FAWANG_METRICS_TOKEN = "matrix-metrics-token"  # configured, so /metrics answers 401 without it
    return World(personas=personas, county=county, make_case=make_case, make_user=make_user)


def _count_sql() -> tuple[list[str], str]:
    """One statement counting the rows of every managed table (one round trip instead of ~140 per snapshot)."""
    models = [m for m in apps.get_models() if m not in (AuditEntry, AuditChainHead) and m._meta.managed]
    quote = connection.ops.quote_name
    # quoted table names of our own models, no input
    columns = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)  # noqa: S608
    return [m._meta.label for m in models], f"SELECT {columns}"


def state_snapshot() -> dict[str, Any]:
    labels, sql = _count_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts: dict[str, Any] = dict(zip(labels, cursor.fetchone(), strict=True))
    counts["cases:statuses"] = sorted(Case.objects.values_list("reference", "status", "handler_site_id"))
    counts["cases:events"] = CaseEvent.objects.count()
    # An audited read (M6) of a record in the persona's scope, on the way to a refused action, is not a change.
    counts["audit:changes"] = AuditEntry.objects.exclude(
        action__in=[AuditAction.DENIED, AuditAction.VIEW]
    ).count()
    return counts


def _fill(route: str, kwargs: dict[str, Any]) -> str:
    def sub(match: re.Match[str]) -> str:
        return str(kwargs[match.group(1).split(":")[-1]])

    return "/" + re.sub(r"<([^>]+)>", sub, route)


def _run(client: Client, method: str, url: str, data: dict[str, Any], api: bool) -> int:
    if method == "GET":
        return client.get(url, data or None).status_code
    if api:
        return client.generic(
            method, url, data=__import__("json").dumps(data), content_type="application/json"
        ).status_code
    return client.post(url, data).status_code


def _check_persona(
    persona: str, personas: dict[str, User], endpoint: Endpoint, url: str, data: dict[str, Any], api: bool
) -> str | None:
    client = Client()
    if persona != "anonymous":
        client.force_login(personas[PERSONA_KEYS[persona]])
        if endpoint.reauth:
            from fawang.core import clock
            from fawang.security.reauth import SESSION_REAUTH_AT

            session = client.session
            session[SESSION_REAUTH_AT] = clock.now().timestamp()
            session.save()
    before = state_snapshot()
    status = _run(client, endpoint.method, url, data, api)
    wanted = endpoint.expected[persona]
    if os.environ.get("AUTHZ_OBSERVED"):  # write what each persona got, to review a new row (issue 8 §2)
        with open(os.environ["AUTHZ_OBSERVED"], "a", encoding="utf-8") as out:
            out.write(f"{url} {endpoint.method} {persona} {status} {wanted}\n")
    if status != wanted:
        return f"{persona}: got {status}, expected {wanted}"
    if endpoint.refused(persona, status):
        after = state_snapshot()
        if after != before:
            changed = {k: (before[k], after.get(k)) for k in before if before[k] != after.get(k)}
            return f"{persona}: refused with {status} but changed {changed}"
    return None


def _matrix(endpoint: Endpoint, url: str, personas: dict[str, User], world: World, api: bool) -> list[str]:
    problems = []
    data = endpoint.data(world)  # built once, outside the savepoints: it may create world objects
    for persona in PERSONAS:
        with transaction.atomic():
            problem = _check_persona(persona, personas, endpoint, url, data, api)
            transaction.set_rollback(True)
        if problem:
            problems.append(problem)
    return problems


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matrix(name: str, personas: dict[str, User], world: World) -> None:
    endpoint = PAGES[name]
    url = _fill(page_routes()[name], endpoint.kwargs(world))
    assert _matrix(endpoint, url, personas, world, api=False) == []


@pytest.mark.parametrize("operation", sorted(API))
def test_api_matrix(operation: str, personas: dict[str, User], world: World) -> None:
    endpoint = API[operation]
    method, path = api_operations()[operation]
    assert method == endpoint.method
    url = re.sub(r"\{(\w+)\}", lambda m: str(endpoint.kwargs(world)[m.group(1)]), path)
    assert _matrix(endpoint, url, personas, world, api=True) == []


ADMIN_OPEN = {"admin:login": 200, "admin:logout": 302}  # the sign-in page; sign-out (GET) redirects away


def test_admin_site_refuses_every_persona(personas: dict[str, User], world: World) -> None:
    """Django admin is for superusers (STYLE §8): every persona is sent to the admin sign-in; nothing changes."""
    routes = {n: r for n, r in page_routes().items() if _is_admin(n, r)}
    fill = {"app_label": "cases", "object_id": "1", "content_type_id": "1", "url": "x"}
    problems = []
    for persona in PERSONAS:
        with transaction.atomic():
            client = Client()
            if persona != "anonymous":
                client.force_login(personas[PERSONA_KEYS[persona]])
            before = state_snapshot()
            for name, route in sorted(routes.items()):
                url = _fill(route.replace("^", "").replace("$", ""), fill)
                if "(?P" in url:
                    continue  # the regex catch-all is covered by the named routes
                response = client.get(url)
                if name in ADMIN_OPEN:
                    if response.status_code != ADMIN_OPEN[name]:
                        problems.append(f"{name} {persona}: {response.status_code}")
                elif response.status_code != 302 or "/admin/login/" not in response["Location"]:
                    problems.append(f"{name} {persona}: {response.status_code}")
            if state_snapshot() != before:
                problems.append(f"{persona}: the admin site changed state")
            transaction.set_rollback(True)
    assert problems == []
    assert len(routes) > 5
