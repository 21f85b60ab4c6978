"""Compare a `fawang simulate_hotline` summary with what a running server reports (issue 5's check).

    .venv/bin/fawang simulate_hotline --calls 500 --agents 8 --seed 5 --url http://127.0.0.1:8765 > truth.json
    .venv/bin/python bench/hotline_sim_compare.py --url http://127.0.0.1:8765 --truth truth.json

The supervision figures come over HTTP, signed in as a supervisor (`GET /api/v1/hotline/service-levels` per centre,
hour and seat, and the `/work/hotline/levels/` page); the 工单 and callbacks created for the simulated calls are
counted in the server's database (run with the server's settings / DATABASE_URL). Prints one line per comparison
and exits 1 on any disagreement.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import sys
import urllib.parse
import urllib.request
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Shanghai")
FIGURES = (
    "offered",
    "answered",
    "answered_within_15s",
    "abandoned",
    "answer_rate",
    "average_handling_seconds",
    "rated",
    "satisfied",
    "dissatisfied",
    "rating_rate",
    "satisfaction",
    "out_of_hours",
)


class Session:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, **params: str) -> str:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with self.opener.open(f"{self.base}{path}{query}", timeout=180) as response:
            return str(response.read().decode("utf-8"))

    def login(self, username: str, password: str) -> None:
        page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None, "no CSRF token on the login page"  # noqa: S101
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token[1]}
        ).encode()
        request = urllib.request.Request(  # noqa: S310  # the URL is the operator's own server
            f"{self.base}/accounts/login/", data=body, headers={"Referer": f"{self.base}/accounts/login/"}
        )
        with self.opener.open(request, timeout=180) as response:
            if "/accounts/login/" in response.geturl():
                raise SystemExit("sign-in refused: check --username / --password")


def _levels(session: Session, day: date, group_by: str) -> dict[str, Any]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=LOCAL)
    end = start + timedelta(days=1)
    body = session.get(
        "/api/v1/hotline/service-levels",
        start=start.isoformat(),
        end=end.isoformat(),
        group_by=group_by,
    )
    result: dict[str, Any] = json.loads(body)
    return result


def _database_counts(truth: dict[str, Any]) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fawang.config.settings.dev")
    import django

    django.setup()
    from fawang.hotline.models import Call, Callback

    prefix = f"SIM{truth['seed']}-{truth['day'].replace('-', '')}-"
    calls = Call.objects.filter(call_ref__startswith=prefix)
    cases: dict[str, int] = {}
    for service_type in truth["cases"]:
        cases[service_type] = calls.filter(case__service_type=service_type).count()
    outcomes = {
        "answer": calls.filter(disposition="answered").count(),
        "dispatch": calls.filter(disposition="dispatched").count(),
        "callback": calls.filter(disposition="callback").count(),
        "transfer": calls.filter(disposition="transferred").count(),
        "register": calls.filter(wrapped_up_at__isnull=False, disposition="").count(),
    }
    callbacks = {
        kind: Callback.objects.filter(call__in=calls, kind=kind).count()
        for kind in ("callback", "message", "dissatisfied")
    }
    return {
        "calls": calls.count(),
        "cases": cases,
        "outcomes": outcomes,
        "callbacks": callbacks,
        "cases_distinct": calls.exclude(case=None).values("case").distinct().count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", required=True)
    parser.add_argument("--truth", required=True, help="the JSON printed by simulate_hotline")
    parser.add_argument("--username", default="supervisor")
    parser.add_argument("--password", default=os.environ.get("FAWANG_DEMO_PASSWORD", "Fawang@2026demo"))
    args = parser.parse_args()
    with open(args.truth, encoding="utf-8") as handle:
        truth = json.load(handle)
    day = date.fromisoformat(truth["day"])
    session = Session(args.url)
    session.login(args.username, args.password)
    problems: list[str] = []

    def check(label: str, server: Any, expected: Any) -> None:
        ok = server == expected
        print(f"{'OK  ' if ok else 'DIFF'} {label}: server={server} truth={expected}")
        if not ok:
            problems.append(label)

    by_centre = _levels(session, day, "centre")
    total = by_centre["total"]
    for key in FIGURES:
        check(f"total.{key}", total[key], truth[key])
    by_hour = _levels(session, day, "hour")
    hours = {
        g["key"]: (g["figures"]["offered"], g["figures"]["answered"], g["figures"].get("abandoned", 0))
        for g in by_hour["groups"]
        if g["figures"]["offered"]
    }
    expected_hours = {
        h: (v.get("offered", 0), v.get("answered", 0), v.get("abandoned", 0))
        for h, v in truth["by_hour"].items()
    }
    check("by_hour (offered, answered, abandoned)", hours, expected_hours)
    by_seat = _levels(session, day, "seat")
    seats = {
        g["key"]: g["figures"]["answered"]
        for g in by_seat["groups"]
        if g["key"] and g["figures"]["answered"] and g["key"].startswith("SIM")
    }
    check("by_seat answered", seats, {s: v["answered"] for s, v in truth["by_seat"].items()})
    page = session.get("/work/hotline/levels/", day=day.isoformat(), group_by="seat")
    shown = re.search(r'data-figure="offered">(\d+)<', page)
    check("levels page offered", int(shown[1]) if shown else None, truth["offered"])
    counts = _database_counts(truth)
    check("calls stored", counts["calls"], truth["calls"])
    check("工单 per type", counts["cases"], truth["cases"])
    check("工单 distinct", counts["cases_distinct"], sum(truth["cases"].values()))
    check("outcomes", counts["outcomes"], truth["outcomes"])
    check("callbacks per kind", counts["callbacks"], truth["callbacks"])
    check(
        "deliveries rejected",
        truth["delivery"].get("accepted", 0) + truth["delivery"].get("duplicate", 0),
        truth["delivery"]["events"],
    )
    check("wrap-up failures", truth["wrap_ups"]["failures"], [])
    print("AGREE" if not problems else f"DISAGREE: {', '.join(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
