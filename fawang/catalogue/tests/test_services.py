"""The 事项清单 services (G3) and the free-items rule (G4) at the service and the database level."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from fawang.accounts.models import User
from fawang.catalogue.models import FREE_KINDS, FeeStatus, ServiceItem, ServiceKind
from fawang.catalogue.selectors import catalogue_item_list_public
from fawang.catalogue.services import catalogue_item_create, catalogue_item_retire, catalogue_item_update
from fawang.catalogue.tests.factories import item_input
from fawang.conftest import County
from fawang.core.errors import ConflictError, DomainError, PermissionDeniedError
from fawang.core.models import AuditEntry
from fawang.regions.models import Region

pytestmark = pytest.mark.django_db


def test_a_province_editor_creates_an_item_with_every_g3_field(editor: User, county: County) -> None:
    """G3: each item has target group, content, mode, fee status, provider and basis; the write is audited."""
    audits = AuditEntry.objects.count()
    item = catalogue_item_create(
        actor=editor,
        province=county.province,
        data=item_input(modes=("window", "online", "window"), provider_name=" 甲县公共法律服务中心 "),
    )
    item.refresh_from_db()
    assert (item.province_id, item.code, item.kind, item.fee_status) == (
        county.province.pk,
        "T001",
        "consultation",
        "free",
    )
    assert item.modes == ["window", "online"]
    assert item.provider_label == "甲县公共法律服务中心"
    assert item.created_by == editor
    assert AuditEntry.objects.count() == audits + 1
    assert AuditEntry.objects.latest("id").object_id == str(item.pk)


@pytest.mark.parametrize("kind", FREE_KINDS)
def test_g4_a_free_kind_cannot_be_created_as_charged(editor: User, county: County, kind: ServiceKind) -> None:
    """G4 (山东条例 Art.16, 20): 普法, consultation, legal aid, mediation and hotline/online guidance are free."""
    audits = AuditEntry.objects.count()
    with pytest.raises(DomainError, match="属于免费公共法律服务，不能设为收费") as exc:
        catalogue_item_create(
            actor=editor,
            province=county.province,
            data=item_input(kind=kind, fee_status=FeeStatus.CHARGED, fee_basis="按标准收取"),
        )
    assert exc.value.code == "free_item_charged"
    assert ServiceItem.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_g4_a_free_item_cannot_be_changed_to_charged(editor: User, free_item: ServiceItem) -> None:
    """G4: an update that would charge a free item is refused and the row keeps its values."""
    audits = AuditEntry.objects.count()
    updated_at = free_item.updated_at
    with pytest.raises(DomainError, match="“法律咨询”属于免费公共法律服务"):
        catalogue_item_update(
            actor=editor,
            item=free_item,
            data=item_input(fee_status=FeeStatus.CHARGED, fee_basis="每小时200元", name="付费咨询"),
        )
    free_item.refresh_from_db()
    assert (free_item.fee_status, free_item.fee_basis, free_item.name) == ("free", "", "法律咨询")
    assert free_item.updated_at == updated_at
    assert AuditEntry.objects.count() == audits


@pytest.mark.parametrize("kind", FREE_KINDS)
def test_g4_the_database_refuses_a_charged_free_kind(free_item: ServiceItem, kind: ServiceKind) -> None:
    """G4 held by the CheckConstraint `catalogue_free_kind_not_charged`, for writes that bypass the services."""
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceItem.objects.filter(pk=free_item.pk).update(
            kind=kind, fee_status="charged", fee_basis="按标准收取"
        )
    free_item.refresh_from_db()
    assert (free_item.kind, free_item.fee_status) == ("consultation", "free")


def test_the_database_refuses_a_charged_item_without_a_fee_basis(charged_item: ServiceItem) -> None:
    """G3: a charged item states its fee basis."""
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceItem.objects.filter(pk=charged_item.pk).update(fee_basis="")
    charged_item.refresh_from_db()
    assert charged_item.fee_basis == "按价格主管部门核定的标准收取"


def test_a_charged_kind_needs_a_fee_basis(editor: User, county: County) -> None:
    with pytest.raises(DomainError, match="请写明收费依据"):
        catalogue_item_create(
            actor=editor,
            province=county.province,
            data=item_input(kind="notary", fee_status="charged", provider_kind="notary_office"),
        )
    assert ServiceItem.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "overrides", "message"),
    [
        ("no mode", {"modes": ()}, "请至少选择一种服务方式"),
        ("unknown mode", {"modes": ("fax",)}, "请至少选择一种服务方式"),
        ("no basis", {"basis": "  "}, "请填写设立依据"),
        ("no target group", {"target_group": ""}, "请填写服务对象"),
        ("unknown kind", {"kind": "tax"}, "请选择服务类别"),
        ("range", {"effective_to": datetime.date(2019, 12, 31)}, "截止日期不能早于施行日期"),
    ],
)
def test_an_incomplete_item_is_refused(
    editor: User, county: County, _case: str, overrides: dict[str, object], message: str
) -> None:
    """G3: the six fields are required."""
    with pytest.raises(DomainError, match=message):
        catalogue_item_create(actor=editor, province=county.province, data=item_input(**overrides))
    assert ServiceItem.objects.count() == 0


def test_codes_are_unique_within_a_province(editor: User, free_item: ServiceItem, county: County) -> None:
    with pytest.raises(ConflictError):
        catalogue_item_create(actor=editor, province=county.province, data=item_input(name="另一个"))
    assert ServiceItem.objects.count() == 1


def test_a_province_editor_updates_and_a_repeat_changes_nothing(editor: User, free_item: ServiceItem) -> None:
    audits = AuditEntry.objects.count()
    data = item_input(content="解答法律问题，提供法律意见。", modes=("hotline",))
    catalogue_item_update(actor=editor, item=free_item, data=data)
    catalogue_item_update(actor=editor, item=free_item, data=data)
    free_item.refresh_from_db()
    assert (free_item.content, free_item.modes) == ("解答法律问题，提供法律意见。", ["hotline"])
    assert AuditEntry.objects.count() == audits + 1


@pytest.mark.parametrize("persona", ["admin", "county_supervisor", "window_clerk", "citizen"])
def test_only_province_level_editors_write(
    personas: dict[str, User], county: County, free_item: ServiceItem, persona: str
) -> None:
    """G3 is configured per province: county staff, even administrators, cannot edit the province's list."""
    audits = AuditEntry.objects.count()
    with pytest.raises(PermissionDeniedError):
        catalogue_item_create(actor=personas[persona], province=county.province, data=item_input(code="X"))
    with pytest.raises(PermissionDeniedError):
        catalogue_item_update(actor=personas[persona], item=free_item, data=item_input(name="改名"))
    with pytest.raises(PermissionDeniedError):
        catalogue_item_retire(actor=personas[persona], item=free_item, reason="无")
    free_item.refresh_from_db()
    assert (free_item.name, free_item.active) == ("法律咨询", True)
    assert ServiceItem.objects.count() == 1
    assert AuditEntry.objects.count() == audits


