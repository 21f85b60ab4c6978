"""The authorisation matrix (issue 8 §2; STYLE §12, §13; M4): every URL pattern and every API operation, for every
persona, answers with the reviewed status, and a refused request changes nothing.

How it works
- `test_every_endpoint_is_classified` walks the URL resolver and the OpenAPI schema. Every page URL name must be in
  PAGES (or in ADMIN_PREFIX, the Django admin) and every API operation in API; anything else FAILS, listing all
  unclassified endpoints. New endpoints therefore fail until someone classifies them here (reviewed in the PR).
- `test_page_matrix` / `test_api_matrix` run each classified endpoint for the nine personas, each inside a
  savepoint that is rolled back, so personas do not see each other's effects. For every refusal (3xx to sign-in,
  401, 403, 404, 405, 429) the row counts of ALL models, the statuses of all cases, the CaseEvent count and the
  audit entries other than `denied` must be unchanged.

Personas: anonymous, citizen A (owns the case), citizen B, agent (12348 operator, county), clerk of township X
(the case's township), clerk of township Y, practitioner (the aid lawyer the case is assigned to), supervisor
(county), administrator (county).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.conftest import County, MakeCase
from fawang.core.models import AuditAction, AuditChainHead, AuditEntry
from fawang.statutes.models import Article, Instrument

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
class World:
    """The objects the URL parameters point at."""

    case: Case  # citizen A's consultation in township X, assigned to the practitioner persona
    instrument: Instrument
    article: Article


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


# ---- PENDING: endpoints other engineers added in parallel (2026-11-26), to classify with the lead at integration.
# The ONE place that lists unclassified endpoints. Remove a line when its row is added to PAGES or API above.
PENDING: frozenset[str] = frozenset(
    {
        "page analytics:demand",
        "page analytics:equalisation",
        "page analytics:home",
        "page analytics:scorecard",
        "page analytics:scorecard_export",
        "page analytics:scorecards",
        "page appraisal:detail",
        "page appraisal:document",
        "page appraisal:home",
        "page appraisal:step",
        "page education:advance",
        "page education:article",
        "page education:index",
        "page education:manage",
        "page education:reading-list",
        "page evaluation:appeal-decide",
        "page evaluation:complaint",
        "page evaluation:complaint-confirm",
        "page evaluation:complaint-new",
        "page evaluation:complaint-reject",
        "page evaluation:complaint-reply",
        "page evaluation:rate",
        "page evaluation:rater-contact",
        "page evaluation:record-institution",
        "page evaluation:record-practitioner",
        "page evaluation:rectification",
        "page evaluation:rectification-done",
        "page evaluation:rectification-respond",
        "page evaluation:rectification-verify",
        "page evaluation:rectifications",
        "page hotline:call",
        "page hotline:callback-action",
        "page hotline:callbacks",
        "page hotline:console",
        "page hotline:feedback",
        "page hotline:feedback-action",
        "page hotline:feedback-escalate",
        "page hotline:knowledge",
        "page hotline:levels",
        "page hotline:notes",
        "page hotline:pop",
        "page hotline:quality",
        "page hotline:quality-review",
        "page hotline:quality-sample",
        "page hotline:seat",
        "page hotline:state",
        "page hotline:wrap-up",
        "page knowledge:ask",
        "page knowledge:ask_human",
        "page knowledge:faq_archive",
        "page knowledge:faq_create",
        "page knowledge:faq_detail",
        "page knowledge:faq_edit",
        "page knowledge:faq_list",
        "page knowledge:search",
        "page legal_aid:area-new",
        "page legal_aid:detail",
        "page legal_aid:document",
        "page legal_aid:home",
        "page legal_aid:mine",
        "page legal_aid:new",
        "page legal_aid:standard-edit",
        "page legal_aid:standard-new",
        "page legal_aid:standards",
        "page legal_aid:step",
        "page mediation:detail",
        "page mediation:document",
        "page mediation:home",
        "page mediation:new",
        "page mediation:step",
        "page notary:detail",
        "page notary:document",
        "page notary:home",
        "page notary:slots",
        "page notary:step",
        "page portal:apply",
        "page portal:apply-discard",
        "page portal:apply-resume",
        "page portal:apply-start",
        "page portal:apply-step",
        "page portal:apply-upload",
        "page portal:apply-upload-remove",
        "page portal:appointment",
        "page portal:complain",
        "page portal:directory",
        "page portal:document",
        "page portal:home",
        "page portal:identity",
        "page portal:login",
        "page portal:me",
        "page portal:my-case",
        "page portal:privacy",
        "page portal:receipt",
        "page portal:receipt-pdf",
        "page portal:register",
        "page portal:send-code",
        "page portal:withdraw",
        "page resettlement:advisers",
        "page resettlement:detail",
        "page resettlement:figures",
        "page resettlement:home",
        "page resettlement:step",
        "page supervision:case",
        "page supervision:cases",
        "page supervision:home",
        "page supervision:order",
        "page supervision:order-close",
        "page supervision:order-issue",
        "page supervision:order-reply",
        "page supervision:orders",
        "page supervision:public",
        "page supervision:public-detail",
        "page supervision:publish",
        "page supervision:region",
        "page supervision:survey-enter",
        "page supervision:survey-online",
        "page supervision:surveys",
        "api analytics_demand",
        "api analytics_equalisation",
        "api analytics_scorecard_run",
        "api appraisal_commission_create",
        "api appraisal_get",
        "api hotline_agent_state_set",
        "api hotline_call_get",
        "api hotline_call_notes_save",
        "api hotline_call_wrap_up",
        "api hotline_callback_attempt",
        "api hotline_callback_claim",
        "api hotline_callback_list",
        "api hotline_event_receive",
        "api hotline_seat_sign_in",
        "api hotline_service_levels",
        "api knowledge_categories_classify",
        "api knowledge_consultations_smart",
        "api knowledge_faqs_list",
        "api knowledge_statutes_search",
        "api legal_aid_check",
        "api legal_aid_create",
        "api legal_aid_document_pdf",
        "api legal_aid_documents",
        "api legal_aid_status",
        "api mediation_application_create",
        "api mediation_get",
        "api notary_application_create",
        "api notary_booking_create",
        "api notary_get",
        "api notary_matter_types",
        "api notary_slots",
        "api portal_directory",
        "api portal_document_pdf",
        "api portal_documents",
        "api portal_draft_discard",
        "api portal_draft_get",
        "api portal_draft_open",
        "api portal_draft_precheck",
        "api portal_draft_step_save",
        "api portal_draft_submit",
        "api portal_draft_upload",
        "api portal_draft_upload_remove",
        "api portal_drafts_list",
        "api portal_flows",
        "api portal_message_post",
        "api portal_messages_list",
        "api portal_my_case",
        "api portal_my_cases",
        "api portal_notifications",
        "api portal_receipt",
        "api portal_register",
        "api portal_sms_code_send",
        "api portal_token",
    }
)


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


@pytest.mark.xfail(
    strict=True, reason="PENDING lists endpoints added in parallel; classify them at integration"
)
def test_nothing_is_pending(db: None) -> None:
    """Strict xfail: once PENDING is emptied this passes, and the marker must be removed."""
    assert [e for e in unclassified() if e in PENDING] == []


def test_classifications_are_not_stale(db: None) -> None:
    pages = set(page_routes())
    assert sorted(set(PAGES) - pages) == []
    assert sorted(set(API) - set(api_operations())) == []


# ---- Running the matrix ---------------------------------------------------------------------------------------
@pytest.fixture
def world(make_case: MakeCase, personas: dict[str, User], county: County) -> World:
    case = make_case(channel="hotline", requester_user=personas["citizen"], title="矩阵工单")
    Case.objects.filter(pk=case.pk).update(handler_practitioner=county.lawyer)  # assigned to the practitioner
    case.refresh_from_db()
    instrument = Instrument.objects.create(
        work_key="劳动合同法",
        title="中华人民共和国劳动合同法",
        level="law",
        status="current",
        source="test",
        source_key="t",
    )
    article = Article.objects.create(
        instrument=instrument, number=47, label="第四十七条", text="经济补偿……", position=1
    )
    return World(case=case, instrument=instrument, article=article)


def state_snapshot() -> dict[str, Any]:
    counts: dict[str, Any] = {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m not in (AuditEntry, AuditChainHead) and m._meta.managed
    }
    counts["cases:statuses"] = sorted(Case.objects.values_list("reference", "status", "handler_site_id"))
    counts["cases:events"] = CaseEvent.objects.count()
    counts["audit:not_denied"] = AuditEntry.objects.exclude(action=AuditAction.DENIED).count()
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
    persona: str, personas: dict[str, User], endpoint: Endpoint, url: str, world: World, api: bool
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
    status = _run(client, endpoint.method, url, endpoint.data(world), api)
    wanted = endpoint.expected[persona]
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
    for persona in PERSONAS:
        with transaction.atomic():
            problem = _check_persona(persona, personas, endpoint, url, world, api)
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
