"""The local legal-aid figures page (C11, C13, C21, C23): administrators set them for their own jurisdiction with a
source; reviewers and supervisors read them; anything else is refused and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.legal_aid.models import AidPolicy
from fawang.legal_aid.selectors import aid_policy_for
from fawang.mediation.tests.helpers import client_for

pytestmark = pytest.mark.django_db
URL = "/work/legal-aid/local-policy/"


def _form(region_pk: int, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "region": region_pk,
        "effective_from": "2026-01-01",
        "objection_window_days": "5",
        "closing_filing_days": "",
        "progress_interval_days": "30",
        "recusal_working_days": "3",
        "source": "测试县法律援助实施办法（测试数据）",
    }
    data.update(overrides)
    return data


def test_an_administrator_sets_figures_that_the_deadlines_then_use(
    personas: dict[str, User], county: County
) -> None:
    admin = client_for(personas["admin"])
    page = admin.get(URL)
    assert page.status_code == 200
    assert 'id="local-policy-form"' in page.content.decode()
    response = admin.post(URL, _form(county.county.pk))
    assert response.status_code == 302
    policy = aid_policy_for(region=county.village_x, on=date(2026, 3, 1))
    assert policy is not None
    assert (policy.objection_window_days, policy.closing_filing_days, policy.recusal_working_days) == (
        5,
        None,
        3,
    )
    listed = admin.get(URL).content.decode()
    assert "测试县法律援助实施办法" in listed
    # Saving the same place and date again edits that row rather than adding one.
    assert admin.post(URL, _form(county.county.pk, recusal_working_days="4")).status_code == 302
    assert list(AidPolicy.objects.values_list("recusal_working_days", flat=True)) == [4]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"source": ""}, "该字段是必填项"),
        ({"objection_window_days": "-1"}, "大于或等于1"),
        ({"effective_from": "明天"}, "有效的日期"),
        ({"region": "999999"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_explained_in_chinese_and_changes_nothing(
    personas: dict[str, User], county: County, overrides: dict[str, object], message: str
) -> None:
    response = client_for(personas["admin"]).post(URL, _form(county.county.pk, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AidPolicy.objects.exists()


def test_no_place_outside_the_administrators_jurisdiction_can_be_chosen(
    personas: dict[str, User], county: County
) -> None:
    response = client_for(personas["admin"]).post(URL, _form(county.other_county.pk))
    assert response.status_code == 400
    assert not AidPolicy.objects.exists()


def test_the_service_refuses_a_place_outside_the_jurisdiction(
    personas: dict[str, User], county: County
) -> None:
    from fawang.core.errors import PermissionDeniedError
    from fawang.legal_aid.services import aid_policy_set

    with pytest.raises(PermissionDeniedError, match="本辖区"):
        aid_policy_set(
            actor=personas["admin"], region=county.other_county, effective_from=date(2026, 1, 1), source="x"
        )
    assert not AidPolicy.objects.exists()


@pytest.mark.parametrize("persona", ["county_supervisor", "aid_reviewer"])
def test_readers_see_the_figures_but_cannot_change_them(
    personas: dict[str, User], county: County, persona: str
) -> None:
    client = client_for(personas[persona])
    page = client.get(URL)
    assert page.status_code == 200
    assert 'id="local-policy-form"' not in page.content.decode()
    assert client.post(URL, _form(county.county.pk)).status_code == 403
    assert not AidPolicy.objects.exists()


@pytest.mark.parametrize("persona", ["citizen", "window_clerk", "aid_lawyer"])
def test_others_are_refused(personas: dict[str, User], county: County, persona: str) -> None:
    client = client_for(personas[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form(county.county.pk)).status_code == 403
    assert not AidPolicy.objects.exists()
