"""The demo 事项清单 (G3): modelled on 司发通〔2019〕97号, written through the services, idempotent."""

from __future__ import annotations

import pytest

from fawang.accounts.models import User
from fawang.catalogue.demo import DEMO_ITEMS, catalogue_demo_build
from fawang.catalogue.models import FREE_KINDS, ServiceItem, ServiceKind
from fawang.conftest import County

pytestmark = pytest.mark.django_db


def test_the_demo_list_covers_every_kind_and_a_rerun_adds_nothing(editor: User, county: County) -> None:
    """G3: every item has its six fields; G4: the free kinds are free in the seed too."""
    assert catalogue_demo_build(actor=editor, province=county.province) == len(DEMO_ITEMS) == 14
    assert catalogue_demo_build(actor=editor, province=county.province) == 0
    items = ServiceItem.objects.filter(province=county.province)
    assert items.count() == 14
    assert set(items.values_list("kind", flat=True)) == set(ServiceKind.values)
    assert not items.filter(kind__in=FREE_KINDS, fee_status="charged").exists()
    assert sorted(items.filter(fee_status="charged").values_list("code", flat=True)) == [
        "GF060",
        "GF070",
        "GF080",
        "GF090",
        "GF100",
    ]
    incomplete = [i.code for i in items if not all((i.target_group, i.content, i.modes, i.basis))]
    assert incomplete == []
