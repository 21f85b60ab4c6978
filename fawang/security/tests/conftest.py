from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import override_settings

REAL_LIMITS = {"login": "20/m", "sms": "5/h", "search": "60/m", "intake": "30/m", "reveal": "30/h"}


@pytest.fixture
def real_rate_limits() -> Iterator[dict[str, str]]:
    caches["default"].clear()
    with override_settings(FAWANG_RATE_LIMITS=REAL_LIMITS):
        yield REAL_LIMITS
    caches["default"].clear()


@pytest.fixture
def totp_for_admins() -> Iterator[None]:
    with override_settings(FAWANG_TOTP_REQUIRED_ROLES=["admin"]):
        yield
