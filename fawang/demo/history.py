"""A few hundred historical cases, driven through the real services as of past moments (issue 2 §8).

Each case follows a plausible path for its service type; older cases are mostly finished, recent ones open,
and a share of older ones is left stuck so the workbench shows overdue work.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.services import case_create, case_transition
from fawang.cases.states import Channel, ServiceType
from fawang.core import clock
from fawang.demo.network import DemoNetwork, person_name
from fawang.directory.models import PractitionerKind
from fawang.legal_aid.demo import legal_aid_demo_details
from fawang.mediation.demo import practitioner_demo_details, practitioner_demo_prepare
from fawang.people.models import GroupTag, Person
from fawang.people.services import person_register

CATEGORIES = (
    "婚姻家庭 劳动纠纷 交通事故 债权债务 刑事辩护 合同纠纷 房产纠纷 侵权 公司法 医疗纠纷 "
    "拆迁安置 行政诉讼 建设工程 知识产权 综合咨询 人身损害 涉外法律 海事海商 消费权益 抵押担保"
).split()
TITLES = {
    "婚姻家庭": "离婚财产分割咨询",
    "劳动纠纷": "工资被拖欠三个月",
    "交通事故": "电动车被撞后的赔偿",
    "债权债务": "同村村民借钱不还",
    "刑事辩护": "家属被刑事拘留如何请律师",
    "合同纠纷": "装修合同违约",
    "房产纠纷": "宅基地边界争议",
    "侵权": "邻居修房损坏围墙",
    "医疗纠纷": "手术后遗症赔偿",
    "拆迁安置": "征地补偿标准",
    "人身损害": "工地摔伤赔偿",
    "消费权益": "网购假货退款",
}
SERVICE_WEIGHTS = {
    ServiceType.CONSULTATION: 45,
    ServiceType.MEDIATION: 15,
    ServiceType.LEGAL_AID: 15,
    ServiceType.NOTARY: 10,
    ServiceType.APPRAISAL: 5,
    ServiceType.COMPLAINT: 6,
    ServiceType.SUGGESTION: 4,
}
CHANNEL_WEIGHTS = {
    Channel.HOTLINE: 35,
    Channel.WINDOW: 30,
    Channel.WEB: 22,
    Channel.APP: 6,
    Channel.HOTLINE_12345: 4,
    Channel.VISIT: 3,
}


@dataclass(frozen=True)
class Step:
    action: str
    actor: Callable[[Case], User]
    payload: Callable[[Case], dict[str, object]] = lambda case: {}
    reason: str = ""


class HistoryBuilder:
    def __init__(self, *, rng: random.Random, net: DemoNetwork, users: dict[str, User]) -> None:
        self.rng = rng
        self.net = net
        self.users = users
        self.now = clock.now()

    # actors ------------------------------------------------------------------------------------------------
    def front(self, case: Case) -> User:
        return (
            self.users["hotline"]
            if case.channel in (Channel.HOTLINE, Channel.HOTLINE_12345)
            else self.users["clerk"]
        )

    def reviewer(self, case: Case) -> User:
        return self.users["reviewer"]

    def handler(self, case: Case) -> User:
        case.refresh_from_db(fields=["handler_practitioner"])
        practitioner = case.handler_practitioner
        if practitioner is None or practitioner.user is None:
            raise RuntimeError(f"demo case {case.reference} has no practitioner account")
        return practitioner.user

    def pick(self, kind: PractitionerKind) -> Callable[[Case], dict[str, object]]:
        return lambda case: {"practitioner_id": self.rng.choice(self.net.practitioners[kind]).pk}

    def station_of(self, case: Case) -> dict[str, object]:
        code = case.region.code[:9].ljust(12, "0")
        station = next((s for s in self.net.stations.values() if s.region.code == code), self.net.centre)
        return {"site_id": station.pk}

    # paths -------------------------------------------------------------------------------------------------
    def path(self, case: Case) -> list[Step]:
        s = ServiceType(case.service_type)
        close = Step("close", self.front)
        if s is ServiceType.CONSULTATION:
            if self.rng.random() < 0.5:
                return [
                    Step("accept", self.front),
                    Step("answer", self.front, reason="已电话答复，告知维权途径。"),
                    close,
                ]
            return [
                Step("accept", self.front),
                Step("dispatch", self.front, self.pick(PractitionerKind.GRASSROOTS_WORKER)),
                Step("start", self.handler),
                Step("answer", self.handler, reason="已上门解答并出具法律意见。"),
                close,
            ]
        if s is ServiceType.LEGAL_AID:
            return self.legal_aid_path()
        kind = {
            ServiceType.MEDIATION: PractitionerKind.MEDIATOR,
            ServiceType.NOTARY: PractitionerKind.NOTARY,
            ServiceType.APPRAISAL: PractitionerKind.APPRAISER,
        }.get(s)
        if kind is not None:
            return [
                Step("accept", self.front),
                Step("assign", self.front, self.pick(kind)),
                Step("start", self.handler),
                Step("resolve", self.handler, reason="已办结。"),
                close,
            ]
        return self.complaint_path()

    def complaint_path(self) -> list[Step]:
        """Accept, look into it, reply with a finding, record the complainant's view (X6)."""
        return [
            Step("accept", self.front),
            Step("investigate", self.front),
            Step("reply", self.front, self.finding, reason="已核实情况并向投诉人/建议人答复。"),
            Step(
                "confirm",
                self.front,
                lambda case: {"satisfaction": self.rng.choice([3, 4, 4, 5, 5])},
                reason="电话回访，投诉人表示认可。",
            ),
        ]

    def finding(self, case: Case) -> dict[str, object]:
        if case.service_type == ServiceType.SUGGESTION:
            return {"finding": self.rng.choice(["adopted", "noted", "not_adopted"])}
        return {"finding": self.rng.choice(["justified", "partly", "unjustified"])}

    def legal_aid_path(self) -> list[Step]:
        steps = [Step("accept", self.reviewer)]
        if self.rng.random() < 0.3:
            steps += [
                Step(
                    "request_materials",
                    self.reviewer,
                    lambda c: {"missing_items": ["经济困难证明", "身份证复印件"]},
                    reason="材料不全，一次性告知。",
                ),
                Step("supplement", self.reviewer),
            ]
        if self.rng.random() < 0.15:
            return [
                *steps,
                Step("refuse", self.reviewer, reason="不符合经济困难标准（法律援助法第三十四条）。"),
            ]
        return [
            *steps,
            Step("grant", self.reviewer),
            Step("assign", self.reviewer, self.pick(PractitionerKind.LAWYER)),
            Step("start", self.handler),
            Step("resolve", self.handler, reason="案件已审结，提交结案材料。"),
            Step("close", self.reviewer),
        ]

    # building ----------------------------------------------------------------------------------------------
    def requester(self) -> Person:
        groups = [self.rng.choice(list(GroupTag.values))] if self.rng.random() < 0.25 else []
        village = self.rng.choice(self.net.villages)
        return person_register(
            actor=self.users["clerk"],
            name=person_name(self.rng),
            phone=f"1{self.rng.randint(3000000000, 9999999999)}",
            address=f"垫江县{village.parent.name if village.parent else ''}{village.name}",
            region=village,
            groups=groups,
        )

    def one(self, age_days: float) -> Case:
        at = self.now - timedelta(days=age_days)
        service = self.rng.choices(list(SERVICE_WEIGHTS), weights=list(SERVICE_WEIGHTS.values()))[0]
        channel = self.rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
        category = self.rng.choice(CATEGORIES)
        with clock.travel(at):
            requester = self.requester()
            case = case_create(
                actor=self.front_for_channel(channel),
                service_type=service,
                channel=channel,
                title=TITLES.get(category, f"{category}问题咨询"),
                description=f"关于{category}的求助。",
                region=requester.region or self.net.county,
                requester=requester,
                category=category,
                urgent=self.rng.random() < 0.05,
            )
            # The file a real mediation, notary or appraisal case carries (issue 6).
            practitioner_demo_details(case)
        self.advance(case, at, age_days)
        # The application file (facts, materials, decision documents) that fits the status reached (issue 6).
        legal_aid_demo_details(case)
        return case

    def front_for_channel(self, channel: str) -> User:
        return (
            self.users["hotline"]
            if channel in (Channel.HOTLINE, Channel.HOTLINE_12345)
            else self.users["clerk"]
        )

    def advance(self, case: Case, at: datetime, age_days: float) -> None:
        steps = self.path(case)
        if age_days < 20:
            steps = steps[: self.rng.randint(0, len(steps))]
        elif self.rng.random() < 0.08:
            steps = steps[: self.rng.randint(0, max(0, len(steps) - 2))]  # stuck: will show as overdue
        for step in steps:
            at = at + timedelta(hours=self.rng.uniform(2, 60))
            if at >= self.now:
                return
            with clock.travel(at):
                case = case_transition(
                    reference=case.reference,
                    action=step.action,
                    actor=step.actor(case),
                    reason=step.reason or "按流程办理。",
                    payload=practitioner_demo_prepare(case, step.action, step.payload(case)),
                )


def history_build(*, rng: random.Random, net: DemoNetwork, users: dict[str, User], cases: int) -> int:
    builder = HistoryBuilder(rng=rng, net=net, users=users)
    for _ in range(cases):
        builder.one(age_days=rng.uniform(0, 365))
    return cases
