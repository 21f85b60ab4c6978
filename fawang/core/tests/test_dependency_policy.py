"""X10: keep dependencies current (ADR 0107). The parts of the upgrade policy that a test can hold.

Every runtime dependency states a lower bound. Django stays on one LTS series, and the installed Django belongs to
it. The ADR's table names the series and the Python floor that pyproject.toml declares. No module grows past
STYLE §1's 800 lines unless it is listed below with its reason.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import django
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "fawang"
ADR = ROOT / "docs" / "adr" / "0107-dependency-upgrade-policy.md"
MODULE_LINE_LIMIT = 800
# Modules allowed past the limit, each with the reason; split them when next touched (STYLE §1).
LONG_MODULES = {
    "fawang/legal_aid/services.py": "the legal-aid lifecycle services; due to become a package by use case",
}


def _project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return dict(tomllib.load(f)["project"])


def _django_requirement() -> Requirement:
    requirements = [Requirement(r) for r in _project()["dependencies"]]
    return next(r for r in requirements if r.name.lower() == "django")


def test_every_runtime_dependency_states_a_lower_bound() -> None:
    # X10: an upgrade is an edit to a reviewed range, never whatever happens to be installed.
    unbounded = [
        r
        for r in _project()["dependencies"]
        if not any(s.operator in (">=", "==", "~=") for s in Requirement(r).specifier)
    ]
    assert unbounded == []


def test_django_is_one_lts_series_and_installed_from_it() -> None:
    # X10: Django>=X.2,<X.3, the LTS line; the installed Django is inside that range.
    specifier = _django_requirement().specifier
    floor = next(s.version for s in specifier if s.operator == ">=")
    cap = next(s.version for s in specifier if s.operator == "<")
    major, minor = (int(part) for part in floor.split(".")[:2])
    assert minor == 2, f"Django {floor} is not an LTS series (X.2)"
    assert cap == f"{major}.3"
    assert specifier.contains(django.__version__)


def test_adr_table_names_the_series_in_use() -> None:
    # X10: the ADR's support table is edited together with pyproject.toml.
    text = ADR.read_text(encoding="utf-8")
    floor = next(s.version for s in _django_requirement().specifier if s.operator == ">=")
    django_series = ".".join(floor.split(".")[:2])
    python_floor = re.fullmatch(r">=\s*(\d+\.\d+)", _project()["requires-python"])
    assert python_floor is not None
    assert f"| Django {django_series} (LTS) |" in text
    assert f"| Python {python_floor.group(1)} " in text


def test_no_module_grows_past_the_line_limit() -> None:
    # X10, STYLE §1: modules stay small; a long one becomes a package split by use case.
    long = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative or "/tests/" in relative:
            continue
        with path.open(encoding="utf-8") as f:
            lines = sum(1 for _ in f)
        if lines > MODULE_LINE_LIMIT and relative not in LONG_MODULES:
            long[relative] = lines
    assert long == {}, "split these modules into packages (STYLE §1, ADR 0107)"
