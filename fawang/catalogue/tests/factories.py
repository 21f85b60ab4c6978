"""Inputs and rows for the 事项清单 tests. `item_input` returns a fresh value each call (no shared sample dict)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from fawang.catalogue.models import FeeStatus, ProviderKind, ServiceKind, ServiceMode
from fawang.catalogue.services import ServiceItemInput


def item_input(**overrides: Any) -> ServiceItemInput:
    base = ServiceItemInput(
        code="T001",
        name="法律咨询",
        kind=ServiceKind.CONSULTATION,
        target_group="社会公众",
        content="解答法律问题。",
        modes=(ServiceMode.WINDOW, ServiceMode.HOTLINE),
        fee_status=FeeStatus.FREE,
        provider_kind=ProviderKind.SERVICE_CENTRE,
        basis="《公共法律服务事项清单》",
        effective_from=datetime.date(2020, 1, 1),
    )
    return dataclasses.replace(base, **overrides)
