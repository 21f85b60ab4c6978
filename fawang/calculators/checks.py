"""A system check (J10): malformed calculator settings stop start-up instead of failing on a citizen's page."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from fawang.calculators.config import lawyer_fee_tables, regional_figures


@checks.register()
def calculator_settings_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for load in (regional_figures, lawyer_fee_tables):
        try:
            load()
        except ImproperlyConfigured as exc:
            errors.append(checks.Error(str(exc), id="calculators.E001"))
    return errors
