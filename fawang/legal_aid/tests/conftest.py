from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _long_sessions(settings: Any) -> None:
    """Tests travel in time (2025) and back: sessions saved "in 2025" must not look expired afterwards."""
    settings.SESSION_COOKIE_AGE = 20 * 365 * 24 * 3600
