"""The engine's answer: verdict, means-test status, reasons, legal basis, missing facts, snapshot (C1, X4)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from fawang.eligibility.engine.facts import FACT_LABELS


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "ineligible"
    UNKNOWN = "unknown"


class MeansTest(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    EXEMPT = "exempt"  # Art.32 ground or Art.42 group
    NOT_REQUIRED = "not_required"  # Art.25 / 28 notice
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class MissingFact:
    """A fact the decision still needs; ``field`` is the batch-schema field name."""

    field: str

    @property
    def label(self) -> str:
        return FACT_LABELS.get(self.field, self.field)

    def describe(self) -> str:
        return f"{self.label}（{self.field}）"


CalculationValue = str | int | bool | None


@dataclass(frozen=True, kw_only=True)
class Result:
    """A decision with everything needed to store it as a snapshot next to the application (X4).

    ``calculation`` holds the figures used (threshold and income in 分, basis, comparison);
    ``rule_version`` is ``"<area>/<effective_from>"`` of the hardship rule applied, or ``None`` when
    no rule was needed or found.
    """

    verdict: Verdict
    means_test: MeansTest
    reasons: tuple[str, ...]
    legal_basis: tuple[str, ...]
    missing: tuple[MissingFact, ...] = ()
    calculation: Mapping[str, CalculationValue] = field(default_factory=dict)
    rule_version: str | None = None

    @property
    def missing_facts(self) -> tuple[str, ...]:
        return tuple(item.field for item in self.missing)
