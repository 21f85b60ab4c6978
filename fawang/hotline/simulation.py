"""Running a simulated day (simulator.py) through the real interfaces: the signed webhook for the call centre's
events, and the agents' REST endpoints for their wrap-ups. In-process (Django test client) without a URL, over
HTTP with one. Agents, seats and tokens are provisioned in the database this command uses, which must be the
server's database when a URL is given (docs/hotline.md)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from rest_framework.authtoken.models import Token

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.services import role_grant, system_actor
from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.directory.models import Site, SiteKind
from fawang.hotline.hours import hours_open_at
from fawang.hotline.models import HotlineCentre, Seat
from fawang.hotline.selectors import hours_spans
from fawang.hotline.services.seats import centre_ensure, seat_sign_out
from fawang.hotline.signing import headers_for
from fawang.hotline.simulator import Plan, SimCall, day_plan

SEAT_PREFIX = "SIM"
Send = Callable[[str, str, bytes, dict[str, str]], tuple[int, dict[str, Any]]]


def _http_sender(base_url: str) -> Send:
    def send(method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(  # noqa: S310  # the operator passes an http(s) URL on purpose
            base_url.rstrip("/") + path,
            data=body if method == "POST" else None,
            method=method,
            headers={"Content-Type": "application/json", **headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    return send


def _client_sender() -> Send:
    from django.test import Client

    client = Client()

    def send(method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        response = client.generic(method, path, data=body, content_type="application/json", headers=headers)
        return response.status_code, (json.loads(response.content) if response.content else {})

    return send


@dataclass(frozen=True)
class Setup:
    centre: HotlineCentre
    tokens: dict[str, str]  # seat code → agent token
    dispatch_site_id: int | None


def _centre(code: str | None) -> HotlineCentre:
    if code:
        centre = HotlineCentre.objects.filter(code=code).select_related("site__region").first()
        if centre is None:
            raise DomainError(f"没有编码为 {code} 的热线中心。")
        return centre
    centre = HotlineCentre.objects.select_related("site__region").order_by("pk").first()
    if centre is not None:
        return centre
    site = Site.objects.filter(kind=SiteKind.HOTLINE).order_by("pk").first()
    if site is None:
        raise DomainError("没有“12348热线中心”类型的站点：请先运行 generate_demo 或在目录中登记热线站点。")
    return centre_ensure(
        actor=system_actor(), site=site, seats=6
    )  # S01…S06 for people; SIMnn for the simulator


@transaction.atomic
def simulation_setup(*, agents: int, centre_code: str | None = None) -> Setup:
    """Seats SIM01…SIMnn and one hotline_operator account with an API token per seat (idempotent)."""
    centre = _centre(centre_code)
    tokens = {}
    for n in range(1, agents + 1):
        seat, _ = Seat.objects.get_or_create(centre=centre, code=f"{SEAT_PREFIX}{n:02d}")
        user, created = User.objects.get_or_create(
            username=f"sim_agent_{centre.code.lower()}_{n:02d}", defaults={"display_name": f"模拟坐席{n:02d}"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        role_grant(actor=system_actor(), user=user, role=Role.HOTLINE_OPERATOR, region=centre.site.region)
        tokens[seat.code] = Token.objects.get_or_create(user=user)[0].key
    station = (
        Site.objects.filter(region__code__startswith=centre.site.region.prefix, kind=SiteKind.STATION)
        .order_by("pk")
        .first()
    )
    return Setup(centre=centre, tokens=tokens, dispatch_site_id=station.pk if station else None)


def _wrap_payload(call: SimCall, dispatch_site_id: int | None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "contact_type": call.contact_type,
        "outcome": call.outcome,
        "title": f"{call.category}问题（模拟来电）",
        "category": call.category,
    }
    if call.outcome == "answer":
        payload["answer"] = "已解答，告知相关法律规定和办理途径。"
    elif call.outcome == "dispatch":
        payload["site_id"] = dispatch_site_id
        payload["answer"] = "请工作站核实情况后答复来电人。"
    elif call.outcome == "callback":
        payload["callback_reason"] = "需查询相关规定后回拨解答。"
    elif call.outcome == "transfer":
        payload["transfer_to"] = call.transfer_to
    return payload


def simulation_run(
    *,
    calls: int,
    agents: int,
    seed: int,
    url: str | None = None,
    day: date | None = None,
    centre_code: str | None = None,
) -> dict[str, Any]:
    secret: str = settings.HOTLINE_WEBHOOK_SECRET
    if not secret:
        raise DomainError("未设置 HOTLINE_WEBHOOK_SECRET：模拟器须与服务器使用同一密钥签名。")
    setup = simulation_setup(agents=agents, centre_code=centre_code)
    day = day or clock.local_today() - timedelta(days=1)
    spans = hours_spans(centre=setup.centre)
    plan: Plan = day_plan(
        calls=calls,
        agents=agents,
        seed=seed,
        day=day,
        centre=setup.centre.code,
        is_open=lambda at: hours_open_at(spans, at),
        seat_prefix=SEAT_PREFIX,
    )
    send = _http_sender(url) if url else _client_sender()
    now: Callable[[], float] = time.time if url else (lambda: clock.now().timestamp())
    auth = {seat: {"Authorization": f"Token {token}"} for seat, token in setup.tokens.items()}
    for seat in setup.tokens:
        body = json.dumps({"centre": setup.centre.code, "seat": seat}).encode()
        send("POST", "/api/v1/hotline/seat", body, auth[seat])
    deliveries: Counter[str] = Counter()
    started = time.perf_counter()
    for event in plan.events:
        body = json.dumps(event, ensure_ascii=False).encode()
        status, _ = send(
            "POST", "/api/v1/hotline/events", body, headers_for(secret=secret, body=body, now=now())
        )
        deliveries[{202: "accepted", 200: "duplicate"}.get(status, f"rejected_{status}")] += 1
    webhook_seconds = time.perf_counter() - started
    wrap: Counter[str] = Counter()
    failures: list[str] = []
    for call in plan.calls:
        if call.answered_at is None:
            continue
        body = json.dumps(_wrap_payload(call, setup.dispatch_site_id), ensure_ascii=False).encode()
        status, answer = send("POST", f"/api/v1/hotline/calls/{call.call_id}/wrap-up", body, auth[call.seat])
        wrap["ok" if status == 200 else f"failed_{status}"] += 1
        if status != 200 and len(failures) < 5:
            failures.append(f"{call.call_id}: {answer.get('detail', answer)}")
    for user in User.objects.filter(auth_token__key__in=setup.tokens.values()):
        seat_sign_out(actor=user, reason="模拟结束")  # free the SIM seats (B8: signing out is logged too)
    summary = dict(plan.truth)
    summary["delivery"] = {**plan.truth["delivery"], **dict(deliveries), "seconds": round(webhook_seconds, 2)}
    summary["wrap_ups"] = {**dict(wrap), "failures": failures}
    summary["target"] = url or "in-process"
    return summary