def test_another_provinces_editor_cannot_touch_this_list(
    other_editor: User, other_province: Region, county: County, free_item: ServiceItem
) -> None:
    """G3 scoping: a province administrator edits only their own province's list."""
    with pytest.raises(PermissionDeniedError, match="只能修改本省"):
        catalogue_item_update(actor=other_editor, item=free_item, data=item_input(name="改名"))
    with pytest.raises(PermissionDeniedError):
        catalogue_item_create(actor=other_editor, province=county.province, data=item_input(code="X"))
    free_item.refresh_from_db()
    assert free_item.name == "法律咨询"
    own = catalogue_item_create(actor=other_editor, province=other_province, data=item_input())
    assert own.province == other_province


def test_the_list_belongs_to_a_province_node(editor: User, county: County) -> None:
    with pytest.raises(DomainError, match="按省（区、市）配置"):
        catalogue_item_create(actor=editor, province=county.county, data=item_input())
    assert ServiceItem.objects.count() == 0


def test_retiring_takes_the_item_off_the_public_list_and_keeps_the_row(
    editor: User, county: County, free_item: ServiceItem, charged_item: ServiceItem
) -> None:
    today = datetime.date(2026, 3, 2)
    assert list(catalogue_item_list_public(province=county.province, on=today)) == [free_item, charged_item]
    catalogue_item_retire(actor=editor, item=charged_item, reason="并入综合窗口", on=today)
    charged_item.refresh_from_db()
    assert (charged_item.active, charged_item.effective_to, charged_item.retire_reason) == (
        False,
        today,
        "并入综合窗口",
    )
    assert list(catalogue_item_list_public(province=county.province, on=today)) == [free_item]
    with pytest.raises(ConflictError, match="已停用"):
        catalogue_item_retire(actor=editor, item=charged_item, reason="再次")
    charged_item.refresh_from_db()
    assert charged_item.retire_reason == "并入综合窗口"


def test_the_public_list_holds_items_in_force_on_the_date(editor: User, county: County) -> None:
    later = catalogue_item_create(
        actor=editor,
        province=county.province,
        data=item_input(code="T2", effective_from=datetime.date(2027, 1, 1)),
    )
    ended = catalogue_item_create(
        actor=editor,
        province=county.province,
        data=item_input(code="T3", effective_to=datetime.date(2025, 12, 31)),
    )
    on = datetime.date(2026, 1, 1)
    assert list(catalogue_item_list_public(province=county.province, on=on)) == []
    assert list(catalogue_item_list_public(province=county.province, on=datetime.date(2025, 12, 31))) == [
        ended
    ]
    assert list(catalogue_item_list_public(province=county.province, on=datetime.date(2027, 1, 1))) == [later]
