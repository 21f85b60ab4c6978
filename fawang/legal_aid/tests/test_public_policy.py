"""The public legal-aid policy page (/legal-aid/policy/): the standard in force for the region, the scope and
exemptions, the materials, local figures and the agency's address; linked from the portal's application."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.eligibility.services import hardship_area_create, hardship_standard_create
from fawang.legal_aid import services as s
from fawang.legal_aid.tests.helpers import squash

pytestmark = pytest.mark.django_db


def _src(value: object, source: str = "测试省法律援助经济困难标准（测试数据）") -> dict[str, object]:
    return {"value": value, "source": source}


@pytest.fixture
def standards(personas: dict[str, User]) -> None:
    admin = personas["admin"]
    area = hardship_area_create(actor=admin, key="testprov", province="测试省")
    base = {
        "instrument": _src("测试省法律援助经济困难标准"),
        "basis": _src("fixed_amount"),
        "comparison": _src("at_or_below"),
        "asset_test": _src("两套以上住房"),
    }
    hardship_standard_create(
        actor=admin,
        area=area,
        data={**base, "effective_from": _src("2024-01-01"), "threshold_yuan": _src(2000)},
        reason="测试",
    )
    hardship_standard_create(
        actor=admin,
        area=area,
        data={
            **base,
            "effective_from": _src("2025-07-01"),
            "threshold_yuan": _src(2150.5),
            "judicial_assistance_mutual": _src(True, "测试省法律援助条例第八条"),
        },
        reason="测试",
    )


def test_anonymous_visitor_sees_the_standard_in_force_and_the_agency(
    personas: dict[str, User], county: County, standards: None
) -> None:
    county.aid_centre.address = "甲县人民路8号"
    county.aid_centre.phone = "0999-1234567"
    county.aid_centre.save()
    s.aid_policy_set(
        actor=personas["admin"],
        region=county.county,  # the county administrator's own jurisdiction
        effective_from=date(2024, 1, 1),
        source="测试省法律援助条例",
        objection_window_days=15,
        recusal_working_days=3,
    )
    anonymous = Client()
    url = f"/legal-aid/policy/?region={county.county.code}"
    with time_machine.travel(datetime(2025, 6, 30, 4, tzinfo=UTC), tick=False):
        before = squash(anonymous.get(url).content.decode())
    with time_machine.travel(datetime(2025, 7, 1, 4, tzinfo=UTC), tick=False):
        response = anonymous.get(url)
    assert response.status_code == 200
    page = squash(response.content.decode())
    assert "家庭人均月收入不超过（含）<strong>2000元</strong>" in before
    assert "司法救助决定" not in before.split("可以申请")[0]
    assert "家庭人均月收入不超过（含）<strong>2150.50元</strong>" in page
    assert "两套以上住房" in page
    assert "测试省法律援助条例第八条" in page  # C22, from the switch date only
    assert "请求给付赡养费、抚养费、扶养费" in page  # Art.31
    assert "法律、法规、规章规定的其他情形" in page  # Art.31(9)
    assert "家庭暴力" in page  # Art.32
    assert "社会救助、司法救助或者优抚对象" in page  # Art.42
    assert "个人诚信承诺" in page  # materials (Art.41)
    assert "15日内向司法行政部门提出" in page
    assert "3个工作日内决定" in page
    assert "甲县法律援助中心" in page
    assert "甲县人民路8号" in page
    assert "0999-1234567" in page


def test_region_without_a_standard_and_a_bad_code(county: County) -> None:
    anonymous = Client()
    page = squash(anonymous.get(f"/legal-aid/policy/?region={county.county.code}").content.decode())
    assert "请向法律援助机构或拨打12348咨询" in page
    bad = anonymous.get("/legal-aid/policy/?region=000000000000")
    assert bad.status_code == 404
    assert "未找到区划代码" in bad.content.decode()


def test_portal_legal_aid_application_links_to_the_policy(county: County) -> None:
    page = Client().get("/apply/legal-aid/").content.decode()
    assert 'href="/legal-aid/policy/"' in page
