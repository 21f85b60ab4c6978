"""Legal-aid eligibility engine (法律援助法 2021): a pure library, no Django (STYLE.md section 6).

Public API::

    rules = load_rulebook_dir(DEFAULT_RULES_DIR)        # or load_rulebook(dicts) from a database table
    result = evaluate(facts=Facts(...), rules=rules)    # Result(verdict, means_test, reasons, ...)
    evaluate_json(line_dict, rules)                     # the batch schema of docs/eligibility.md

Requirements: C1 (scope plus hardship), C2 (Art.42 groups skip the check), C3 (effective-dated rules
per area), C18 (Art.31 items and Art.32 grounds are coded and cited), X4 (the result carries a
calculation snapshot and the rule version).
"""

from fawang.eligibility.engine.engine import evaluate
from fawang.eligibility.engine.facts import (
    UNKNOWN,
    ApplicantGroup,
    Facts,
    Ground,
    Matter,
    Unknown,
)
from fawang.eligibility.engine.jsonl import InputError, evaluate_json, process_line
from fawang.eligibility.engine.loader import (
    DEFAULT_RULES_DIR,
    load_rulebook,
    load_rulebook_dir,
    parse_rule,
)
from fawang.eligibility.engine.result import MeansTest, MissingFact, Result, Verdict
from fawang.eligibility.engine.rules import Area, HardshipRule, RuleBook, RuleError

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
