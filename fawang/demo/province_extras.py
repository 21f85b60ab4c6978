"""Ratings (好差评, H1-H6) and 12348 calls for a bulk province history, written set-based (issue 7 §8).

`province_extras_write` reads the cases of an id range already in the database (province_history.py wrote them)
and derives, with `INSERT … SELECT` statements, what the real services would have left behind:

* `rating_submit` rows for a share of finished cases (the matter as a whole, `instance_key` ""), participation
  varying by channel and county, five levels skewed to satisfied, rated after the close; the IVR ratings of hotline
  calls forwarded by `call_rating_forward` (`instance_key` "hotline:<call_ref>", channel hotline_ivr);
* for every bad rating the `rectification_open` row and its RectificationStep log, followed through respond,
  report_done (ledger items) and verify as far as the history's end allows: most close on time, some late, some
  are still open;
* one folded `Call` per hotline (12348) case, answered and wrapped up into that case just before its submission,
  plus calls that never became a case (abandoned, or answered and not registered), each with the raw CallEvent
  rows it folds from (queued, ringing, answered, ended, abandoned, rating). Centres (7×24, no staffed-hours table,
  so no call is out of hours) and seats are made with the real `centre_ensure`.

Randomness is a portable integer hash of the case id and the seed (the same on SQLite and PostgreSQL), so the rows
are deterministic; a rerun finds its rows (NOT EXISTS on the natural keys) and adds nothing. The horizon is the
latest submission or close in the range, not the wall clock, for the same reason. Caller numbers come from a pool
of numbers drawn from the seed, encrypted and blind-indexed once each through `pii_encrypt`/`blind_index` (what
the fields do); every encrypted event payload is likewise one of a few hundred pre-encrypted JSON tokens.
Not written (as for the case history): per-row audit entries, notifications, callbacks for dissatisfied calls,
seat sessions (so `Call.agent` is the county's hotline operator, the wrap-up actor), appeals.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from time import perf_counter
from typing import Any, Final

from django.db import connection, transaction
from django.db.models import Count

from fawang.cases.deadlines import LOCAL_TZ, deadline_compute
from fawang.cases.working_calendar import working_calendar
from fawang.core.crypto import blind_index, pii_encrypt
from fawang.demo.bulk import pg_bulk_load

logger = logging.getLogger("fawang.demo.province_extras")

P: Final = 2147483647
POOL: Final = 4096  # distinct caller numbers per run
SEATS: Final = 8  # seats per county centre
# Matter ratings per 1,000 finished cases, by the case's channel (window evaluators rate most, 12345 least).
PARTICIPATION: Final = {
    "window": 560,
    "visit": 520,
    "app": 450,
    "web": 380,
    "referral": 330,
    "hotline": 300,
    "12345": 250,
}
IVR_RATED: Final = 350  # per 1,000 answered calls, the post-call IVR rating (B4)
UNREGISTERED: Final = 130  # answered calls not registered as a case, per 1,000 hotline cases
FINISHED: Final = ("resolved", "closed", "refused", "rejected")  # evaluation.services.FINISHED_STATUSES
TABLES: Final = (
    "hotline_call",
    "hotline_callevent",
    "evaluation_rating",
    "evaluation_rectification",
    "evaluation_rectificationstep",
)
BULK_THRESHOLD: Final = 50_000  # as province_build's bulk_threshold
TEMP: Final = ("fx_county", "fx_pool", "fx_seat", "fx_due", "fx_rect")


@dataclass(frozen=True)
class Dialect:
    pg: bool

    def plus(self, ts: str, seconds: str) -> str:
        if self.pg:
            return f"({ts} + ({seconds}) * interval '1 second')"
        return f"datetime({ts}, ({seconds}) || ' seconds')"

    def seconds(self, later: str, earlier: str) -> str:
        if self.pg:
            return f"CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS bigint)"
        return f"CAST((julianday({later}) - julianday({earlier})) * 86400 AS integer)"

    def local_date(self, ts: str) -> str:
        if self.pg:
            return f"to_char(({ts}) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"
        return f"date({ts}, '+8 hours')"

    def local_day_end(self, day: str) -> str:
        """The end of a local day given as 'YYYY-MM-DD' text (evaluation.services._end_of_local_day)."""
        if self.pg:
            return f"((CAST({day} AS date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')"
        return f"datetime({day}, '+1 day', '-8 hours')"

    def as_date(self, text: str) -> str:
        return f"CAST({text} AS date)" if self.pg else text

    def json(self, text: str) -> str:
        return f"CAST({text} AS jsonb)" if self.pg else text

    def sha256(self, text: str) -> str:
        if self.pg:
            return f"encode(sha256(convert_to({text}, 'UTF8')), 'hex')"
        return f"fx_sha256({text})"

    def ts(self, moment: datetime) -> str:
        text = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        return f"CAST('{text}+00' AS timestamptz)" if self.pg else f"'{text}'"

    @property
    def fence(self) -> str:
        """Keeps the planner from inlining a subquery, which would evaluate each hash column once per use."""
        return " OFFSET 0" if self.pg else " LIMIT -1 OFFSET 0"

    def bool(self, value: bool) -> str:
        return ("TRUE" if value else "FALSE") if self.pg else ("1" if value else "0")


def _hash(expr: str, seed: int, salt: int) -> str:
    """A deterministic draw in [0, 1,000,000) from an integer column: two multiplicative rounds mod 2^31-1, so
    draws with different salts are uncorrelated. Integer arithmetic only, identical on both backends."""
    a = (seed * 7919 + salt * 104729 + 12345) % P
    b = (seed * 31337 + salt * 65537 + 777) % P
    x = f"CAST({expr} AS bigint)"
    h1 = f"((({x} * 48271 + {a}) % {P}) * (({x} * 69621 + {b}) % {P}) % {P})"
    return f"((({h1} % 65521 + {salt + 1}) * ({h1} / 65521 + {seed % 9973 + 1}) % {P}) % 1000000)"


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


@dataclass(frozen=True)
class County:
    prefix: str
    centre_id: int
    centre_code: str
    operator_id: int
    clerk_id: int
    supervisor_id: int
    rule_code: str
    rule_version: int
    participation_offset: int  # per mille, added to PARTICIPATION
    bad_offset: int  # per mille, more bad ratings
    abandon: int  # abandoned calls per 1,000 hotline cases


def _counties(seed: int) -> list[County]:
    """Centres, seats and desk accounts of every county with a 12348 site; county quirks drawn from the seed."""
    from fawang.accounts.models import User
    from fawang.accounts.services import system_actor
    from fawang.core import clock
    from fawang.directory.models import Site, SiteKind
    from fawang.evaluation.rules import rectify_rule_for
    from fawang.hotline.models import HotlineCentre
    from fawang.hotline.services.seats import centre_ensure
    from fawang.regions.models import RegionLevel
    from fawang.supervision.models import Parameter
    from fawang.supervision.parameters import RECTIFY_RULE_KEY, parameter_spec, parameter_value

    actor = system_actor()
    sites = {
        s.region.code[:6]: s
        for s in Site.objects.filter(kind=SiteKind.HOTLINE, region__level=RegionLevel.COUNTY)
        .select_related("region")
        .order_by("-pk")
    }
    prefixes = sorted(sites)
    users = dict(
        User.objects.filter(
            username__in=[f"{kind}_{p}" for p in prefixes for kind in ("hotline", "clerk", "sup")]
        ).values_list("username", "pk")
    )
    # centre_ensure and parameter_value per county only where needed (a rerun finds the centres ready)
    ready = {
        c.site_id: c
        for c in HotlineCentre.objects.filter(site__in=sites.values())
        .annotate(n=Count("seats"))
        .filter(n__gte=SEATS)
    }
    per_region = Parameter.objects.filter(key=RECTIFY_RULE_KEY).exists()
    default = rectify_rule_for(str(parameter_spec(RECTIFY_RULE_KEY).default))
    rng = random.Random(seed * 104_729 + 17)
    out: list[County] = []
    for prefix in sorted(prefixes):
        site = sites[prefix]
        centre = ready.get(site.pk) or centre_ensure(actor=actor, site=site, seats=SEATS)
        rule = default
        if per_region:
            code = parameter_value(key=RECTIFY_RULE_KEY, region=site.region, as_of=clock.local_today())
            rule = rectify_rule_for(str(code))
        out.append(
            County(
                prefix=prefix,
                centre_id=centre.pk,
                centre_code=centre.code,
                operator_id=users.get(f"hotline_{prefix}", actor.pk),
                clerk_id=users.get(f"clerk_{prefix}", actor.pk),
                supervisor_id=users.get(f"sup_{prefix}", actor.pk),
                rule_code=rule.code,
                rule_version=rule.version,
                participation_offset=rng.randint(-100, 100),
                bad_offset=rng.randint(0, 15),
                abandon=rng.randint(15, 75),
            )
        )
    return out


class Writer:
    def __init__(self, *, seed: int, first: int, last: int, dialect: Dialect, cursor: Any) -> None:
        self.seed, self.first, self.last, self.d, self.cur = seed, first, last, dialect, cursor
        self.ref = f"PH{seed}-"

    def u(self, expr: str, salt: int) -> str:
        return _hash(expr, self.seed, salt)

    def run(self, sql: str) -> int:
        started = perf_counter()
        self.cur.execute(sql)  # no parameters: the statements are full of the modulo operator
        logger.info("%.2f s %s", perf_counter() - started, " ".join(sql.split())[:70])
        return max(int(self.cur.rowcount or 0), 0)

    def analyze(self, table: str) -> None:
        if self.d.pg:
            self.run(f"ANALYZE {table}")

    # --- lookup tables ------------------------------------------------------------------------------------
    def temp_tables(self, counties: list[County], system_id: int, start: date, end: date) -> None:
        for name in TEMP:
            self.run(f"DROP TABLE IF EXISTS {name}")
        self.run(
            "CREATE TEMP TABLE fx_county (prefix varchar(6) PRIMARY KEY, centre_id bigint, centre_code text, "
            "operator_id bigint, clerk_id bigint, supervisor_id bigint, rule_code text, rule_version integer, "
            "part_offset integer, bad_offset integer, abandon integer, system_id bigint)"
        )
        self.cur.executemany(
            "INSERT INTO fx_county VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    c.prefix,
                    c.centre_id,
                    c.centre_code,
                    c.operator_id,
                    c.clerk_id,
                    c.supervisor_id,
                    c.rule_code,
                    c.rule_version,
                    c.participation_offset,
                    c.bad_offset,
                    c.abandon,
                    system_id,
                )
                for c in counties
            ],
        )
        self._pool()
        self._seats(counties)
        self._due(counties, start, end)
        if self.d.pg:  # temporary tables get no statistics from autovacuum
            self.run("ANALYZE fx_county, fx_pool, fx_seat, fx_due")

    def _token(self, payload: dict[str, str]) -> str:
        """EncryptedJSONField.get_prep_value, once per distinct payload."""
        return pii_encrypt(json.dumps(payload, ensure_ascii=False, sort_keys=True))

    def _pool(self) -> None:
        rng = random.Random(self.seed * 7_919 + 5)
        numbers = sorted({f"1{rng.randint(3000000000, 9999999999)}" for _ in range(POOL)})
        while len(numbers) < POOL:  # pragma: no cover - collisions among 7·10^9 numbers are vanishingly rare
            numbers = sorted({*numbers, f"1{rng.randint(3000000000, 9999999999)}"})
        self.run(
            "CREATE TEMP TABLE fx_pool (idx integer PRIMARY KEY, token text, bidx varchar(64), queued text)"
        )
        started = perf_counter()
        self.cur.executemany(
            "INSERT INTO fx_pool VALUES (%s, %s, %s, %s)",
            [
                (i, pii_encrypt(n), blind_index(n.strip()), self._token({"caller": n}))
                for i, n in enumerate(numbers)
            ],
        )
        logger.info("%.2f s caller pool (encryption)", perf_counter() - started)
        self.run("CREATE INDEX fx_pool_bidx ON fx_pool (bidx)")
        self.constants = {
            "abandoned": self._token({}),
            "ended_caller": self._token({"by": "caller"}),
            "ended_agent": self._token({"by": "agent"}),
            **{f"key{k}": self._token({"key": k}) for k in ("1", "2", "3")},
        }

    def _seats(self, counties: list[County]) -> None:
        from fawang.hotline.models import Seat

        self.run(
            "CREATE TEMP TABLE fx_seat (centre_id bigint, n integer, seat_id bigint, payload text, "
            "PRIMARY KEY (centre_id, n))"
        )
        tokens = {f"S{n:02d}": self._token({"seat": f"S{n:02d}"}) for n in range(1, SEATS + 1)}
        rows = [
            (centre_id, int(code[1:]) - 1, pk, tokens[code])
            for pk, centre_id, code in Seat.objects.filter(
                centre_id__in=[c.centre_id for c in counties], code__in=list(tokens)
            ).values_list("pk", "centre_id", "code")
        ]
        self.cur.executemany("INSERT INTO fx_seat VALUES (%s, %s, %s, %s)", rows)

    def _due(self, counties: list[County], start: date, end: date) -> None:
        """The rectification due time of a day-unit rule depends only on the local start date (as DueCalculator
        in province_history.py): computed once per rule and day with the pure deadline_compute."""
        from fawang.evaluation.rules import rectify_rule_for

        self.run(
            "CREATE TEMP TABLE fx_due (rule_code text, day varchar(10), due_at timestamp with time zone, "
            "context text, PRIMARY KEY (rule_code, day))"
        )
        started = perf_counter()
        cal = working_calendar()
        rows = []
        for code in sorted({c.rule_code for c in counties}):
            rule = rectify_rule_for(code)
            day = start
            while day <= end:
                due = deadline_compute(
                    rule=rule, start=_local_midnight(day) + timedelta(hours=12), calendar=cal
                ).due_at
                if due is not None:
                    ctx = json.dumps({"rule": rule.code, "due_at": str(due.astimezone(UTC))})
                    rows.append((code, day.isoformat(), connection.ops.adapt_datetimefield_value(due), ctx))
                day += timedelta(days=1)
        self.cur.executemany("INSERT INTO fx_due VALUES (%s, %s, %s, %s)", rows)
        logger.info("%.2f s due times (%d days)", perf_counter() - started, len(rows))

    # --- the case window shared by every statement -------------------------------------------------------
    def cases(self, where: str, draws: int) -> str:
        """Cases of the range joined to their county, with `draws` hash columns u1..uN."""
        us = ", ".join(f"{self.u('c.id', i)} AS u{i}" for i in range(1, draws + 1))
        return (
            "(SELECT c.id, c.region_id, c.requester_id, c.channel, c.service_type, c.status, c.category, "  # noqa: S608 - code constants and integers only
            "c.description, c.submitted_at, c.closed_at, c.handler_site_id, c.handler_institution_id, "
            "c.handler_practitioner_id, k.*, "
            f"{us} FROM cases_case c JOIN regions_region r ON r.id = c.region_id "
            "JOIN fx_county k ON k.prefix = substr(r.code, 1, 6) "
            f"WHERE c.id BETWEEN {int(self.first)} AND {int(self.last)} AND {where}{self.d.fence})"
        )

    # --- calls --------------------------------------------------------------------------------------------
    def calls(self) -> int:
        d = self.d
        ref = f"'{self.ref}' || CAST(t.id AS text)"
        end = d.plus("t.submitted_at", "-(45 + t.u1 % 240)")  # wrap-up takes the agent 45 s to 5 min
        answered = d.plus(end, "-(60 + (t.u2 % 1000) * (t.u2 % 1000) / 900)")  # talk 1-19 min, mostly short
        ringing = d.plus(answered, "-(3 + t.u3 % 8)")
        offered = d.plus(ringing, "-(CASE WHEN t.u3 % 100 < 75 THEN 0 ELSE 5 + t.u4 % 60 END)")
        rated = f"(t.u5 % 1000 < {IVR_RATED})"
        key = "(CASE WHEN t.u6 % 1000 < 800 THEN '1' WHEN t.u6 % 1000 < 955 - t.bad_offset THEN '2' ELSE '3' END)"
        level = (
            f"(CASE {key} WHEN '1' THEN 'satisfied' WHEN '2' THEN 'fairly_satisfied' ELSE 'dissatisfied' END)"
        )
        pool = f"(COALESCE(t.requester_id, t.id) * 7 + {self.seed}) % {POOL}"
        n = self.run(
            self._call_insert()  # noqa: S608 - code constants and integers only
            + f"""
            SELECT {offered}, t.submitted_at, {ref}, t.centre_id, p.token, p.bidx, 'ended', {offered}, {ringing},
                {answered}, {end}, NULL, s.seat_id, s.seat_id, s.seat_id, t.operator_id,
                CASE WHEN t.u7 % 10 < 6 THEN 'caller' ELSE 'agent' END, {d.json("'[]'")}, {d.json("'[]'")}, '', '',
                CASE WHEN {rated} THEN {key} ELSE '' END, CASE WHEN {rated} THEN {level} ELSE '' END,
                CASE WHEN {rated} THEN {d.plus(end, "15 + t.u7 % 25")} END, {d.bool(False)},
                CASE WHEN {rated} THEN 5 ELSE 4 END,
                CASE WHEN t.service_type IN ('consultation', 'complaint', 'suggestion') THEN t.service_type
                     ELSE 'consultation' END,
                substr(t.category, 1, 20), t.description, {end}, 1,
                CASE WHEN t.handler_site_id IS NOT NULL OR t.handler_institution_id IS NOT NULL
                          OR t.handler_practitioner_id IS NOT NULL THEN 'dispatched'
                     WHEN t.service_type = 'consultation' AND t.status IN ('resolved', 'closed') THEN 'answered'
                     ELSE '' END,
                '', t.id, t.operator_id, t.submitted_at, CASE WHEN {rated} THEN t.submitted_at END
            FROM {self.cases("c.channel = 'hotline'", 7)} t
            JOIN fx_pool p ON p.idx = {pool}
            JOIN fx_seat s ON s.centre_id = t.centre_id AND s.n = t.u4 % {SEATS}
            WHERE NOT EXISTS (SELECT 1 FROM hotline_call h WHERE h.call_ref = {ref})
            """  # noqa: S608 - code constants and integers only
        )
        return n + self._other_calls()

    def _call_insert(self) -> str:
        return (
            "INSERT INTO hotline_call (created_at, updated_at, call_ref, centre_id, caller_number, "
            "caller_number_bidx, state, offered_at, ringing_at, answered_at, ended_at, abandoned_at, "
            "ringing_seat_id, seat_id, current_seat_id, agent_id, ended_by, transfers, ivr_choices, recording_url, "
            "message_url, rating_key, rating, rated_at, out_of_hours, event_count, contact_type, category, notes, "
            "notes_saved_at, notes_revision, disposition, transfer_target, case_id, handled_by_id, wrapped_up_at, "
            "rating_forwarded_at)"
        )

    def _other_calls(self) -> int:
        """Calls beside each hotline case that did not become one: abandoned in the queue (the county's rate),
        or answered and never registered (wrong numbers, silent or dropped calls). Earlier the same day."""
        d = self.d
        ref = f"'{self.ref}' || CAST(t.id AS text) || '-b'"
        abandoned = "(t.u1 % 1000 < t.abandon)"
        offered = d.plus("t.submitted_at", "-(1800 + t.u2 % 30000)")
        ringing = d.plus(offered, "CASE WHEN t.u3 % 100 < 70 THEN 0 ELSE 5 + t.u3 % 50 END")
        answered = d.plus(ringing, "3 + t.u4 % 8")
        gone = d.plus(offered, "8 + t.u4 % 110")
        end = d.plus(answered, "15 + t.u5 % 150")
        rated = f"(NOT {abandoned} AND t.u6 % 1000 < {IVR_RATED - 100})"
        key = "(CASE WHEN t.u7 % 1000 < 760 THEN '1' WHEN t.u7 % 1000 < 940 - t.bad_offset THEN '2' ELSE '3' END)"
        level = (
            f"(CASE {key} WHEN '1' THEN 'satisfied' WHEN '2' THEN 'fairly_satisfied' ELSE 'dissatisfied' END)"
        )
        # half are the same caller as the case (called before, got through later), half someone else
        pool = f"(CASE WHEN t.u3 % 2 = 0 THEN COALESCE(t.requester_id, t.id) ELSE t.id + 1 END * 7 + {self.seed}) % {POOL}"
        return self.run(
            self._call_insert()  # noqa: S608 - code constants and integers only
            + f"""
            SELECT {offered}, CASE WHEN {abandoned} THEN {gone} ELSE {end} END, {ref}, t.centre_id, p.token, p.bidx,
                CASE WHEN {abandoned} THEN 'abandoned' ELSE 'ended' END, {offered},
                CASE WHEN {abandoned} THEN NULL ELSE {ringing} END,
                CASE WHEN {abandoned} THEN NULL ELSE {answered} END,
                CASE WHEN {abandoned} THEN NULL ELSE {end} END,
                CASE WHEN {abandoned} THEN {gone} END,
                CASE WHEN {abandoned} THEN NULL ELSE s.seat_id END, CASE WHEN {abandoned} THEN NULL ELSE s.seat_id END,
                CASE WHEN {abandoned} THEN NULL ELSE s.seat_id END, CASE WHEN {abandoned} THEN NULL ELSE t.operator_id END,
                CASE WHEN {abandoned} THEN '' ELSE 'caller' END, {d.json("'[]'")}, {d.json("'[]'")}, '', '',
                CASE WHEN {rated} THEN {key} ELSE '' END, CASE WHEN {rated} THEN {level} ELSE '' END,
                CASE WHEN {rated} THEN {d.plus(end, "15 + t.u7 % 25")} END, {d.bool(False)},
                CASE WHEN {abandoned} THEN 2 WHEN {rated} THEN 5 ELSE 4 END,
                '', '', '', NULL, 0, '', '', NULL, NULL, NULL, NULL
            FROM {self.cases("c.channel = 'hotline'", 7)} t
            JOIN fx_pool p ON p.idx = {pool}
            JOIN fx_seat s ON s.centre_id = t.centre_id AND s.n = t.u5 % {SEATS}
            WHERE t.u1 % 1000 < t.abandon + {UNREGISTERED}
              AND NOT EXISTS (SELECT 1 FROM hotline_call h WHERE h.call_ref = {ref})
            """  # noqa: S608 - code constants and integers only
        )

    def call_events(self) -> int:
        """The raw events each new call folds from (fold.call_fold gives back the Call row's folded fields)."""
        d = self.d
        parts = [
            ("queued", "h.offered_at", "p.queued", "JOIN fx_pool p ON p.bidx = h.caller_number_bidx", ""),
            ("ringing", "h.ringing_at", "s.payload", "JOIN fx_seat s ON s.seat_id = h.ringing_seat_id", ""),
            ("answered", "h.answered_at", "s.payload", "JOIN fx_seat s ON s.seat_id = h.seat_id", ""),
            (
                "abandoned",
                "h.abandoned_at",
                self.lit("abandoned"),
                "",
                "AND h.abandoned_at IS NOT NULL",
            ),
            (
                "ended",
                "h.ended_at",
                f"CASE WHEN h.ended_by = 'caller' THEN {self.lit('ended_caller')} ELSE {self.lit('ended_agent')} END",
                "",
                "AND h.ended_at IS NOT NULL",
            ),
            (
                "rating",
                "h.rated_at",
                f"CASE h.rating_key WHEN '1' THEN {self.lit('key1')} WHEN '2' THEN {self.lit('key2')} "
                f"ELSE {self.lit('key3')} END",
                "",
                "AND h.rating_key <> ''",
            ),
        ]
        selects = []
        for kind, at, data, join, cond in parts:
            event_id = f"h.call_ref || ':{kind}'"
            selects.append(
                f"SELECT {event_id}, h.call_ref, k.centre_code, '{kind}', {at}, {d.plus(at, '1')}, {data}, "  # noqa: S608 - code constants and integers only
                f"{d.sha256(event_id + ' || ' + self._text_ts(at))} "
                f"FROM hotline_call h JOIN fx_county k ON k.centre_id = h.centre_id {join} "
                f"WHERE h.call_ref LIKE '{self.ref}%' {cond} "
                "AND NOT EXISTS (SELECT 1 FROM hotline_callevent e WHERE e.call_ref = h.call_ref)"
            )
        return self.run(
            "INSERT INTO hotline_callevent (event_id, call_ref, centre_code, type, occurred_at, received_at, data, "
            "body_sha256) " + " UNION ALL ".join(selects)
        )

    def lit(self, name: str) -> str:
        """A pre-encrypted payload as a literal (Fernet tokens are URL-safe base64: no quotes)."""
        return f"'{self.constants[name]}'"

    def _text_ts(self, ts: str) -> str:
        return f"to_char({ts}, 'YYYY-MM-DD HH24:MI:SS')" if self.d.pg else ts

    # --- ratings ------------------------------------------------------------------------------------------
    def ratings(self, as_of: str) -> int:
        d = self.d
        part = " ".join(f"WHEN '{ch}' THEN {v}" for ch, v in PARTICIPATION.items())
        boost = (
            "(CASE WHEN t.status IN ('refused', 'rejected') OR t.service_type = 'complaint' THEN 40 ELSE 0 END"
            " + t.bad_offset)"
        )
        lv = f"(t.u2 % 1000 - {boost})"
        level = f"(CASE WHEN {lv} < 10 THEN 1 WHEN {lv} < 32 THEN 2 WHEN {lv} < 115 THEN 3 WHEN {lv} < 400 THEN 4 ELSE 5 END)"
        rchannel = (
            "(CASE WHEN t.channel IN ('window', 'visit') THEN "
            "  (CASE WHEN t.u3 % 10 < 7 THEN 'window' WHEN t.u3 % 10 < 9 THEN 'sms' ELSE 'kiosk' END) "
            " WHEN t.channel = 'web' THEN (CASE WHEN t.u3 % 10 < 7 THEN 'web' ELSE 'sms' END) "
            " WHEN t.channel = 'app' THEN (CASE WHEN t.u3 % 10 < 8 THEN 'app' ELSE 'sms' END) "
            " WHEN t.channel = 'referral' THEN (CASE WHEN t.u3 % 10 < 6 THEN 'sms' ELSE 'window' END) "
            " ELSE 'sms' END)"
        )
        rated_at = d.plus("t.closed_at", "600 + (t.u5 % 1000) * (t.u5 % 1000) * 6 / 10")
        real = "(t.requester_id IS NOT NULL AND t.u4 % 100 >= 20)"
        comment = (
            f"(CASE WHEN {level} <= 2 THEN (CASE t.u6 % 4 WHEN 0 THEN '办理时间太长，多次催问才有答复。' "
            "WHEN 1 THEN '工作人员态度不好，解释不清楚。' WHEN 2 THEN '对处理结果不满意。' ELSE '' END) "
            f"WHEN {level} = 5 AND t.u6 % 5 = 0 THEN '服务热情，解答专业，谢谢！' ELSE '' END)"
        )
        matter = self.run(
            self._rating_insert()  # noqa: S608 - code constants and integers only
            + f"""
            SELECT {rated_at}, {rated_at}, t.id, '', {level}, {self._grade(level)}, {rchannel}, {comment}, {real},
                CASE WHEN {real} THEN t.requester_id END, NULL,
                CASE WHEN {rchannel} = 'window' THEN t.clerk_id ELSE t.system_id END, {rated_at}, t.region_id,
                t.service_type, t.channel, t.handler_site_id, t.handler_institution_id, t.handler_practitioner_id,
                'valid', NULL, ''
            FROM {self.cases("c.status IN ('resolved', 'closed', 'refused', 'rejected') AND c.closed_at IS NOT NULL", 6)} t
            WHERE t.u1 % 1000 < (CASE t.channel {part} ELSE 300 END) + t.part_offset
              AND {rated_at} <= {as_of}
              AND NOT EXISTS (SELECT 1 FROM evaluation_rating x WHERE x.case_id = t.id AND x.instance_key = '')
            """  # noqa: S608 - code constants and integers only
        )
        return matter + self._ivr_ratings()

    def _rating_insert(self) -> str:
        return (
            "INSERT INTO evaluation_rating (created_at, updated_at, case_id, instance_key, level, grade, channel, "
            "comment, real_name, rater_person_id, rater_user_id, recorded_by_id, rated_at, region_id, "
            "service_type, case_channel, handler_site_id, handler_institution_id, handler_practitioner_id, state, "
            "voided_at, void_reason)"
        )

    @staticmethod
    def _grade(level: str) -> str:
        return f"(CASE WHEN {level} >= 4 THEN 'good' WHEN {level} = 3 THEN 'neutral' ELSE 'bad' END)"

    def _ivr_ratings(self) -> int:
        """call_rating_forward at wrap-up: the IVR key onto the five levels (1→4, 2→3, 3→2), per call instance."""
        level = "(CASE h.rating WHEN 'satisfied' THEN 4 WHEN 'fairly_satisfied' THEN 3 ELSE 2 END)"
        key = "substr('hotline:' || h.call_ref, 1, 64)"
        return self.run(
            self._rating_insert()  # noqa: S608 - code constants and integers only
            + f"""
            SELECT h.rating_forwarded_at, h.rating_forwarded_at, c.id, {key}, {level}, {self._grade(level)},
                'hotline_ivr', '', c.requester_id IS NOT NULL, c.requester_id, NULL, h.handled_by_id,
                h.rating_forwarded_at, c.region_id, c.service_type, c.channel, c.handler_site_id,
                c.handler_institution_id, c.handler_practitioner_id, 'valid', NULL, ''
            FROM hotline_call h JOIN cases_case c ON c.id = h.case_id
            WHERE h.case_id BETWEEN {int(self.first)} AND {int(self.last)} AND h.call_ref LIKE '{self.ref}%'
              AND h.rating_forwarded_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM evaluation_rating x WHERE x.case_id = c.id AND x.instance_key = {key})
            """  # noqa: S608 - code constants and integers only
        )

    # --- rectifications -----------------------------------------------------------------------------------
    def rectifications(self, as_of: str) -> tuple[int, int]:
        """rectification_open for every new bad rating, then its life up to the horizon: 82 % verified and
        closed before the effective deadline, 10 % closed late, 8 % left open past it."""
        d = self.d
        opened = "x.rated_at"
        fate = "(x.u1 % 1000)"  # < 820 on time, < 920 late, else left open
        outcome = (
            f"(CASE WHEN x.u2 % 100 < 40 THEN 'fix_now' WHEN x.u2 % 100 < 70 OR {fate} >= 820 THEN 'explain' "
            "ELSE 'fix_by_deadline' END)"
        )
        ledger = d.local_date(d.plus("f.due_at", "86400 * (3 + x.u3 % 20)"))
        self.run(
            f"""
            CREATE TEMP TABLE fx_rect AS
            SELECT x.id AS rating_id, x.case_id, x.region_id, x.recorded_by_id, x.real_name, x.clerk_id,
                x.supervisor_id, x.rule_code, x.rule_version, x.institution_id, x.site_id, x.label,
                {opened} AS opened_at, f.due_at, f.context AS open_context, {outcome} AS outcome,
                CASE WHEN {outcome} = 'fix_by_deadline' THEN {ledger} END AS ledger,
                {fate} AS fate, x.u3, x.u4, x.u5
            FROM (
                SELECT r.*, k.*, {self.u("r.case_id * 2 + length(r.instance_key)", 21)} AS u1,
                    {self.u("r.case_id * 2 + length(r.instance_key)", 22)} AS u2,
                    {self.u("r.case_id * 2 + length(r.instance_key)", 23)} AS u3,
                    {self.u("r.case_id * 2 + length(r.instance_key)", 24)} AS u4,
                    {self.u("r.case_id * 2 + length(r.instance_key)", 25)} AS u5,
                    {self._owner()}
                FROM evaluation_rating r JOIN cases_case c ON c.id = r.case_id
                JOIN regions_region g ON g.id = c.region_id
                JOIN fx_county k ON k.prefix = substr(g.code, 1, 6)
                WHERE r.case_id BETWEEN {int(self.first)} AND {int(self.last)} AND r.grade = 'bad'
                  AND r.state = 'valid'
                  AND NOT EXISTS (SELECT 1 FROM evaluation_rectification q WHERE q.rating_id = r.id)
                {d.fence}
            ) x JOIN fx_due f ON f.rule_code = x.rule_code AND f.day = {d.local_date(opened)}
            """  # noqa: S608 - code constants and integers only
        )
        self.run("ALTER TABLE fx_rect ADD COLUMN effective_due_at timestamp with time zone")
        self.run(
            f"UPDATE fx_rect SET effective_due_at = CASE WHEN ledger IS NULL THEN due_at ELSE {d.local_day_end('ledger')} END"  # noqa: S608 - code constants and integers only
        )
        for column in ("responded_at", "done_at", "verified_at"):
            self.run(f"ALTER TABLE fx_rect ADD COLUMN {column} timestamp with time zone")
        span = d.seconds("effective_due_at", "opened_at")
        # fractions of the span to the effective deadline: respond, report done (ledger items), verify
        f_respond = "CASE WHEN fate < 920 THEN 5 + u3 % 30 ELSE 20 + u3 % 110 END"
        f_done = "40 + u4 % 25"
        f_verify = "CASE WHEN fate < 820 THEN 70 + u5 % 28 ELSE 102 + u5 % 60 END"
        self.run(
            f"""UPDATE fx_rect SET
                responded_at = {d.plus("opened_at", f"{span} * ({f_respond}) / 100")},
                done_at = CASE WHEN outcome = 'fix_by_deadline' THEN {d.plus("opened_at", f"{span} * ({f_done}) / 100")} END,
                verified_at = CASE WHEN fate < 920 THEN {d.plus("opened_at", f"{span} * ({f_verify}) / 100")} END"""  # noqa: S608 - code constants and integers only
        )
        # nothing happens after the history's horizon
        for column in ("responded_at", "done_at", "verified_at"):
            self.run(f"UPDATE fx_rect SET {column} = NULL WHERE {column} > {as_of}")  # noqa: S608 - code constants and integers only
        self.run("UPDATE fx_rect SET done_at = NULL, verified_at = NULL WHERE responded_at IS NULL")
        self.run(
            "UPDATE fx_rect SET verified_at = NULL WHERE outcome = 'fix_by_deadline' AND done_at IS NULL"
        )
        return self._rectification_rows(), self._steps()

    @staticmethod
    def _owner() -> str:
        """evaluation.services._owner: the handling institution, else site, else a service site of the region."""
        fallback = (
            "(SELECT s.id FROM directory_site s WHERE s.region_id = c.region_id "
            "AND s.kind IN ('station', 'centre', 'room') ORDER BY s.kind, s.id LIMIT 1)"
        )
        return (
            "c.handler_institution_id AS institution_id, "  # noqa: S608 - code constants and integers only
            f"CASE WHEN c.handler_institution_id IS NULL THEN COALESCE(c.handler_site_id, {fallback}) END AS site_id, "
            "COALESCE((SELECT i.name FROM directory_institution i WHERE i.id = c.handler_institution_id), "
            "(SELECT s.name FROM directory_site s WHERE s.id = c.handler_site_id), "
            f"(SELECT s.name FROM directory_site s WHERE s.id = {fallback}), "
            "(SELECT g2.name || '受理单位' FROM regions_region g2 WHERE g2.id = c.region_id)) AS label"
        )

    def _rectification_rows(self) -> int:
        d = self.d
        state = (
            "CASE WHEN verified_at IS NOT NULL THEN 'closed' "
            "WHEN done_at IS NOT NULL THEN 'awaiting_verification' "
            "WHEN responded_at IS NOT NULL AND outcome = 'fix_by_deadline' THEN 'in_progress' "
            "WHEN responded_at IS NOT NULL THEN 'awaiting_verification' ELSE 'open' END"
        )
        reached = "(real_name AND u4 % 100 < 88)"
        last = "COALESCE(verified_at, done_at, responded_at, opened_at)"
        return self.run(
            f"""
            INSERT INTO evaluation_rectification (created_at, updated_at, rating_id, case_id, region_id, real_name,
                owner_institution_id, owner_site_id, owner_label, state, outcome, response, ledger_deadline, rule_code,
                rule_version, opened_at, due_at, effective_due_at, responded_at, finished_at, rater_reached,
                rerating_level, verification_note, verified_by_id)
            SELECT opened_at, {last}, rating_id, case_id, region_id, real_name, institution_id, site_id,
                substr(label, 1, 120),
                {state}, CASE WHEN responded_at IS NULL THEN '' ELSE outcome END,
                CASE WHEN responded_at IS NULL THEN '' ELSE {self._response()} END
                    || CASE WHEN done_at IS NOT NULL THEN '\n【整改完成】已按台账完成整改。' ELSE '' END,
                CASE WHEN responded_at IS NULL THEN NULL ELSE {d.as_date("ledger")} END,
                rule_code, rule_version, opened_at, due_at,
                CASE WHEN responded_at IS NULL THEN due_at ELSE effective_due_at END,
                responded_at, verified_at,
                CASE WHEN verified_at IS NULL THEN NULL ELSE {reached} END,
                CASE WHEN verified_at IS NOT NULL AND {reached} THEN 3 + u5 % 3 END,
                CASE WHEN verified_at IS NULL THEN '' WHEN {reached} THEN '已回访评价人，对整改情况认可。'
                     ELSE '未能联系上评价人，已核实整改措施落实。' END,
                CASE WHEN verified_at IS NULL THEN NULL ELSE supervisor_id END
            FROM fx_rect
            """  # noqa: S608 - code constants and integers only
        )

    @staticmethod
    def _response() -> str:
        return (
            "(CASE outcome WHEN 'fix_now' THEN '已当面致歉并立即纠正。' "
            "WHEN 'explain' THEN '已向评价人解释办理依据和流程。' ELSE '列入整改台账，限期整改。' END)"
        )

    def _steps(self) -> int:
        d = self.d
        reached = "(x.real_name AND x.u4 % 100 < 88)"
        rerate = f"CASE WHEN {reached} THEN CAST(3 + x.u5 % 3 AS text) ELSE 'null' END"
        respond_ctx = (
            "CASE WHEN x.outcome = 'fix_by_deadline' "
            'THEN \'{"outcome": "fix_by_deadline", "ledger_deadline": "\' || x.ledger || \'"}\' '
            "ELSE '{\"outcome\": \"' || x.outcome || '\"}' END"
        )
        verify_ctx = (
            f"'{{\"reached\": ' || CASE WHEN {reached} THEN 'true' ELSE 'false' END || "
            f"', \"rectified\": true, \"rerating_level\": ' || {rerate} || '}}'"
        )
        base = "FROM fx_rect x JOIN evaluation_rectification q ON q.rating_id = x.rating_id"
        respond_to = (
            "CASE WHEN x.outcome = 'fix_by_deadline' THEN 'in_progress' ELSE 'awaiting_verification' END"
        )
        verify_note = f"CASE WHEN {reached} THEN '已回访评价人，对整改情况认可。' ELSE '未能联系上评价人，已核实整改措施落实。' END"
        selects = [
            f"SELECT q.id, x.opened_at, x.recorded_by_id, 'open', '', 'open', '', {d.json('x.open_context')} {base}",
            f"SELECT q.id, x.responded_at, x.clerk_id, 'respond', 'open', {respond_to}, {self._response().replace('outcome', 'x.outcome')}, "
            f"{d.json(respond_ctx)} {base} WHERE x.responded_at IS NOT NULL",
            f"SELECT q.id, x.done_at, x.clerk_id, 'report_done', 'in_progress', 'awaiting_verification', "
            f"'已按台账完成整改。', {d.json(chr(39) + '{}' + chr(39))} {base} WHERE x.done_at IS NOT NULL",
            f"SELECT q.id, x.verified_at, x.supervisor_id, 'verify', 'awaiting_verification', 'closed', {verify_note}, "
            f"{d.json(verify_ctx)} {base} WHERE x.verified_at IS NOT NULL",
        ]
        return self.run(
            "INSERT INTO evaluation_rectificationstep (rectification_id, at, actor_id, action, from_state, to_state, "
            "note, context) " + " UNION ALL ".join(selects)
        )


def _sqlite_functions() -> None:
    raw = connection.connection
    raw.create_function(
        "fx_sha256", 1, lambda s: hashlib.sha256(str(s).encode()).hexdigest(), deterministic=True
    )


def province_extras_write(
    *, seed: int, first_case_id: int, last_case_id: int, bulk_threshold: int = BULK_THRESHOLD
) -> dict[str, int]:
    """Ratings, rectifications and hotline calls for the cases first_case_id..last_case_id (see the module
    docstring). Returns the rows written per table; a rerun for the same range writes nothing.

    Ranges of `bulk_threshold` cases or more drop and rebuild the five tables' secondary indexes and foreign keys
    around the load on PostgreSQL (bulk.pg_bulk_load, ADR 0071), like the case history itself: use a fresh or
    dedicated database for such loads."""
    from django.db.models import Max, Min

    from fawang.accounts.services import system_actor
    from fawang.cases.models import Case
    from fawang.evaluation.models import Rating

    counts = dict.fromkeys(TABLES, 0)
    with transaction.atomic():
        span = Case.objects.filter(pk__gte=first_case_id, pk__lte=last_case_id)
        agg = span.aggregate(
            first=Min("submitted_at"), last_sub=Max("submitted_at"), last_close=Max("closed_at")
        )
        if agg["first"] is None:
            return counts
        as_of = max(x for x in (agg["last_sub"], agg["last_close"]) if x is not None)
        started = perf_counter()
        counties = _counties(seed)
        logger.info("%.2f s counties, centres and seats", perf_counter() - started)
        if not counties:
            return counts
        dialect = Dialect(pg=connection.vendor == "postgresql")
        connection.ensure_connection()
        if not dialect.pg:
            _sqlite_functions()
        with connection.cursor() as cursor:
            w = Writer(seed=seed, first=first_case_id, last=last_case_id, dialect=dialect, cursor=cursor)
            first_day = agg["first"].astimezone(LOCAL_TZ).date() - timedelta(days=1)
            w.temp_tables(
                counties, system_actor().pk, first_day, as_of.astimezone(LOCAL_TZ).date() + timedelta(days=10)
            )
            logger.info("%.2f s lookup tables", perf_counter() - started)
            horizon = dialect.ts(as_of)
            bulk = (
                dialect.pg
                and last_case_id - first_case_id + 1 >= bulk_threshold
                and not Rating.objects.filter(case_id__gte=first_case_id, case_id__lte=last_case_id).exists()
            )  # a rerun writes nothing: no point rebuilding the indexes
            with pg_bulk_load(tables=TABLES, enabled=bulk):
                if dialect.pg:  # set-based statements over whole tables: hash joins, never a loop per row
                    cursor.execute("SET LOCAL enable_nestloop = off")
                counts["hotline_call"] = w.calls()
                w.analyze("hotline_call")  # the next statements join the new rows: plan with their real count
                counts["hotline_callevent"] = w.call_events()
                counts["evaluation_rating"] = w.ratings(horizon)
                w.analyze("evaluation_rating")
                counts["evaluation_rectification"], counts["evaluation_rectificationstep"] = w.rectifications(
                    horizon
                )
                if dialect.pg:
                    cursor.execute("RESET enable_nestloop")
                started = perf_counter()
            logger.info("%.2f s indexes and foreign keys", perf_counter() - started)
            for name in TEMP:
                cursor.execute(f"DROP TABLE IF EXISTS {name}")
    return counts
