"""Legal-aid eligibility engine (法律援助法 2021): a pure library, no Django (STYLE.md section 6).

Public API::

    rules = load_rulebook_dir(DEFAULT_RULES_DIR)        # or load_rulebook(dicts) from a database table
    result = evaluate(facts=Facts(...), rules=rules)    # Result(verdict, means_test, reasons, ...)
    evaluate_json(line_dict, rules)                     # the batch schema of docs/eligibility.md

Requirements: C1 (scope plus hardship), C2 (Art.42 groups skip the check), C3 (effective-dated rules
per area), C18 (Art.31 items and Art.32 grounds are coded and cited), X4 (the result carries a
calculation snapshot and the rule version).

Only the fact vocabulary is imported eagerly: legal_aid's models use the enums, so every process (every `fawang`
command) imports this package at start-up, while the engine, the JSONL adapter and the YAML rule loader (PyYAML)
are needed only where eligibility is evaluated. They load on first access of their names (PEP 562; issue 7 §8).
"""

from importlib import import_module
from typing import TYPE_CHECKING

from fawang.eligibility.engine.facts import (
    UNKNOWN,
    ApplicantGroup,
    Facts,
    Ground,
    Matter,
    Unknown,
)

if TYPE_CHECKING:
    from fawang.eligibility.engine.engine import evaluate
    from fawang.eligibility.engine.jsonl import InputError, evaluate_json, process_line
    from fawang.eligibility.engine.loader import (
        DEFAULT_RULES_DIR,
        load_rulebook,
        load_rulebook_dir,
        parse_rule,
    )
    from fawang.eligibility.engine.result import MeansTest, MissingFact, Result, Verdict
    from fawang.eligibility.engine.rules import Area, HardshipRule, RuleBook, RuleError

# Public name -> submodule that defines it, imported on first use.
_LAZY: dict[str, str] = {
    "evaluate": "engine",
    "InputError": "jsonl",
    "evaluate_json": "jsonl",
    "process_line": "jsonl",
    "DEFAULT_RULES_DIR": "loader",
    "load_rulebook": "loader",
    "load_rulebook_dir": "loader",
    "parse_rule": "loader",
    "MeansTest": "result",
    "MissingFact": "result",
    "Result": "result",
    "Verdict": "result",
    "Area": "rules",
    "HardshipRule": "rules",
    "RuleBook": "rules",
    "RuleError": "rules",
}


def __getattr__(name: str) -> object:
    submodule = _LAZY.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{submodule}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "DEFAULT_RULES_DIR",
    "UNKNOWN",
    "ApplicantGroup",
    "Area",
    "Facts",
    "Ground",
    "HardshipRule",
    "InputError",
    "Matter",
    "MeansTest",
    "MissingFact",
    "Result",
    "RuleBook",
    "RuleError",
    "Unknown",
    "Verdict",
    "evaluate",
    "evaluate_json",
    "load_rulebook",
    "load_rulebook_dir",
    "parse_rule",
    "process_line",
]
