"""Parameters read for many keys at once give what each key read alone gives (K1: targets per jurisdiction)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fawang.conftest import County
from fawang.regions.models import Region
from fawang.supervision.models import Parameter
from fawang.supervision.parameters import (
    SMALL_CELL_KEY,
    parameter_decimals,
    parameter_value,
    parameter_values,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 3, 31)


def _set(key: str, region: Region | None, value: object, effective_from: date) -> None:
    Parameter.objects.create(
        key=key, region=region, value=value, effective_from=effective_from, source="测试"
    )


@pytest.fixture
def parameters(county: County) -> None:
    _set("target.a", None, "90", date(2025, 1, 1))  # national
    _set("target.a", county.province, "80", date(2025, 1, 1))
    _set("target.a", county.county, "70", date(2025, 1, 1))
    _set("target.a", county.county, "60", date(2026, 2, 1))  # later date at the same region wins
    _set("target.a", county.town_x, "10", date(2026, 6, 1))  # not yet in force on AS_OF
    _set("target.b", None, "95", date(2025, 1, 1))
    _set("target.b", county.other_county, "50", date(2025, 1, 1))  # not an ancestor
    _set("target.c", county.province, "", date(2025, 1, 1))  # explicitly no target


@pytest.mark.usefixtures("parameters")
def test_many_keys_at_once_equal_each_key_alone(county: County) -> None:
    keys = ["target.a", "target.b", "target.c", "target.none", SMALL_CELL_KEY]
    for region in (county.town_x, county.county, county.province, county.other_county, None):
        together = parameter_values(keys=keys, region=region, as_of=AS_OF)
        assert together == {k: parameter_value(key=k, region=region, as_of=AS_OF) for k in keys}, region


@pytest.mark.usefixtures("parameters")
def test_nearest_region_then_latest_date_then_national_then_default(county: County) -> None:
    values = parameter_decimals(
        keys=["target.a", "target.b", "target.c", "target.none"], region=county.town_x, as_of=AS_OF
    )
    assert values == {"target.a": Decimal(60), "target.b": Decimal(95), "target.c": None, "target.none": None}
    assert parameter_value(key=SMALL_CELL_KEY, region=county.town_x, as_of=AS_OF) == 5  # the default
    assert parameter_values(keys=["target.a"], region=county.other_county, as_of=AS_OF) == {"target.a": "80"}


def test_unknown_key_is_refused(county: County) -> None:
    with pytest.raises(KeyError):
        parameter_values(keys=["no.such.key"], region=county.county, as_of=AS_OF)
