"""LawRefBook Markdown parsing and tree reading (pure: no database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from fawang.statutes.importers.lawrefbook import lawrefbook_parse, short_title
from fawang.statutes.importers.markdown import parse_markdown
from fawang.statutes.importers.types import ParsedInstrument
from fawang.statutes.tests.conftest import LABOR_2012


def test_headings_become_paths_and_paragraphs_join() -> None:
    doc = parse_markdown(LABOR_2012)
    assert doc.title == "中华人民共和国劳动合同法"
    assert [a.label for a in doc.articles] == ["第一条", "第二条", "第四十七条", "第四十七条之一"]
    first, _second, art47, art47_1 = doc.articles
    assert first.path == ("第一章 总则",)
    assert art47.path == ("第四章 劳动合同的解除和终止", "第一节 一般规定")
    assert art47.text == (
        "经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。\n"
        "六个月以上不满一年的，按一年计算；不满六个月的，向劳动者支付半个月工资的经济补偿。"
    )
    assert (art47_1.number, art47_1.suffix) == (47, 1)
    assert doc.last_event_date == dt.date(2012, 12, 28)


def test_subtitle_spaces_and_effective_date() -> None:
    doc = parse_markdown(
        "# 中华人民共和国民法典\n\n# 总则\n\n2021年1月1日 施行\n\n<!-- INFO END -->\n\n## 第一章\u2002\u2002基本规定\n\n第一条 内容。\n"
    )
    assert doc.subtitle == "总则"
    assert doc.effective_date == dt.date(2021, 1, 1)
    assert doc.articles[0].path == ("第一章 基本规定",)


@pytest.mark.parametrize(
    ("_case", "line", "label", "text"),
    [
        ("space separator", "第三条 内容。", "第三条", "内容。"),
        ("full-width space", "第三条\u3000内容。", "第三条", "内容。"),
        ("stray space before 条", "第一百二十八 条侦查人员……", "第一百二十八条", "侦查人员……"),
        ("之一 suffix", "第十七条之一 已满七十五周岁……", "第十七条之一", "已满七十五周岁……"),
        ("Arabic numerals", "第5条 内容。", "第五条", "内容。"),
    ],
)
def test_article_start_forms(_case: str, line: str, label: str, text: str) -> None:
    doc = parse_markdown(f"# 某法\n\n<!-- INFO END -->\n\n{line}\n")
    assert [(a.label, a.text) for a in doc.articles] == [(label, text)]


def test_reference_in_text_does_not_start_an_article() -> None:
    doc = parse_markdown("# 某法\n\n<!-- INFO END -->\n\n第一条 内容。\n\n第二条规定的情形除外。\n")
    assert [a.label for a in doc.articles] == ["第一条"]
    assert doc.articles[0].text == "内容。\n第二条规定的情形除外。"


def test_annex_after_last_article_stays_with_it() -> None:
    doc = parse_markdown(
        "# 某条例\n\n<!-- INFO END -->\n\n第九条 本条例自公布之日起施行。\n\n## 附件\n\n目录一\n"
    )
    assert doc.articles[0].text == "本条例自公布之日起施行。\n附件\n目录一"


def test_wrapped_heading_is_joined() -> None:
    doc = parse_markdown("# 某法\n\n<!-- INFO END -->\n\n## 第五章 卷烟纸、\n\n机械的生产\n\n第一条 内容。\n")
    assert doc.articles[0].path == ("第五章 卷烟纸、机械的生产",)
    assert doc.articles[0].text == "内容。"


def test_missing_title_is_an_error() -> None:
    with pytest.raises(ValueError, match="标题"):
        parse_markdown("第一条 没有标题。\n")


def test_tree_versions_current_and_metadata(lawrefbook_tree: Path) -> None:
    result = lawrefbook_parse(lawrefbook_tree)
    by_key = {i.source_key: i for i in result.instruments}
    assert sorted(by_key) == [
        "刑法/刑法修正案（九）.md",
        "民法典/中华人民共和国民法典",
        "民法商法/合同法(1999-03-15).md",
        "社会法/劳动合同法(2007-06-29).md",
        "社会法/劳动合同法(2012-12-28).md",
    ]
    old, new = by_key["社会法/劳动合同法(2007-06-29).md"], by_key["社会法/劳动合同法(2012-12-28).md"]
    assert (old.is_current, old.status, new.is_current, new.status) == (False, "amended", True, "in_force")
    assert old.work_key == new.work_key == "中华人民共和国劳动合同法"
    assert new.effective_date == dt.date(2013, 7, 1)  # db_export valid_from wins over the file
    assert new.short_title == "劳动合同法"
    repealed = by_key["民法商法/合同法(1999-03-15).md"]
    assert (repealed.is_current, repealed.status) == (True, "repealed")
    assert [s.path for s in result.skipped] == ["案例/某某案.md"]


def test_split_instrument_is_merged(lawrefbook_tree: Path) -> None:
    civil = next(i for i in lawrefbook_tree_instruments(lawrefbook_tree) if i.title == "中华人民共和国民法典")
    assert [a.label for a in civil.articles] == ["第一条", "第二条", "第一千零七十九条"]
    assert civil.articles[2].path == ("婚姻家庭编", "第四章 离婚")
    assert civil.articles[2].text.endswith("人民法院审理离婚案件，应当进行调解。")


def test_instrument_without_articles_is_kept_whole(lawrefbook_tree: Path) -> None:
    amendment = next(i for i in lawrefbook_tree_instruments(lawrefbook_tree) if "修正案" in i.title)
    assert [(a.number, a.label) for a in amendment.articles] == [(0, "全文")]
    assert amendment.articles[0].text.startswith("一、在刑法第三十七条后增加一条。")


def test_duplicate_file_and_broken_file_are_reported(make_tree: Callable[..., Path]) -> None:
    root = make_tree(
        {
            "行政法/某法(2020-01-01).md": "# 某法\n\n<!-- INFO END -->\n\n第一条 内容。\n",
            "经济法/某法(2020-01-01).md": "# 某法\n\n<!-- INFO END -->\n\n第一条 内容。\n",
            "行政法/坏文件.md": "没有标题的内容\n",
            "行政法/乱码.md": "",
        }
    )
    (root / "行政法/乱码.md").write_bytes(b"\xff\xfe\x00bad")
    result = lawrefbook_parse(root)
    assert [i.source_key for i in result.instruments] == ["经济法/某法(2020-01-01).md"]
    reasons = {s.path: s.reason for s in result.skipped}
    assert set(reasons) == {"行政法/某法(2020-01-01).md", "行政法/坏文件.md", "行政法/乱码.md"}
    assert "重复" in reasons["行政法/某法(2020-01-01).md"]
    assert "无法解析" in reasons["行政法/乱码.md"]


def test_missing_root_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        lawrefbook_parse(tmp_path / "absent")


@pytest.mark.parametrize(
    ("title", "short"),
    [
        ("中华人民共和国民法典", "民法典"),
        (
            "最高人民法院关于适用《中华人民共和国民法典》婚姻家庭编的解释（一）",
            "最高人民法院关于适用《民法典》婚姻家庭编的解释（一）",
        ),
        ("工伤保险条例", "工伤保险条例"),
    ],
)
def test_short_title(title: str, short: str) -> None:
    assert short_title(title) == short


def lawrefbook_tree_instruments(root: Path) -> list[ParsedInstrument]:
    return list(lawrefbook_parse(root).instruments)
