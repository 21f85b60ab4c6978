"""Demo data (issue 2 §8): the demo county's legal-aid roster (O8) with weights, an out-of-hours rota for the
coming rest days (X3), and half a year of allocations through the roster, so the fairness table has something to
show. Everything is entered through the legal-aid and roster services by the county's aid reviewer. Idempotent."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.selectors import case_roles_for_user
from fawang.cases.working_calendar import working_calendar
from fawang.core import clock
from fawang.directory.models import PractitionerKind
from fawang.eligibility.engine import Matter
from fawang.legal_aid import services as aid
from fawang.legal_aid.codes import IntakeKind, NotifierKind
from fawang.legal_aid.demo import MATTERS
from fawang.legal_aid.models import AllocationMethod, AllocationPool, LegalAidApplication, RosterEntry
from fawang.legal_aid.roster_selectors import allocation_counts, roster_addable_practitioners, window_start
from fawang.legal_aid.roster_services import aid_allocation_suggest, duty_shift_add, roster_entry_set
from fawang.people.services import person_register
from fawang.regions.models import Region

ROTA_DAYS = 14

# Half a year of matters through the roster (X3): as many as it takes for every rostered person to have had at least
# their weight in matters within the window, so the fairness table has no empty rows and shows the weights at work.
# A few civil matters set the suggestion aside with a reason, and two are course corrections.
HISTORY_DAYS = 180
OVERRIDES = 3
COURSE_CORRECTIONS = 2
OVERRIDE_REASONS = (
    "受援人此前的案件由该律师代理，希望继续由其承办。",
    "案件涉及工伤认定，该人员长期办理同类案件。",
    "受援人年迈行动不便，指派离其住所最近的人员。",
)
CORRECTION_REASON = "指派后发现原指派人员与本案存在利益冲突，纠正指派。"
TITLES = {
    Matter.LABOUR_RELATION_OR_PAY: "追讨拖欠工资",
    Matter.PERSONAL_INJURY: "交通事故人身损害赔偿",
    Matter.MAINTENANCE: "追索赡养费",
    Matter.SOCIAL_INSURANCE_OR_ASSISTANCE: "请求工伤保险待遇",
}
SURNAMES = "王 李 张 刘 陈 杨 黄 赵 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 谭 冉 向 秦".split()
GIVEN = "秀英 桂兰 建华 志明 国强 玉梅 德胜 小红 海燕 文斌 春花 明亮 家福 永红 淑珍 光荣".split()
NOTIFIERS = (  # after the county's name
    (NotifierKind.POLICE, "公安局"),
    (NotifierKind.PROCURATORATE, "人民检察院"),
    (NotifierKind.COURT, "人民法院"),
)


def roster_demo_build(*, actor: User, county: Region) -> None:
    if RosterEntry.objects.filter(region=county).exists():
        return
    lawyers = []
    for practitioner in roster_addable_practitioners(county=county):
        lawyer = practitioner.kind == PractitionerKind.LAWYER
        # Aid-centre staff carry a double share; grassroots legal workers take civil and administrative matters only.
        weight = 2 if practitioner.kind == PractitionerKind.LEGAL_AID_STAFF else 1
        roster_entry_set(
            actor=actor,
            county=county,
            practitioner_id=practitioner.pk,
            weight=weight,
            criminal=lawyer,
            civil=True,
        )
        if lawyer:
            lawyers.append(practitioner)
    calendar, today = working_calendar(), clock.local_today()
    rest_days = [
        d for d in (today + timedelta(days=n) for n in range(ROTA_DAYS)) if not calendar.is_working_day(d)
    ]
    for n, day in enumerate(rest_days if lawyers else []):
        duty_shift_add(actor=actor, county=county, practitioner_id=lawyers[n % len(lawyers)].pk, on_date=day)


@dataclass(frozen=True)
class _Matter:
    assign_at: datetime  # in office hours of a working day, so the whole roster answers (no rota)
    criminal: bool


class _AllocationHistory:
    """The county's aid matters of the last half year, each suggested by the engine and assigned (X3); a few set
    the suggestion aside with a reason, two are course corrections, older ones are closed."""

    def __init__(
        self, *, rng: random.Random, reviewer: User, county: Region, villages: Sequence[Region]
    ) -> None:
        self.rng = rng
        self.county = county
        self.reviewer = reviewer
        self.villages = villages
        self.calendar = working_calendar()
        self.now = clock.now()

    def working_moment(self, days_ago: float) -> datetime:
        """A moment in office hours on the last working day at least ``days_ago`` days back."""
        day = clock.to_local(self.now - timedelta(days=days_ago)).date()
        while not self.calendar.is_working_day(day):
            day -= timedelta(days=1)
        minutes = self.rng.randrange(7 * 60)  # 09:00-16:00
        return datetime.combine(day, time(9), tzinfo=clock.LOCAL_TZ) + timedelta(minutes=minutes)

    def plan(self, *, civil: int, criminal: int) -> list[_Matter]:
        kinds = [False] * civil + [True] * criminal
        matters = [_Matter(self.working_moment(self.rng.uniform(2, HISTORY_DAYS)), k) for k in kinds]
        return sorted(matters, key=lambda m: m.assign_at)

    def application(self, matter: _Matter) -> LegalAidApplication:
        village = self.rng.choice(self.villages)
        person = person_register(
            actor=self.reviewer,
            name=self.rng.choice(SURNAMES) + self.rng.choice(GIVEN),
            phone=f"1{self.rng.randint(3000000000, 9999999999)}",
            region=village,
        )
        if matter.criminal:  # C9, Art.36: the notice is accepted for assignment at once
            kind, organ = self.rng.choice(NOTIFIERS)
            return aid.aid_application_submit(
                actor=self.reviewer,
                region=village,
                requester=person,
                title="通知辩护：涉嫌盗窃罪",
                intake_kind=IntakeKind.NOTICE,
                details=aid.AidDetails(
                    matter=Matter.CRIMINAL_DEFENCE,
                    facts_and_reasons="犯罪嫌疑人家庭经济困难，没有委托辩护人。",
                    notifier_kind=kind,
                    notifier_name=f"{self.county.name}{organ}",
                    notice_number=f"{self.county.name[:1]}法援通〔{matter.assign_at.year}〕{self.rng.randint(10, 999)}号",
                ),
            )
        code, facts = self.rng.choice(MATTERS)
        app = aid.aid_application_submit(
            actor=self.reviewer,
            region=village,
            requester=person,
            title=TITLES.get(code, "申请法律援助"),
            details=aid.AidDetails(
                matter=code,
                facts_and_reasons=facts,
                monthly_income_per_capita=Decimal(self.rng.choice([680, 920, 1150])),
                household_size=3,
                has_large_assets=False,
                verification_mode="pledge",
            ),
        )
        aid.aid_accept(actor=self.reviewer, application=app)
        return app

    def one(self, matter: _Matter, *, override: bool, correct: bool) -> None:
        received = matter.assign_at - timedelta(days=self.rng.randint(1, 4), hours=3)
        with clock.travel(received):
            app = self.application(matter)
        with clock.travel(matter.assign_at - timedelta(minutes=30)):
            if not matter.criminal:
                aid.aid_grant(actor=self.reviewer, application=app, reasons="经审查符合法律援助条件。")
        with clock.travel(matter.assign_at):
            suggestion = aid_allocation_suggest(actor=self.reviewer, application=app, rng=self.rng)
            if suggestion.practitioner is None:
                return
            chosen, method, reason = suggestion.practitioner.pk, "", ""
            others = [
                c.practitioner_id for c in suggestion.situation.candidates if c.practitioner_id != chosen
            ]
            if override and others:
                chosen, method = self.rng.choice(others), AllocationMethod.MANUAL
                reason = self.rng.choice(OVERRIDE_REASONS)
            aid.aid_assign(
                actor=self.reviewer,
                application=app,
                practitioner_id=chosen,
                method=method,
                override_reason=reason,
            )
        app.case.refresh_from_db()  # the handler now assigned, whom the next suggestion leaves out
        if correct:
            with clock.travel(matter.assign_at + timedelta(days=1)):
                suggestion = aid_allocation_suggest(actor=self.reviewer, application=app, rng=self.rng)
                if suggestion.practitioner is not None:
                    aid.aid_reassign(
                        actor=self.reviewer,
                        application=app,
                        practitioner_id=suggestion.practitioner.pk,
                        reason=CORRECTION_REASON,
                        method=AllocationMethod.COURSE_CORRECTION,
                        override_reason=CORRECTION_REASON,
                    )
        self.progress(app, matter.assign_at + timedelta(days=2), close=not matter.criminal)

    def progress(self, app: LegalAidApplication, start: datetime, *, close: bool) -> None:
        """Started two days after the assignment; a civil matter is closed and archived some weeks later if that is
        past (a defence runs with the criminal proceedings, so it is left in progress)."""
        if start >= self.now:
            return
        app.case.refresh_from_db()
        handler = app.case.handler_practitioner
        if handler is None:
            return
        # A grassroots legal worker's account has no aid-lawyer role on the case: the centre records the steps.
        actor = handler.user or self.reviewer
        if not case_roles_for_user(user=actor, case=app.case) & {Role.AID_LAWYER, Role.AID_REVIEWER}:
            actor = self.reviewer
        with clock.travel(start):
            aid.aid_start(actor=actor, application=app)
        closed = start + timedelta(days=self.rng.randint(20, 60))
        if not close or closed + timedelta(days=3) >= self.now:
            return
        app.case.refresh_from_db()
        with clock.travel(closed):
            aid.aid_closing_submit(
                actor=actor,
                application=app,
                report="已会见受援人，调查取证，代理其参加诉讼（仲裁）。",
                result="调解结案" if self.rng.random() < 0.5 else "判决支持受援人主要请求",
                matter_ended_on=clock.local_today() - timedelta(days=1),
                files=[SimpleUploadedFile("结案文书.txt", "结案文书（演示）".encode(), "text/plain")],
            )
        with clock.travel(closed + timedelta(days=2)):
            aid.aid_archive(actor=self.reviewer, application=app)

    def build(self, *, civil: int, criminal: int) -> int:
        matters = self.plan(civil=civil, criminal=criminal)
        civil_ones = [i for i, m in enumerate(matters) if not m.criminal]
        picked = self.rng.sample(civil_ones, min(len(civil_ones), OVERRIDES + COURSE_CORRECTIONS))
        overrides, corrections = set(picked[:OVERRIDES]), set(picked[OVERRIDES:])
        for i, matter in enumerate(matters):
            self.one(matter, override=i in overrides, correct=i in corrections)
        return len(matters)


def _shortfall(county: Region, pool: AllocationPool) -> int:
    """Matters the pool needs before each of its active takers has had at least their weight in matters counted in
    the window (the engine gives the next matter to whoever is furthest below their share, so that many do it)."""
    takers = RosterEntry.objects.filter(region=county, active=True)
    takers = takers.filter(criminal=True) if pool == AllocationPool.CRIMINAL else takers.filter(civil=True)
    counted = allocation_counts(
        county=county.code[:6], pool=pool, since=window_start(), exclude_application=None
    )
    return sum(max(0, e.weight - counted[e.practitioner_id]) for e in takers)


def roster_demo_history_build(
    *, rng: random.Random, reviewer: User, county: Region, villages: Sequence[Region]
) -> int:
    """X3: the last half year of the county's aid matters, allocated through the roster on top of the matters
    already assigned in the window; returns how many were entered (none when the county has no roster, or has had
    matters allocated by suggestion already)."""
    if LegalAidApplication.objects.filter(
        case__region__code__startswith=county.code[:6], assignments__method=AllocationMethod.SUGGESTED
    ).exists():
        return 0
    criminal = _shortfall(county, AllocationPool.CRIMINAL)
    civil = _shortfall(county, AllocationPool.CIVIL)
    history = _AllocationHistory(rng=rng, reviewer=reviewer, county=county, villages=villages)
    # The overrides go to someone other than the suggestion, so as many more matters keep the shortfall filled.
    return history.build(civil=civil + OVERRIDES if civil else 0, criminal=criminal)
