"""The pure calculator engines (J10), table-tested: one row per statutory case, the article in `_case`, boundary
values included (exactly 1万元, 6 months, age 60/75, wage at 3×, 60%/300% of the regional wage)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fawang.calculators.engines.brackets import Band, Brackets, bracket_lines
from fawang.calculators.engines.common import CalculatorError, fen, pick_table, total_of
from fawang.calculators.engines.labour import (
    DoubleWageInput,
    SeveranceInput,
    double_wage,
    service_length,
    severance,
)
from fawang.calculators.engines.lawyer_fee import NOT_CONFIGURED, LawyerFeeInput, lawyer_fee
from fawang.calculators.engines.litigation import FeeKind, LitigationFeeInput, litigation_fee
from fawang.calculators.engines.personal_injury import (
    Outcome as InjuryOutcome,
)
from fawang.calculators.engines.personal_injury import (
    PersonalInjuryInput,
    compensation_years,
    personal_injury,
)
from fawang.calculators.engines.work_injury import Outcome as WorkOutcome
from fawang.calculators.engines.work_injury import WorkInjuryInput, work_injury
from fawang.calculators.rules import PERSONAL_INJURY_TABLES, LawyerFeeTable

TODAY = date(2026, 6, 1)
D = Decimal


def _fee(
    kind: FeeKind, amount: str | None = None, *, simplified: bool = False, on: date = TODAY
) -> tuple[str, str | None]:
    result = litigation_fee(
        LitigationFeeInput(
            kind=kind, on=on, today=TODAY, amount=None if amount is None else D(amount), simplified=simplified
        )
    )
    return str(result.total), None if result.total_max is None else str(result.total_max)


# ---- rounding and table choice -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [
        ("half a fen rounds up (ROUND_HALF_UP)", "0.005", "0.01"),
        ("2.675 is exact in Decimal: up", "2.675", "2.68"),
        ("below half: down", "766.6666", "766.67"),
        ("negative half: away from zero", "-0.005", "-0.01"),
    ],
)
def test_fen_rounds_half_up(_case: str, value: str, expected: str) -> None:
    assert str(fen(D(value))) == expected


def test_the_table_in_force_on_the_date_is_chosen_and_earlier_dates_are_refused() -> None:
    """J10: tables are chosen by the date of the event; before the earliest table there is no rule."""
    old = LawyerFeeTable(
        "t", "1", date(2020, 1, 1), "甲", "某省", Brackets(D(0), D(0), (Band(None, D("0.01")),))
    )
    new = LawyerFeeTable(
        "t", "2", date(2024, 1, 1), "乙", "某省", Brackets(D(0), D(0), (Band(None, D("0.02")),))
    )
    assert pick_table([old, new], date(2023, 12, 31), what="x").version == "1"
    assert pick_table([old, new], date(2024, 1, 1), what="x").version == "2"
    with pytest.raises(CalculatorError, match="自2020年1月1日起施行"):
        pick_table([old, new], date(2019, 12, 31), what="x")


# ---- brackets ---------------------------------------------------------------------------------------------------


def test_a_cap_cuts_the_range_maximum_and_keeps_a_low_minimum() -> None:
    table = Brackets(D(0), D(0), (Band(None, D("0.01"), D("0.10")),), cap=D(500))
    low, high = total_of(bracket_lines(table, D(10_000), basis="x"))
    assert (low, high) == (D("100.00"), D("500.00"))


def test_bands_must_increase() -> None:
    with pytest.raises(CalculatorError, match="逐段递增"):
        Brackets(D(10_000), D(50), (Band(D(5_000), D("0.01")),))


# ---- 诉讼费用 -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "amount", "expected"),
    [
        ("Art.13(1): under 1万, 50 per case", "5000", "50.00"),
        ("Art.13(1): exactly 1万 is still 50", "10000", "50.00"),
        ("Art.13(1): one fen over 1万 (2.5% of 0.01 rounds to 0)", "10000.01", "50.00"),
        ("Art.13(1): 10万 = 50 + 9万 × 2.5%", "100000", "2300.00"),
        ("Art.13(1): 20万 (+10万 × 2%)", "200000", "4300.00"),
        ("Art.13(1): 50万 (+30万 × 1.5%)", "500000", "8800.00"),
        ("Art.13(1): 100万 (+50万 × 1%)", "1000000", "13800.00"),
        ("Art.13(1): 200万 (+100万 × 0.9%)", "2000000", "22800.00"),
        ("Art.13(1): 500万 (+300万 × 0.8%)", "5000000", "46800.00"),
        ("Art.13(1): 1000万 (+500万 × 0.7%)", "10000000", "81800.00"),
        ("Art.13(1): 2000万 (+1000万 × 0.6%)", "20000000", "141800.00"),
        ("Art.13(1): 3000万 (+1000万 × 0.5%)", "30000000", "191800.00"),
    ],
)
def test_property_case_fee(_case: str, amount: str, expected: str) -> None:
    assert _fee(FeeKind.PROPERTY, amount) == (expected, None)


@pytest.mark.parametrize(
    ("_case", "kind", "amount", "simplified", "expected"),
    [
        ("Art.13(2)1: divorce, no property: 50–300", FeeKind.DIVORCE, None, False, ("50.00", "300.00")),
        (
            "Art.13(2)1: property up to 20万 adds nothing",
            FeeKind.DIVORCE,
            "200000",
            False,
            ("50.00", "300.00"),
        ),
        ("Art.13(2)1: 0.5% above 20万", FeeKind.DIVORCE, "300000", False, ("550.00", "800.00")),
        ("Art.13(2)2: personality rights: 100–500", FeeKind.PERSONALITY, None, False, ("100.00", "500.00")),
        (
            "Art.13(2)2: damages up to 5万 add nothing",
            FeeKind.PERSONALITY,
            "50000",
            False,
            ("100.00", "500.00"),
        ),
        ("Art.13(2)2: 1% of 5–10万", FeeKind.PERSONALITY, "100000", False, ("600.00", "1000.00")),
        ("Art.13(2)2: and 0.5% above 10万", FeeKind.PERSONALITY, "200000", False, ("1100.00", "1500.00")),
        (
            "Art.13(2)3: other non-property 50–100",
            FeeKind.OTHER_NON_PROPERTY,
            None,
            False,
            ("50.00", "100.00"),
        ),
        ("Art.13(3): IP without amount 500–1000", FeeKind.IP_NO_AMOUNT, None, False, ("500.00", "1000.00")),
        ("Art.13(4): labour disputes 10", FeeKind.LABOUR, None, False, ("10.00", None)),
        ("Art.13(5)1: trademark/patent/maritime 100", FeeKind.ADMIN_SPECIAL, None, False, ("100.00", None)),
        ("Art.13(5)2: other administrative 50", FeeKind.ADMIN_OTHER, None, False, ("50.00", None)),
        (
            "Art.13(6): jurisdiction objection 50–100",
            FeeKind.JURISDICTION_OBJECTION,
            None,
            False,
            ("50.00", "100.00"),
        ),
        ("Art.16: simplified procedure halves", FeeKind.PROPERTY, "100000", True, ("1150.00", None)),
        ("Art.16: halves a range too", FeeKind.DIVORCE, "300000", True, ("275.00", "400.00")),
        ("Art.16: labour 10 → 5", FeeKind.LABOUR, None, True, ("5.00", None)),
        ("Art.14(1)1: execution without amount 50–500", FeeKind.EXECUTION, None, False, ("50.00", "500.00")),
        ("Art.14(1)2: execution up to 1万: 50", FeeKind.EXECUTION, "10000", False, ("50.00", None)),
        ("Art.14(1)2: 1.5% of 1–50万", FeeKind.EXECUTION, "500000", False, ("7400.00", None)),
        ("Art.14(1)2: 1% of 50–500万", FeeKind.EXECUTION, "5000000", False, ("52400.00", None)),
        ("Art.14(1)2: 0.5% of 500–1000万", FeeKind.EXECUTION, "10000000", False, ("77400.00", None)),
        ("Art.14(1)2: 0.1% above 1000万", FeeKind.EXECUTION, "20000000", False, ("87400.00", None)),
        ("Art.14(2): preservation without amount 30", FeeKind.PRESERVATION, None, False, ("30.00", None)),
        ("Art.14(2): preservation exactly 1000: 30", FeeKind.PRESERVATION, "1000", False, ("30.00", None)),
        ("Art.14(2): 1% of 1000–10万", FeeKind.PRESERVATION, "100000", False, ("1020.00", None)),
        ("Art.14(2): 0.5% above 10万", FeeKind.PRESERVATION, "500000", False, ("3020.00", None)),
        ("Art.14(2): at most 5000", FeeKind.PRESERVATION, "2000000", False, ("5000.00", None)),
        (
            "Art.14(3): payment order = 1/3 of the property fee",
            FeeKind.PAYMENT_ORDER,
            "100000",
            False,
            ("766.67", None),
        ),
    ],
)
def test_other_fees(
    _case: str, kind: FeeKind, amount: str | None, simplified: bool, expected: tuple[str, str | None]
) -> None:
    assert _fee(kind, amount, simplified=simplified) == expected


def test_every_line_names_its_formula_and_article() -> None:
    result = litigation_fee(LitigationFeeInput(FeeKind.PROPERTY, TODAY, TODAY, D(100_000)))
    assert [(line.label, line.formula, line.basis) for line in result.lines] == [
        ("请求金额不超过1万元的部分", "每件50.00元", "《诉讼费用交纳办法》第十三条第（一）项"),
        (
            "请求金额超过1万元至10万元的部分",
            "90,000.00元 × 2.5% = 2,250.00元",
            "《诉讼费用交纳办法》第十三条第（一）项",
        ),
    ]
    assert [(t.id, t.version, t.valid_from) for t in result.tables] == [
        ("litigation-fee", "2007", date(2007, 4, 1))
    ]


@pytest.mark.parametrize(
    ("_case", "kind", "amount", "simplified", "on", "message"),
    [
        ("negative", FeeKind.PROPERTY, "-1", False, TODAY, "金额不能是负数。"),
        ("absurd (> 1e12)", FeeKind.PROPERTY, "1000000000000.01", False, TODAY, "超过一万亿元"),
        ("property case without an amount", FeeKind.PROPERTY, None, False, TODAY, "请填写请求的金额"),
        ("payment order without an amount", FeeKind.PAYMENT_ORDER, "0", False, TODAY, "请填写请求的金额"),
        ("Art.16 is for acceptance fees only", FeeKind.EXECUTION, "1000", True, TODAY, "只适用于案件受理费"),
        ("before 2007-04-01", FeeKind.PROPERTY, "1000", False, date(2007, 3, 31), "自2007年4月1日起施行"),
        ("a future date", FeeKind.PROPERTY, "1000", False, date(2026, 6, 2), "不能晚于今天"),
    ],
)
def test_litigation_fee_refusals(
    _case: str, kind: FeeKind, amount: str | None, simplified: bool, on: date, message: str
) -> None:
    with pytest.raises(CalculatorError, match=message):
        _fee(kind, amount, simplified=simplified, on=on)


# ---- 经济补偿 -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "start", "end", "length", "months"),
    [
        ("Art.47: exactly 6 months counts as a year", date(2020, 1, 1), date(2020, 6, 30), (0, 6, 0), "1"),
        (
            "Art.47: one day short of 6 months is half a month",
            date(2020, 1, 1),
            date(2020, 6, 29),
            (0, 5, 29),
            "0.5",
        ),
        ("Art.47: a single day is half a month", date(2020, 1, 15), date(2020, 1, 15), (0, 0, 1), "0.5"),
        ("Art.47: exactly 3 years", date(2020, 1, 1), date(2022, 12, 31), (3, 0, 0), "3"),
        ("Art.47: 3 years and a day", date(2020, 1, 1), date(2023, 1, 1), (3, 0, 1), "3.5"),
        ("Art.47: 5 years 6 months", date(2020, 1, 1), date(2025, 6, 30), (5, 6, 0), "6"),
    ],
)
def test_years_of_service(
    _case: str, start: date, end: date, length: tuple[int, int, int], months: str
) -> None:
    assert service_length(start, end) == length
    result = severance(SeveranceInput(start, end, TODAY, (D(1000),), D(8000)))
    assert result.total == D(months) * 1000


@pytest.mark.parametrize(
    ("_case", "wage", "years", "expected"),
    [
        ("Art.47: under the cap, months as served", "10000", 15, "150000.00"),
        ("Art.47 ¶2: exactly 3× is not above: no cap", "24000", 10, "240000.00"),
        ("Art.47 ¶2: a fen above 3×: wage capped", "24000.01", 10, "240000.00"),
        ("Art.47 ¶2: above 3× and 15 years: 12 years", "30000", 15, "288000.00"),
    ],
)
def test_the_three_times_cap(_case: str, wage: str, years: int, expected: str) -> None:
    result = severance(
        SeveranceInput(date(2010, 1, 1), date(2009 + years, 12, 31), TODAY, (D(wage),), D(8000))
    )
    assert str(result.total) == expected


def test_the_wage_is_the_average_of_the_months_given_and_unlawful_doubles() -> None:
    """Art.47 ¶3 (average of the last 12 months); Art.87 (2× instead of the compensation)."""
    result = severance(
        SeveranceInput(
            date(2020, 1, 1),
            date(2024, 12, 31),
            TODAY,
            (D(10_000), D(11_000), D(12_000)),
            None,
            unlawful=True,
        )
    )
    assert result.lines[0].amount == D("11000.00")
    assert [(line.amount, line.counted) for line in result.lines[1:]] == [
        (D("55000.00"), False),
        (D("110000.00"), True),
    ]
    assert result.total == D("110000.00")
    assert any("未核对三倍封顶" in note for note in result.notes)


@pytest.mark.parametrize(
    ("_case", "start", "end", "wages", "message"),
    [
        ("start after end", date(2024, 1, 2), date(2024, 1, 1), ("1000",), "入职日期不能晚于"),
        ("13 wages", date(2020, 1, 1), date(2024, 1, 1), ("1000",) * 13, "1至12个数"),
        ("a negative wage", date(2020, 1, 1), date(2024, 1, 1), ("-1",), "月工资不能是负数"),
        ("before the law", date(2000, 1, 1), date(2007, 12, 31), ("1000",), "自2008年1月1日起施行"),
        ("future end", date(2020, 1, 1), date(2026, 6, 2), ("1000",), "不能晚于今天"),
    ],
)
def test_severance_refusals(_case: str, start: date, end: date, wages: tuple[str, ...], message: str) -> None:
    with pytest.raises(CalculatorError, match=message):
        severance(SeveranceInput(start, end, TODAY, tuple(D(w) for w in wages)))


@pytest.mark.parametrize(
    ("_case", "months", "expected"),
    [
        ("Art.82: within the first month nothing", 1, "0.00"),
        ("Art.82: from the second month", 2, "5000.00"),
        ("Art.82: 8 months → 7", 8, "35000.00"),
        ("实施条例 Art.7: 12 months → 11", 12, "55000.00"),
        ("实施条例 Art.7: at most 11", 30, "55000.00"),
        ("no months", 0, "0.00"),
    ],
)
def test_double_wage(_case: str, months: int, expected: str) -> None:
    assert str(double_wage(DoubleWageInput(TODAY, TODAY, D(5000), months)).total) == expected


# ---- 工伤待遇 -------------------------------------------------------------------------------------------------------


def _injury(**kwargs: object) -> WorkInjuryInput:
    values: dict[str, object] = {
        "outcome": WorkOutcome.DISABILITY,
        "on": TODAY,
        "today": TODAY,
        "own_wage": D(8000),
        "regional_average_wage": D(8000),
        "grade": 1,
    }
    values.update(kwargs)
    return WorkInjuryInput(**values)  # type: ignore[arg-type]  # the test builds typed values above


@pytest.mark.parametrize(
    ("_case", "grade", "months", "allowance"),
    [
        ("Art.35: grade 1, 27 months, 90%", 1, 27, "7200.00"),
        ("Art.35: grade 2, 25 months, 85%", 2, 25, "6800.00"),
        ("Art.35: grade 3, 23 months, 80%", 3, 23, "6400.00"),
        ("Art.35: grade 4, 21 months, 75%", 4, 21, "6000.00"),
        ("Art.36: grade 5, 18 months, 70%", 5, 18, "5600.00"),
        ("Art.36: grade 6, 16 months, 60%", 6, 16, "4800.00"),
        ("Art.37: grade 7, 13 months", 7, 13, None),
        ("Art.37: grade 8, 11 months", 8, 11, None),
        ("Art.37: grade 9, 9 months", 9, 9, None),
        ("Art.37: grade 10, 7 months", 10, 7, None),
    ],
)
def test_disability_subsidy_and_allowance(_case: str, grade: int, months: int, allowance: str | None) -> None:
    result = work_injury(_injury(grade=grade))
    assert result.total == D(8000 * months)
    monthly = [str(line.amount) for line in result.lines if line.label.startswith("伤残津贴")]
    assert monthly == ([] if allowance is None else [allowance])
    assert any("一次性工伤医疗补助金" in note for note in result.notes)


@pytest.mark.parametrize(
    ("_case", "own", "base"),
    [
        ("Art.64: exactly 60% stays", "6000", "6000.00"),
        ("Art.64: below 60% is raised to 60%", "5999.99", "6000.00"),
        ("Art.64: exactly 300% stays", "30000", "30000.00"),
        ("Art.64: above 300% is capped", "30000.01", "30000.00"),
    ],
)
def test_own_wage_floor_and_ceiling(_case: str, own: str, base: str) -> None:
    result = work_injury(_injury(own_wage=D(own), regional_average_wage=D(10_000), grade=10))
    assert str(result.lines[0].amount) == base
    assert result.total == D(base) * 7


@pytest.mark.parametrize(
    ("_case", "died", "subsidy"),
    [
        ("Art.39(3): death in 2022 uses the 2021 figure 47,412", date(2022, 1, 1), "948240.00"),
        ("Art.39(3): death in 2023 uses 49,283", date(2023, 6, 1), "985660.00"),
        ("Art.39(3): death in 2024 uses 51,821", date(2024, 12, 31), "1036420.00"),
        ("Art.39(3): death in 2025 uses 54,188", date(2025, 3, 1), "1083760.00"),
    ],
)
def test_death_benefits(_case: str, died: date, subsidy: str) -> None:
    result = work_injury(_injury(outcome=WorkOutcome.DEATH, on=died, own_wage=D(9000), grade=None))
    lines = {line.label: line for line in result.lines}
    assert lines["丧葬补助金"].amount == D("48000.00")
    assert str(lines["一次性工亡补助金"].amount) == subsidy
    assert result.total == D("48000.00") + D(subsidy)
    assert [t.id for t in result.tables] == ["work-injury", "national-urban-disposable-income"]


@pytest.mark.parametrize(
    ("_case", "dependants", "monthly"),
    [
        ("Art.39(2): spouse 40%", {"spouse": True}, "3600.00"),
        (
            "Art.39(2): spouse 40% + other 30% + orphan 30%+10%",
            {"spouse": True, "others": 2, "others_lonely": 1},
            "9000.00",
        ),
        ("Art.39(2): other 30% + lonely elder +10%", {"others": 1, "others_lonely": 1}, "3600.00"),
        ("Art.39(2): the sum is capped at the wage", {"spouse": True, "others": 3}, "9000.00"),
        ("Art.39(2): lonely spouse 50%", {"spouse": True, "spouse_lonely": True}, "4500.00"),
    ],
)
def test_dependants_pension(_case: str, dependants: dict[str, object], monthly: str) -> None:
    result = work_injury(
        _injury(outcome=WorkOutcome.DEATH, on=date(2025, 3, 1), own_wage=D(9000), grade=None, **dependants)
    )
    (line,) = [x for x in result.lines if x.label.startswith("供养亲属抚恤金")]
    assert (str(line.amount), line.counted) == (monthly, False)


@pytest.mark.parametrize(
    ("_case", "changes", "message"),
    [
        ("unknown grade", {"grade": 11}, "伤残等级应为1至10级"),
        ("no grade for a disability", {"grade": None}, "伤残等级应为1至10级"),
        ("missing regional wage", {"regional_average_wage": None}, "统计局"),
        ("zero own wage", {"own_wage": D(0)}, "本人工资必须大于0"),
        ("before the 2010 revision", {"on": date(2010, 12, 31)}, "自2011年1月1日起施行"),
        (
            "death in 2026 needs the 2025 figure",
            {"outcome": WorkOutcome.DEATH, "on": date(2026, 1, 5)},
            "需要2025年的数字",
        ),
        (
            "death in 2021 needs the 2020 figure",
            {"outcome": WorkOutcome.DEATH, "on": date(2021, 12, 31)},
            "需要2020年的数字",
        ),
        ("more lonely than dependants", {"others": 1, "others_lonely": 2}, "不能多于总人数"),
    ],
)
def test_work_injury_refusals(_case: str, changes: dict[str, object], message: str) -> None:
    with pytest.raises(CalculatorError, match=message):
        work_injury(_injury(**changes))


# ---- 人身损害赔偿 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "age", "years"),
    [
        ("Art.12: under 60, 20 years", 30, 20),
        ("Art.12: exactly 60, still 20", 60, 20),
        ("Art.12: 61, one year less", 61, 19),
        ("Art.12: 74, six years", 74, 6),
        ("Art.12: exactly 75, five years", 75, 5),
        ("Art.12: over 75, five years", 90, 5),
    ],
)
def test_compensation_years(_case: str, age: int, years: int) -> None:
    assert compensation_years(PERSONAL_INJURY_TABLES[0], age)[0] == years


def _harm(**kwargs: object) -> PersonalInjuryInput:
    values: dict[str, object] = {
        "outcome": InjuryOutcome.INJURY,
        "on": TODAY,
        "today": TODAY,
        "age": 30,
        "urban_income": D(50_000),
    }
    values.update(kwargs)
    return PersonalInjuryInput(**values)  # type: ignore[arg-type]  # the test builds typed values above


@pytest.mark.parametrize(
    ("_case", "grade", "expected"),
    [
        ("grade 1 = 100%", 1, "1000000.00"),
        ("grade 5 = 60%", 5, "600000.00"),
        ("grade 10 = 10%", 10, "100000.00"),
    ],
)
def test_disability_compensation(_case: str, grade: int, expected: str) -> None:
    assert str(personal_injury(_harm(grade=grade)).total) == expected


def test_death_compensation_and_funeral() -> None:
    """Art.15 (20 years) and Art.14 (six months of the average wage)."""
    result = personal_injury(_harm(outcome=InjuryOutcome.DEATH, age=40, average_monthly_wage=D(8000)))
    assert [(line.label, line.amount) for line in result.lines] == [
        ("死亡赔偿金", D("1000000.00")),
        ("丧葬费", D("48000.00")),
    ]


@pytest.mark.parametrize(
    ("_case", "at_fault", "covered", "rest"),
    [
        (
            "at fault: 18,000 medical + 180,000 death/disability",
            True,
            ["18000.00", "180000.00", "0.00"],
            "41000.00",
        ),
        ("no fault: 1,800 + 18,000", False, ["1800.00", "18000.00", "0.00"], "219200.00"),
    ],
)
def test_compulsory_insurance_pays_first(_case: str, at_fault: bool, covered: list[str], rest: str) -> None:
    result = personal_injury(
        _harm(
            age=63,
            grade=9,
            urban_income=D(60_000),
            medical=D(30_000),
            lost_earnings=D(5000),
            traffic=True,
            at_fault=at_fault,
        )
    )
    assert result.total == D("239000.00")  # the whole loss; insurance lines are not counted
    insured = [x for x in result.lines if x.label.startswith("交强险先行赔付")]
    assert [str(x.amount) for x in insured] == covered
    assert str(result.lines[-1].amount) == rest
    assert [t.id for t in result.tables] == ["personal-injury", "compulsory-motor-insurance"]


@pytest.mark.parametrize(
    ("_case", "changes", "message"),
    [
        ("grade 11", {"grade": 11}, "伤残等级应为1至10级"),
        ("missing income with a grade", {"grade": 5, "urban_income": None}, "城镇居民人均可支配收入"),
        ("death without the wage", {"outcome": InjuryOutcome.DEATH}, "职工月平均工资"),
        ("before 2022-05-01", {"on": date(2022, 4, 30), "grade": 5}, "自2022年5月1日起施行"),
        ("negative medical", {"medical": D(-1)}, "医疗费不能是负数"),
        ("nothing to compute", {}, "请至少填写一项损失"),
        ("age 151", {"age": 151}, "年龄应在0至150"),
    ],
)
def test_personal_injury_refusals(_case: str, changes: dict[str, object], message: str) -> None:
    with pytest.raises(CalculatorError, match=message):
        personal_injury(_harm(**changes))


# ---- 律师费 ------------------------------------------------------------------------------------------------------


def test_lawyer_fee_uses_the_configured_brackets_and_refuses_without_one() -> None:
    table = LawyerFeeTable(
        "lawyer-fee/某省",
        "2024-01-01",
        date(2024, 1, 1),
        "某省律师服务收费指导标准",
        "某省",
        Brackets(
            D(10_000), D(1000), (Band(D(100_000), D("0.04"), D("0.06")), Band(None, D("0.01"))), D(3000)
        ),
    )
    result = lawyer_fee(LawyerFeeInput(TODAY, TODAY, D(100_000)), [table])
    assert (result.total, result.total_max) == (D("4600.00"), D("8400.00"))
    with pytest.raises(CalculatorError, match=NOT_CONFIGURED):
        lawyer_fee(LawyerFeeInput(TODAY, TODAY, D(100_000)), [])
