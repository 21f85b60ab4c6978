"""The editors of the test province's 事项清单, and one of another province (G3 scoping)."""

from __future__ import annotations

import pytest

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.catalogue.models import ServiceItem
from fawang.catalogue.services import catalogue_item_create
from fawang.catalogue.tests.factories import item_input
from fawang.conftest import County, MakeUser
from fawang.regions.models import Region, RegionLevel
from fawang.regions.tests.factories import RegionFactory


@pytest.fixture
def other_province(db: None) -> Region:
    return RegionFactory.create(code="980000000000", name="外省", level=RegionLevel.PROVINCE, parent=None)


@pytest.fixture
def other_editor(other_province: Region, make_user: MakeUser) -> User:
    return make_user("other_prov_admin", Role.ADMIN, region=other_province)


@pytest.fixture
def editor(personas: dict[str, User]) -> User:
    """The province-level supervisor of 测试省 (the shared persona)."""
    return personas["province_supervisor"]


@pytest.fixture
def free_item(editor: User, county: County) -> ServiceItem:
    return catalogue_item_create(actor=editor, province=county.province, data=item_input())


@pytest.fixture
def charged_item(editor: User, county: County) -> ServiceItem:
    return catalogue_item_create(
        actor=editor,
        province=county.province,
        data=item_input(
            code="T070",
            name="公证服务",
            kind="notary",
            fee_status="charged",
            fee_basis="按价格主管部门核定的标准收取",
            provider_kind="notary_office",
            basis="《中华人民共和国公证法》",
            order=70,
        ),
    )
