"""Importing the division tree from CSV (issue 2 §2): all or nothing, clear Chinese errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fawang.regions.models import Region
from fawang.regions.selectors import region_path_name, region_subtree

HEADER = "code,name,parent_code,level,population,urban_rural\n"
GOOD = HEADER + (
    "990000000000,测试省,,1,0,urban\n"
    "990100000000,测试市,990000000000,2,0,urban\n"
    "990101000000,甲县,990100000000,3,9000,rural\n"
    "990101001000,东镇,990101000000,4,5000,rural\n"
    "990101001101,东村,990101001000,5,1200,rural\n"
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "regions.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_import_builds_the_tree_and_is_idempotent(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    call_command("import_regions", str(path))
    call_command("import_regions", str(path))
    village = Region.objects.get(code="990101001101")
    county = Region.objects.get(code="990101000000")
    assert Region.objects.count() == 5
    assert (village.level, village.population, village.parent.code if village.parent else None) == (
        5,
        1200,
        "990101001000",
    )
    assert region_path_name(region=village) == "测试省测试市甲县东镇东村"
    assert set(region_subtree(region=county).values_list("code", flat=True)) == {
        "990101000000",
        "990101001000",
        "990101001101",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "row", "message"),
    [
        ("short code", "99010100100,坏,990101000000,4,1,rural", "12 位数字"),
        ("bad level", "990101002000,坏,990101000000,9,1,rural", "层级必须是 1 到 5"),
        ("bad class", "990101002000,坏,990101000000,4,1,suburb", "城乡分类"),
        ("missing parent", "990101002000,坏,990101999000,4,1,rural", "上级 990101999000 不存在"),
        ("non-numeric population", "990101002000,坏,990101000000,4,many,rural", "必须是整数"),
    ],
)
def test_bad_rows_change_nothing(_case: str, row: str, message: str, tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + row + "\n")
    with pytest.raises(CommandError, match=message):
        call_command("import_regions", str(path))
    assert Region.objects.count() == 0
