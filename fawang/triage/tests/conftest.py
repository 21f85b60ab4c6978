"""X5 fixtures: a trees directory where the shipped service guide has a newer version 2."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from fawang.triage import selectors

OLD_MONEY = "您家里经济困难吗？"
NEW_MONEY = "您家里收入低，请不起律师吗？"


@pytest.fixture
def guide_v2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """v1 as shipped plus a v2 that rewords the hardship question (paths through it no longer carry over)."""
    root = tmp_path / "trees"
    shutil.copytree(selectors.TREES_DIR, root)
    v1 = (root / "service_guide" / "v1.yaml").read_text(encoding="utf-8")
    assert OLD_MONEY in v1
    v2 = v1.replace("version: 1\n", "version: 2\n").replace(OLD_MONEY, NEW_MONEY)
    (root / "service_guide" / "v2.yaml").write_text(v2, encoding="utf-8")
    monkeypatch.setattr(selectors, "TREES_DIR", root)
    selectors.tree_library.cache_clear()
    yield root
    selectors.tree_library.cache_clear()
