"""The indicator catalogue (K1, H7, X9; A8's statistics): every indicator defined once, in code, with its
definition and source.

Each `Indicator` has a code, a Chinese name, a precise definition, its REQUIREMENTS source, a unit, a default
target where a source gives one (a `target.<code>` Parameter overrides it per jurisdiction), whether it may be
published (K7, C15) and a raw-row measurement (measures.py, the reference implementation). The one entry point:

    indicator_compute(code=..., region=..., date_from=..., date_to=...) -> IndicatorValue

Faster sources (summary tables kept by fawang.analytics) plug in with `indicator_source_register(source)`: a source
returns the same `Measurement` counts for the indicators it knows and None for the rest; `reference=True` bypasses
every source, so the two can be compared row for row. Rates, scaling, rounding and targets are applied here only.
`indicator_compute_all` measures a whole catalogue in a few queries (issue 7 §8): a source may answer many
indicators at once (`measure_many`), and the targets and the region labels are each read in one query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Protocol, runtime_checkable

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from fawang.cases.models import Case
from fawang.cases.states import Channel, ServiceType
from fawang.core.errors import NotFoundError
from fawang.regions.models import Region
from fawang.supervision import measures as m
from fawang.supervision.measures import Measurement
from fawang.supervision.parameters import TARGET_PREFIX, parameter_decimals
from fawang.supervision.periods import Scope, scope_make


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    PER_10K = "per_10k"
    BREAKDOWN = "breakdown"


UNIT_LABELS = {
    Unit.COUNT: gettext_noop("件"),
    Unit.PERCENT: "%",
    Unit.PER_10K: gettext_noop("每万人"),
    Unit.BREAKDOWN: gettext_noop("件"),
}

Cases = Callable[[Scope, str | None], QuerySet[Case]]
# Breakdown keys -> display labels, all keys of one indicator value at once (region names come from one query).
Labels = Callable[[Sequence[str]], dict[str, str]]


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    definition: str
    source: str
    unit: Unit
    measure: Callable[[Scope], Measurement]
    group: str
    target: Decimal | None = None
    target_source: str = ""
    public: bool = True
    cases: Cases | None = None
    labels: Labels | None = None


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    name: str
    unit: Unit
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    breakdown: tuple[tuple[str, str, int], ...]  # (key, label, count)
    target: Decimal | None
    meets_target: bool | None
    available: bool
    reason: str
    region_code: str
    date_from: date
    date_to: date

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "unit": self.unit.value,
            "value": None if self.value is None else str(self.value),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "breakdown": [{"key": k, "label": label, "count": n} for k, label, n in self.breakdown],
            "target": None if self.target is None else str(self.target),
            "meets_target": self.meets_target,
            "available": self.available,
            "reason": self.reason,
        }


class MeasurementSource(Protocol):
    """A faster way to count (e.g. summary tables). Return None for an indicator you do not cover."""

    def measure(self, indicator: Indicator, scope: Scope) -> Measurement | None: ...


@runtime_checkable
class BatchMeasurementSource(MeasurementSource, Protocol):
    """A source that can answer many indicators of one scope together: the ones it covers, by code."""

    def measure_many(self, indicators: Sequence[Indicator], scope: Scope) -> dict[str, Measurement]: ...


@dataclass
class _Sources:
    items: list[MeasurementSource] = field(default_factory=list)


_SOURCES = _Sources()


def indicator_source_register(source: MeasurementSource) -> None:
    if source not in _SOURCES.items:
        _SOURCES.items.append(source)


def indicator_source_unregister(source: MeasurementSource) -> None:
    if source in _SOURCES.items:
        _SOURCES.items.remove(source)


# --- labels and drill-down helpers --------------------------------------------------------------------------


def _choice_label(choices: type[Channel] | type[ServiceType]) -> Labels:
    names = dict(choices.choices)
    return lambda keys: {key: str(names.get(key, key or "未分类")) for key in keys}


def _category_label(keys: Sequence[str]) -> dict[str, str]:
    return {key: key or "未分类" for key in keys}


def _region_label(keys: Sequence[str]) -> dict[str, str]:
    names = dict(Region.objects.filter(code__in=list(keys)).values_list("code", "name")) if keys else {}
    return {key: names.get(key, key) for key in keys}


def _month_label(keys: Sequence[str]) -> dict[str, str]:
    return {key: f"{key[:4]}年{key[5:]}月" for key in keys}


def _volume_cases(field_name: str) -> Cases:
    def cases(scope: Scope, key: str | None) -> QuerySet[Case]:
        rows = m.cases_submitted(scope)
        if key is None or field_name == "all":
            return rows
        if field_name == "region":
            return rows.filter(region__code__startswith=key[: m.child_prefix_length(scope.region)])
        if field_name == "month":
            year, month = (int(p) for p in key.split("-"))
            return rows.filter(submitted_at__year=year, submitted_at__month=month)
        return rows.filter(**{field_name: key})

    return cases


def _clock_cases(rule: str | None, actions: tuple[str, ...]) -> Cases:
    return lambda scope, key: m.clock_cases(scope, rule, actions, key)


def _per_10k(name: str) -> str:
    return f"{name} × 10000 ÷ 辖区常住人口（区划人口；本级未填时取最近一级下级区划人口之和）"


CLOCK_NOTE = "以该工单的法定时限记录判定，补正、核实等暂停时间按规则扣除（T5）"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "volume.total",
        gettext_noop("服务总量"),
        "统计期间内受理（submitted_at 落在期间内）且当前所属辖区在所选区划内的工单数，含各服务类型和渠道。",
        "K2; H7",
        Unit.COUNT,
        m.volume_total,
        "服务量",
        cases=_volume_cases("all"),
    ),
    Indicator(
        "volume.by_channel",
        gettext_noop("分渠道服务量"),
        "同“服务总量”，按受理渠道（网站、移动端、12348热线、窗口、12345转办、部门转介、上门/巡回服务）分组。",
        "K2; A1; G9",
        Unit.BREAKDOWN,
        m.volume_by_channel,
        "服务量",
        cases=_volume_cases("channel"),
        labels=_choice_label(Channel),
    ),
    Indicator(
        "volume.by_service",
        gettext_noop("分服务类型服务量"),
        "同“服务总量”，按服务类型（咨询、法律援助、调解、公证、鉴定、投诉、建议等）分组。",
        "K2",
        Unit.BREAKDOWN,
        m.volume_by_service,
        "服务量",
        cases=_volume_cases("service_type"),
        labels=_choice_label(ServiceType),
    ),
    Indicator(
        "volume.by_category",
        gettext_noop("分纠纷类别服务量"),
        "同“服务总量”，按纠纷类别（J4 的 20 类）分组；未分类的单列。",
        "K2; K5; J4",
        Unit.BREAKDOWN,
        m.volume_by_category,
        "服务量",
        cases=_volume_cases("category"),
        labels=_category_label,
    ),
    Indicator(
        "volume.by_region",
        gettext_noop("分下级区划服务量"),
        "同“服务总量”，按工单所属辖区的下一级区划分组（省→市→县→乡镇→村）。",
        "K2; K4",
        Unit.BREAKDOWN,
        m.volume_by_region,
        "服务量",
        cases=_volume_cases("region"),
        labels=_region_label,
    ),
    Indicator(
        "volume.by_month",
        gettext_noop("分月服务量"),
        "同“服务总量”，按受理时间所在月份（北京时间）分组。",
        "K2; K5",
        Unit.BREAKDOWN,
        m.volume_by_month,
        "服务量",
        cases=_volume_cases("month"),
        labels=_month_label,
    ),
    Indicator(
        "legal_aid.decided_in_time",
        gettext_noop("法律援助7日内作出决定率"),
        "统计期间内停止计时的“审查决定（7日）”时限中，工单已作出给予或不予援助决定、且按时完成的比例。"
        + CLOCK_NOTE
        + "。",
        "C5; 法律援助法 Art.43 [S]",
        Unit.PERCENT,
        m.legal_aid_decided_in_time,
        "法律援助",
        target=Decimal(100),
        target_source="法律援助法 Art.43：7日内作出决定（法定上限）",
        cases=_clock_cases("legal_aid.review", ("grant", "refuse")),
    ),
    Indicator(
        "legal_aid.assigned_in_time",
        gettext_noop("法律援助3日内指派率"),
        "统计期间内停止计时的“给予援助后指派（3日）”时限中，工单已指派承办人员、且按时完成的比例。",
        "C5; 法律援助法 Art.43 [S]",
        Unit.PERCENT,
        m.legal_aid_assigned_in_time,
        "法律援助",
        target=Decimal(100),
        target_source="法律援助法 Art.43：决定给予援助后3日内指派（法定上限）",
        cases=_clock_cases("legal_aid.assign", ("assign",)),
    ),
    Indicator(
        "legal_aid.granted",
        gettext_noop("法律援助受援案件数"),
        "统计期间内作出“给予法律援助”决定的法律援助工单数。",
        "K1; C15",
        Unit.COUNT,
        m.legal_aid_granted,
        "法律援助",
        cases=lambda scope, key: m.granted_cases(scope),
    ),
    Indicator(
        "legal_aid.recipients_per_10k",
        gettext_noop("每万人法律援助受援人数"),
        _per_10k("统计期间内获得法律援助决定的不同受援人数（无申请人记录的工单按1人计）"),
        "H7; K1（江苏报告 11.5）",
        Unit.PER_10K,
        m.legal_aid_recipients,
        "法律援助",
        cases=lambda scope, key: m.granted_cases(scope),
    ),
    Indicator(
        "mediation.success_rate",
        gettext_noop("人民调解成功率"),
        "统计期间内人民调解工单的结案事件（“达成调解协议”即协议已生效，或“终止调解”）中达成调解协议的比例；"
        "按结案事件发生时间计入期间。",
        "D3; D4; D6; K1",
        Unit.PERCENT,
        m.mediation_success,
        "人民调解",
        cases=lambda scope, key: m.mediation_concluded_cases(scope, key),
    ),
    Indicator(
        "mediation.within_month",
        gettext_noop("调解1个月内结案率"),
        "统计期间内停止计时的“调解结案（1个月）”时限中，工单已办结、且在时限内结案的比例。",
        "D6",
        Unit.PERCENT,
        m.mediation_within_month,
        "人民调解",
        cases=_clock_cases("mediation.conclude", ("resolve",)),
    ),
    Indicator(
        "notary.on_time",
        gettext_noop("公证按时出证率"),
        "统计期间内停止计时的“出具公证书（15个工作日）”时限中，工单已办结、且按时完成的比例。"
        + CLOCK_NOTE
        + "。",
        "E5; 公证法 Art.30 [S]",
        Unit.PERCENT,
        m.notary_on_time,
        "公证鉴定",
        target=Decimal(100),
        target_source="公证法 Art.30：15个工作日内出具公证书（法定上限）",
        cases=_clock_cases("notary.issue", ("resolve",)),
    ),
    Indicator(
        "appraisal.on_time",
        gettext_noop("司法鉴定按时完成率"),
        "统计期间内停止计时的“完成鉴定（30个工作日）”时限中，工单已办结、且按时完成的比例。"
        + CLOCK_NOTE
        + "。",
        "F6; 通则 Art.28 [S]",
        Unit.PERCENT,
        m.appraisal_on_time,
        "公证鉴定",
        target=Decimal(100),
        target_source="司法鉴定程序通则 Art.28：30个工作日内完成（法定上限，可延长一次）",
        cases=_clock_cases("appraisal.complete", ("resolve",)),
    ),
    Indicator(
        "deadline.compliance",
        gettext_noop("法定时限按时完成率"),
        "统计期间内停止计时的全部时限（各服务、各环节）中按时完成的比例；因撤回等停止的时限按停止时是否超期计。",
        "K2; T6",
        Unit.PERCENT,
        m.deadline_compliance,
        "时限",
        cases=_clock_cases(None, ()),
    ),
    Indicator(
        "complaint.replied_in_time",
        gettext_noop("投诉建议按时答复率"),
        "统计期间内停止计时的“投诉建议答复（15个工作日）”时限中，工单已答复、且按时答复的比例。",
        "A3; X6",
        Unit.PERCENT,
        m.complaint_replied_in_time,
        "好差评与投诉",
        cases=_clock_cases("complaint.reply", ("reply",)),
    ),
    Indicator(
        "hotline.answer_rate",
        gettext_noop("12348热线接通率"),
        "统计期间内、服务时间内进入队列的呼入电话中已接通的比例（热线中心站点在所选区划内；口径同热线模块 service_levels）。",
        "B1; B4; K1",
        Unit.PERCENT,
        m.hotline_answer_rate,
        "12348热线",
        target=Decimal(95),
        target_source="GB/T 33358-2016（摘要）：任意24小时接通率不低于95% [N]",
    ),
    Indicator(
        "hotline.satisfaction",
        gettext_noop("12348热线满意率"),
        "统计期间内热线渠道（12348、12345转办工单或通话后语音评价）有效评价中好评（非常满意、满意）的比例；已作废的评价不计。",
        "B3; B4; H8",
        Unit.PERCENT,
        m.hotline_satisfaction,
        "12348热线",
        target=Decimal(90),
        target_source="安徽 12348 建设目标：满意率不低于90% [L]",
        cases=lambda scope, key: m.rating_cases(scope, key, hotline=True),
    ),
    Indicator(
        "rating.satisfaction",
        gettext_noop("好评率（满意率）"),
        "统计期间内评价的有效评价中好评（非常满意、满意）的比例；已作废的评价不计。",
        "H1; H6; H7",
        Unit.PERCENT,
        m.rating_satisfaction,
        "好差评与投诉",
        cases=lambda scope, key: m.rating_cases(scope, key),
    ),
    Indicator(
        "rating.bad",
        gettext_noop("差评数"),
        "统计期间内的有效差评（不满意、非常不满意）数；申诉成立而作废的不计。",
        "H1; H3; K2",
        Unit.COUNT,
        m.rating_bad,
        "好差评与投诉",
        cases=lambda scope, key: m.rating_cases(scope, "bad"),
    ),
    Indicator(
        "rating.participation",
        gettext_noop("评价率"),
        "统计期间内办结（归档、不予援助、不予受理；不含撤回）的工单中，至少有一条有效评价的比例。",
        "B4; H1",
        Unit.PERCENT,
        m.rating_participation,
        "好差评与投诉",
    ),
    Indicator(
        "rectification.on_time",
        gettext_noop("差评按期整改率"),
        "有效期限（整改期限；列入台账的取台账期限与整改期限中较晚者）落在统计期间内的差评整改中，"
        "在有效期限前办结或经申诉撤销的比例；尚未办结且尚未到期的不计入。",
        "H3; H6",
        Unit.PERCENT,
        m.rectification_on_time,
        "好差评与投诉",
        target=Decimal(100),
        target_source="国办发〔2019〕51号：差评按期整改 [N]",
        cases=lambda scope, key: m.rectification_cases(scope, key),
    ),
    Indicator(
        "rectification.followed_up",
        gettext_noop("实名差评回访率"),
        "统计期间内办结的实名差评整改中，回访联系上评价人并记录其对整改评价的比例。",
        "H4; B3",
        Unit.PERCENT,
        m.rectification_followed_up,
        "好差评与投诉",
        target=Decimal(100),
        target_source="德州、城关镇、四川：实名差评100%回访 [L]",
    ),
    Indicator(
        "coverage.township_stations",
        gettext_noop("乡镇（街道）公共法律服务工作站覆盖率"),
        "所选区划内设有公共法律服务工作站的乡镇（街道）数 ÷ 乡镇（街道）总数；按当前站点登记计算，与统计期间无关。",
        "G1; K4; 0.7",
        Unit.PERCENT,
        m.township_station_coverage,
        "网络覆盖",
        target=Decimal(100),
        target_source="2018 指导意见：乡镇工作站全覆盖 [N]",
    ),
    Indicator(
        "coverage.village_advisers",
        gettext_noop("村（居）法律顾问覆盖率"),
        "所选区划内在统计截止日有在任法律顾问的村（社区）数 ÷ 村（社区）总数。",
        "O4; K4; 0.7",
        Unit.PERCENT,
        m.village_adviser_coverage,
        "网络覆盖",
        target=Decimal(100),
        target_source="2018 指导意见：一村（社区）一法律顾问全覆盖 [N]",
    ),
    Indicator(
        "resources.lawyers_per_10k",
        gettext_noop("每万人律师数"),
        _per_10k("所属机构在所选区划内的在岗律师数（当前登记）"),
        "K1; K4（青海报告 3.78）",
        Unit.PER_10K,
        m.lawyers_per_10k,
        "网络覆盖",
    ),
    Indicator(
        "resources.practitioners_per_10k",
        gettext_noop("每万人法律服务人员数"),
        _per_10k(
            "所属机构在所选区划内的在岗法律服务人员数（律师、基层法律服务工作者、公证员、鉴定人、调解员、援助人员）"
        ),
        "K4",
        Unit.PER_10K,
        m.practitioners_per_10k,
        "网络覆盖",
    ),
    Indicator(
        "survey.awareness",
        gettext_noop("公共法律服务知晓率"),
        "统计期间内所选区划的调查答卷中，回答“知道公共法律服务（12348、服务中心、工作站等）”的比例；未作答的不计。",
        "H7; K1; 司发通〔2019〕97号 [N]",
        Unit.PERCENT,
        m.survey_awareness,
        "群众评价",
    ),
    Indicator(
        "survey.first_choice",
        gettext_noop("公共法律服务首选率"),
        "统计期间内所选区划的调查答卷中，回答“遇到法律问题首先选择公共法律服务”的比例；未作答的不计。",
        "H7; K1; 司发通〔2019〕97号 [N]",
        Unit.PERCENT,
        m.survey_first_choice,
        "群众评价",
    ),
    Indicator(
        "survey.satisfaction",
        gettext_noop("公共法律服务满意率（调查）"),
        "统计期间内所选区划的调查答卷中，满意程度为“非常满意”或“满意”的比例；未作答的不计。",
        "H7; H9; K1",
        Unit.PERCENT,
        m.survey_satisfaction,
        "群众评价",
    ),
    Indicator(
        "education.events",
        gettext_noop("普法活动场次"),
        "开始时间落在统计期间内（北京时间）、活动区划在所选区划内、且已登记到场人数的线下普法活动场次；"
        "未登记到场人数的活动不计（尚不能确认已举办）。",
        "P3; 事项清单第1项 [N]",
        Unit.COUNT,
        m.education_events_held,
        "普法",
    ),
    Indicator(
        "education.participants",
        gettext_noop("普法活动参与人次"),
        "同“普法活动场次”所计的活动，各人群登记到场人数之和（人次：同一人参加多场按多次计）。",
        "P3; 事项清单第1项 [N]",
        Unit.COUNT,
        m.education_participants,
        "普法",
    ),
)

INDICATORS_BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
if len(INDICATORS_BY_CODE) != len(INDICATORS):  # pragma: no cover - a programming error caught at import
    raise ValueError("指标代码重复")


def indicator_get(code: str) -> Indicator:
    try:
        return INDICATORS_BY_CODE[code]
    except KeyError:
        raise NotFoundError(f"未知的指标代码：{code}。") from None


# --- computation --------------------------------------------------------------------------------------------

_HUNDRED = Decimal(100)
_TEN_THOUSAND = Decimal(10000)


def _ratio(numerator: int | None, denominator: int | None, scale: Decimal, places: str) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) * scale / Decimal(denominator)).quantize(
        Decimal(places), rounding=ROUND_HALF_UP
    )


def _targets(indicators: Sequence[Indicator], scope: Scope) -> dict[str, Decimal | None]:
    """Each indicator's target: a `target.<code>` Parameter in force for the region, else the catalogue's."""
    overrides = parameter_decimals(
        keys=[TARGET_PREFIX + i.code for i in indicators], region=scope.region, as_of=scope.date_to
    )
    targets: dict[str, Decimal | None] = {}
    for indicator in indicators:
        override = overrides[TARGET_PREFIX + indicator.code]
        targets[indicator.code] = indicator.target if override is None else override
    return targets


def indicator_value_from(indicator: Indicator, scope: Scope, measurement: Measurement) -> IndicatorValue:
    """Counts → value, rounding (percent 0.1, per 10,000 0.01, half up), target and whether it is met."""
    return _value(indicator, scope, measurement, _targets([indicator], scope)[indicator.code])


def _value(
    indicator: Indicator, scope: Scope, measurement: Measurement, target: Decimal | None
) -> IndicatorValue:
    if indicator.unit is Unit.PERCENT:
        value = _ratio(measurement.numerator, measurement.denominator, _HUNDRED, "0.1")
    elif indicator.unit is Unit.PER_10K:
        value = _ratio(measurement.numerator, measurement.denominator, _TEN_THOUSAND, "0.01")
    elif measurement.numerator is not None:
        value = Decimal(measurement.numerator)
    else:
        value = None
    keys = [key for key, _ in measurement.breakdown]
    labels = indicator.labels(keys) if indicator.labels and keys else {}
    return IndicatorValue(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        value=value if measurement.available else None,
        numerator=measurement.numerator,
        denominator=measurement.denominator,
        breakdown=tuple((key, labels.get(key, key), n) for key, n in measurement.breakdown),
        target=target,
        meets_target=None if value is None or target is None else value >= target,
        available=measurement.available,
        reason=measurement.reason,
        region_code=scope.region.code,
        date_from=scope.date_from,
        date_to=scope.date_to,
    )


def indicator_measure(indicator: Indicator, scope: Scope, *, reference: bool = False) -> Measurement:
    if not reference:
        for source in _SOURCES.items:
            measured = source.measure(indicator, scope)
            if measured is not None:
                return measured
    return indicator.measure(scope)


def _measure_many(
    indicators: Sequence[Indicator], scope: Scope, *, reference: bool
) -> dict[str, Measurement]:
    """indicator_measure for many indicators: each source answers what it covers (in one go when it can)."""
    measured: dict[str, Measurement] = {}
    if not reference:
        for source in _SOURCES.items:
            pending = [i for i in indicators if i.code not in measured]
            if isinstance(source, BatchMeasurementSource):
                measured.update(source.measure_many(pending, scope))
                continue
            for indicator in pending:
                found = source.measure(indicator, scope)
                if found is not None:
                    measured[indicator.code] = found
    for indicator in indicators:
        if indicator.code not in measured:
            measured[indicator.code] = indicator.measure(scope)
    return measured


def indicator_compute(
    *, code: str, region: Region, date_from: date, date_to: date, reference: bool = False
) -> IndicatorValue:
    indicator = indicator_get(code)
    scope = scope_make(region=region, date_from=date_from, date_to=date_to)
    return indicator_value_from(indicator, scope, indicator_measure(indicator, scope, reference=reference))


def indicator_compute_all(
    *,
    region: Region,
    date_from: date,
    date_to: date,
    codes: tuple[str, ...] | None = None,
    reference: bool = False,
) -> list[IndicatorValue]:
    scope = scope_make(region=region, date_from=date_from, date_to=date_to)
    chosen = [indicator_get(c) for c in codes] if codes is not None else list(INDICATORS)
    measured = _measure_many(chosen, scope, reference=reference)
    targets = _targets(chosen, scope)
    return [_value(i, scope, measured[i.code], targets[i.code]) for i in chosen]


def indicator_cases(*, code: str, scope: Scope, key: str | None = None) -> QuerySet[Case] | None:
    """The 工单 behind a number (K2 drill-down), unscoped: callers intersect with the user's case scope."""
    indicator = indicator_get(code)
    if indicator.cases is None:
        return None
    return indicator.cases(scope, key)
