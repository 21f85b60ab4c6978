"""Web hardening (M15): CSP and security headers on every response, no inline script in any template, and
`fawang check --deploy` clean with the production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from fawang.accounts.models import User

FAWANG_DIR = Path(__file__).resolve().parents[2]
EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _csp_directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_headers_on_public_and_private_pages(personas: dict[str, User]) -> None:
    client = Client()
    public = client.get("/accounts/login/")
    assert _csp_directives(public["Content-Security-Policy"]) == _csp_directives(EXPECTED_CSP)
    assert public["X-Frame-Options"] == "DENY"
    assert public["X-Content-Type-Options"] == "nosniff"
    assert public["Referrer-Policy"] == "same-origin"
    assert public["Cross-Origin-Opener-Policy"] == "same-origin"
    assert public["Permissions-Policy"].startswith("camera=()")
    client.force_login(personas["clerk_x"])
    private = client.get("/work/")
    assert private["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in private


def test_session_and_csrf_cookie_flags(personas: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    refused = client.post("/accounts/login/", {"username": "clerk", "password": "Passw0rd!x"})
    assert refused.status_code == 403  # no CSRF token
    ok = client.post(
        "/accounts/login/", {"username": "clerk", "password": "Passw0rd!x", "csrfmiddlewaretoken": token}
    )
    assert ok.status_code == 302
    session = ok.cookies["sessionid"]
    assert (session["httponly"], session["samesite"], session["max-age"]) == (True, "Lax", 1800)


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)
_HX_ON = re.compile(r"\shx-on", re.IGNORECASE)


def test_no_template_has_inline_script_or_style() -> None:
    """The CSP forbids them; this finds them in review instead of in a user's console (ADR 0083)."""
    offenders = []
    for template in sorted(FAWANG_DIR.glob("*/templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern in (_INLINE_SCRIPT, _EVENT_HANDLER, _STYLE_ATTR, _HX_ON):
            offenders += [f"{template.relative_to(FAWANG_DIR)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


@pytest.mark.parametrize(
    ("_case", "extra_env", "expected_ids"),
    [
        ("production settings with real secrets: clean", {}, []),
        (
            "no personal-information officer published (M13)",
            {"FAWANG_PI_OFFICER_NAME": "", "FAWANG_PI_OFFICER_PHONE": ""},
            ["security.W806"],
        ),
        (
            "development PII keys in production",
            {"FAWANG_PII_INDEX_KEYS": "dev-only-blind-index-key"},
            ["security.E802"],
        ),
        (
            "administrators without a second factor",
            {"FAWANG_TOTP_REQUIRED_ROLES": "hotline_operator"},
            ["security.W804"],
        ),
    ],
)
def test_check_deploy(tmp_path: Path, _case: str, extra_env: dict[str, str], expected_ids: list[str]) -> None:
    # A clean production environment: none of the project's variables, and not the async-unsafe switch the
    # browser tests set for their own process.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FAWANG_", "DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "fawang.config.settings.prod",
            "SECRET_KEY": Fernet.generate_key().decode() + Fernet.generate_key().decode(),
            "FAWANG_PII_KEYS": Fernet.generate_key().decode(),
            "FAWANG_PII_INDEX_KEYS": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "fawang.example.gov.cn",
            "FAWANG_DATA_DIR": str(tmp_path),
            "FAWANG_PI_OFFICER_NAME": "王敏",
            "FAWANG_PI_OFFICER_PHONE": "023-12348000",
            **extra_env,
        }
    )
    result = subprocess.run(  # noqa: S603  # the project's own manage entry point
        [sys.executable, "-m", "fawang", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = sorted(set(re.findall(r"\((security\.[EW]\d+)\)", result.stdout + result.stderr)))
    assert found == expected_ids, result.stdout + result.stderr
    assert (result.returncode == 0) == (expected_ids == [])
