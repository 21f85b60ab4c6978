"""Citation finding (pure) and resolution against a fixture corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from fawang.statutes.citations import citations_find, law_name_normalize
from fawang.statutes.services import citation_check, instruments_import_lawrefbook


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        (
            "book title, full name",
            "依据《中华人民共和国民法典》第一千零七十九条",
            [("民法典", 1079, 0, "《中华人民共和国民法典》第一千零七十九条")],
        ),
        (
            "book title, short name",
            "《民法典》第一千零七十九条",
            [("民法典", 1079, 0, "《民法典》第一千零七十九条")],
        ),
        ("bare name, Arabic numerals", "民法典第1079条", [("民法典", 1079, 0, "民法典第1079条")]),
        (
            "paragraph kept in span",
            "根据劳动合同法第四十七条第二款",
            [("劳动合同法", 47, 0, "劳动合同法第四十七条第二款")],
        ),
        ("之一", "刑法第三十条之一", [("刑法", 30, 1, "刑法第三十条之一")]),
        ("abbreviation", "民诉法第一百二十二条", [("民事诉讼法", 122, 0, "民诉法第一百二十二条")]),
        ("abbreviation 消法", "消法第五十五条", [("消费者权益保护法", 55, 0, "消法第五十五条")]),
        ("abbreviation 道交法", "道交法第七十六条", [("道路交通安全法", 76, 0, "道交法第七十六条")]),
        (
            "enumeration",
            "民法典第一千零七十九条、第一千零八十条",
            [("民法典", 1079, 0, "民法典第一千零七十九条"), ("民法典", 1080, 0, "第一千零八十条")],
        ),
        (
            "同法",
            "《劳动法》第三条。同法第四条",
            [("劳动法", 3, 0, "《劳动法》第三条"), ("劳动法", 4, 0, "同法第四条")],
        ),
        (
            "本法 after a mention",
            "《法律援助法》规定：本法第三十一条",
            [("法律援助法", 31, 0, "本法第三十一条")],
        ),
        (
            "version note",
            "《中华人民共和国民事诉讼法（2017年修正）》第一百条",
            [("民事诉讼法", 100, 0, "《中华人民共和国民事诉讼法（2017年修正）》第一百条")],
        ),
        ("unknown bare law", "依照某某保护法第三条", [("某某保护法", 3, 0, "某某保护法第三条")]),
        (
            "longest name wins",
            "劳动争议调解仲裁法第二条",
            [("劳动争议调解仲裁法", 2, 0, "劳动争议调解仲裁法第二条")],
        ),
        ("no law context", "第三条规定的情形", []),
        ("本法 with nothing before", "本法第三条", []),
    ],
)
def test_citations_find(_case: str, text: str, expected: list[tuple[str, int, int, str]]) -> None:
    found = citations_find(text)
    assert [(c.law, c.number, c.suffix, c.raw) for c in found] == expected
    for citation in found:
        assert text[citation.start : citation.end] == citation.raw


def test_known_names_extend_recognition() -> None:
    assert citations_find("人体损伤程度鉴定标准第三条") == []
    (citation,) = citations_find("人体损伤程度鉴定标准第三条", known_names=["人体损伤程度鉴定标准"])
    assert (citation.law, citation.number) == ("人体损伤程度鉴定标准", 3)


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("《中华人民共和国民法典》", "民法典"),
        ("民诉法", "民事诉讼法"),
        ("劳动 合同法", "劳动合同法"),
        ("民法典（2020年）", "民法典"),
        (
            "《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》",
            "最高人民法院关于适用《中华人民共和国民法典》有关担保制度的解释",
        ),
    ],
)
def test_law_name_normalize(name: str, normal: str) -> None:
    assert law_name_normalize(name) == normal


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "text", "status", "law_title", "label"),
    [
        ("ok, current version", "劳动合同法第四十七条", "ok", "中华人民共和国劳动合同法", "第四十七条"),
        (
            "ok, 之一",
            "《中华人民共和国劳动合同法》第四十七条之一",
            "ok",
            "中华人民共和国劳动合同法",
            "第四十七条之一",
        ),
        ("ok, split instrument", "民法典第1079条", "ok", "中华人民共和国民法典", "第一千零七十九条"),
        ("unknown law", "婚姻法第三十二条", "unknown_law", "婚姻法", "第三十二条"),
        (
            "unknown article",
            "劳动合同法第九百九十九条",
            "unknown_article",
            "中华人民共和国劳动合同法",
            "第九百九十九条",
        ),
        ("repealed law", "合同法第五十二条", "repealed", "中华人民共和国合同法", "第五十二条"),
    ],
)
def test_citation_check(
    lawrefbook_tree: Path, _case: str, text: str, status: str, law_title: str, label: str
) -> None:
    instruments_import_lawrefbook(root=lawrefbook_tree, actor="test")
    (result,) = citation_check(text=text)
    assert (result.status, result.law_title, result.article_label) == (status, law_title, label)
    if status in ("ok", "repealed"):
        assert result.article_id is not None
        assert result.url.startswith(f"/laws/{result.instrument_id}/articles/")
    else:
        assert result.article_id is None


@pytest.mark.django_db
def test_citation_check_prefers_the_current_version(lawrefbook_tree: Path) -> None:
    instruments_import_lawrefbook(root=lawrefbook_tree, actor="test")
    (result,) = citation_check(text="劳动合同法第二条")
    assert result.url.endswith("/articles/2/")
    from fawang.statutes.models import Article

    assert result.article_id is not None
    article = Article.objects.get(pk=result.article_id)
    assert article.instrument.is_current
    assert article.text == "中华人民共和国境内的企业与劳动者建立劳动关系，适用本法。"
