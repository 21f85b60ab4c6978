"""``manage.py check_eligibility --jsonl --rules DIR`` (the file source): one JSON line out per input line (C1).

The database source (the default) is tested in test_db_rules.py."""

import io
import json
import os

import django
import pytest
from django.core.management import CommandError, call_command

from fawang.eligibility.engine import DEFAULT_RULES_DIR


@pytest.fixture(autouse=True, scope="module")
def _django() -> None:
    """Works with and without pytest-django (the engine suite runs with ``-p no:django``)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fawang.config.settings.test")
    django.setup()


def _run(*lines: str) -> list[dict[str, object]]:
    out = io.StringIO()
    call_command(
        "check_eligibility",
        "--jsonl",
        "--rules",
        str(DEFAULT_RULES_DIR),
        stdin=io.StringIO("".join(f"{text}\n" for text in lines)),
        stdout=out,
    )
    return [json.loads(text) for text in out.getvalue().splitlines()]


def test_command_writes_one_line_per_input_line() -> None:
    good = {
        "id": 7,
        "date": "2024-08-01",
        "agency_region": "上海市",
        "matter": "maintenance",
        "criminal_notice": False,
        "grounds": [],
        "applicant_groups": [],
        "monthly_income_per_capita": 3000,
        "household_size": 2,
        "has_large_assets": False,
    }
    outputs = _run(
        json.dumps(good, ensure_ascii=False),
        "{broken",
        "",
        json.dumps({"id": "n", "date": "2024-08-01", "criminal_notice": True}),
    )
    assert [output["id"] for output in outputs] == [7, None, "n"]
    assert (outputs[0]["verdict"], outputs[0]["means_test"], outputs[0]["missing"]) == (
        "eligible",
        "passed",
        [],
    )
    assert outputs[1] == {"id": None, "error": "该行不是有效的JSON（第2列）。"}
    assert (outputs[2]["verdict"], outputs[2]["means_test"]) == ("eligible", "not_required")


def test_command_output_is_not_ascii_escaped() -> None:
    out = io.StringIO()
    call_command(
        "check_eligibility",
        "--jsonl",
        "--rules",
        str(DEFAULT_RULES_DIR),
        stdin=io.StringIO('{"id": 1, "date": "2024-08-01"}\n'),
        stdout=out,
    )
    assert "受理" in out.getvalue()


def test_command_requires_jsonl_flag() -> None:
    with pytest.raises(CommandError, match="--jsonl"):
        call_command("check_eligibility", stdin=io.StringIO(""))
