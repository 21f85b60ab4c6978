"""`fawang indicators` is a new process each time (issue 7 §8: ≤ 1 s including start-up): Django's start-up must
not import what only other features use. Each module below was imported by every process before it was made lazy."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Module -> who pulled it in at start-up before.
NOT_AT_STARTUP = {
    "yaml": "fawang.legal_aid.codes -> fawang.eligibility.engine (the YAML rule loader)",
    "fawang.eligibility.engine.engine": "fawang.legal_aid.codes -> fawang.eligibility.engine",
    "fawang.eligibility.engine.loader": "fawang.legal_aid.codes -> fawang.eligibility.engine",
    "pyotp": "SecurityConfig.ready() -> fawang.security.signals -> fawang.security.totp",
    "cryptography.fernet": "the models -> fawang.core.crypto; SecurityConfig.ready() -> fawang.security.checks",
}

PROBE = """
import json, sys
import django
django.setup()
from django.core.management import load_command_class
load_command_class("fawang.supervision", "indicators")
print(json.dumps(sorted(sys.modules)))
"""


def test_setup_and_the_indicators_command_leave_unrelated_modules_unimported() -> None:
    probe = [sys.executable, "-c", PROBE]  # the settings module comes from this test run's environment
    out = subprocess.run(probe, check=True, capture_output=True, text=True, env=dict(os.environ)).stdout  # noqa: S603
    loaded = set(json.loads(out.splitlines()[-1]))
    assert "fawang.supervision.indicators" in loaded  # the probe did start Django and load the command
    assert {m: why for m, why in NOT_AT_STARTUP.items() if m in loaded} == {}


def test_the_lazy_names_of_the_eligibility_engine_still_resolve() -> None:
    from fawang.eligibility import engine

    assert engine.evaluate.__module__ == "fawang.eligibility.engine.engine"
    assert engine.DEFAULT_RULES_DIR.is_dir()
    assert set(engine.__all__) <= set(dir(engine))


CONSOLE_PROBE = (
    "import gc, json, django; "
    "print(json.dumps([gc.isenabled(), gc.get_freeze_count(), django.setup.__module__]))"
)


def test_the_console_command_collects_garbage_again_once_django_is_set_up() -> None:
    """fawang/__main__.py keeps the collector off during start-up only: the command runs with it on, the objects
    start-up built frozen, and django.setup back to Django's own function."""
    probe = [sys.executable, "-m", "fawang", "shell", "-v", "0", "-c", CONSOLE_PROBE]
    out = subprocess.run(probe, check=True, capture_output=True, text=True, env=dict(os.environ)).stdout  # noqa: S603
    enabled, frozen, setup_module = json.loads(out.splitlines()[-1])
    assert enabled is True
    assert frozen > 10_000  # the modules and model classes of start-up, not a handful of objects
    assert setup_module == "django"
