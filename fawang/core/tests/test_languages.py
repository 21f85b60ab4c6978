"""L8: interface languages. Mandarin by default whatever the browser says; the picker switches and is remembered;
every catalogue is complete; the translated apps' templates have no unmarked Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.test import Client

from fawang.config.languages import deployment_languages
from fawang.core.i18n_lint import template_problems, untranslated

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(PACKAGE.glob("*/locale/*/LC_MESSAGES/django.po"))
# An app with a catalogue (a locale/ folder) is translated: every one of its templates must be marked (docs/languages.md).
TRANSLATED_APPS = sorted({p.parents[3].name for p in CATALOGUES})


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["zh-hans", "en"], ["zh-hans", "en"]),
        (["en"], ["zh-hans", "en"]),  # Mandarin is always offered, first
        (["bo", "zh-hans", "en", "bo"], ["zh-hans", "bo", "en"]),
        ([], ["zh-hans"]),
    ],
)
def test_deployment_languages(codes: list[str], expected: list[str]) -> None:
    assert [code for code, _ in deployment_languages(codes)] == expected


def test_an_unknown_language_code_is_refused_in_chinese() -> None:
    with pytest.raises(ValueError, match="未知的语言代码：xx"):
        deployment_languages(["zh-hans", "xx"])


@pytest.mark.django_db
def test_mandarin_by_default_even_for_an_english_browser() -> None:
    page = Client().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="zh-CN"' in body
    assert "跳到主要内容" in body
    assert page["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_the_picker_switches_the_interface_and_is_remembered() -> None:
    client = Client()
    mandarin = client.get("/").content.decode()
    assert 'id="id_interface_language"' in mandarin
    assert '<option value="en" lang="en">English</option>' in mandarin  # each language in its own script
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/knowledge/ask"})
    assert switched.status_code == 302
    assert switched["Location"] == "/knowledge/ask"
    page = client.get("/")
    body = page.content.decode()
    assert '<html lang="en"' in body
    assert "Skip to main content" in body
    assert "跳到主要内容" not in body
    assert page["Content-Language"] == "en"
    assert "Cookie" in page["Vary"]
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "跳到主要内容" in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_language_the_deployment_does_not_offer_falls_back_to_mandarin() -> None:
    client = Client()
    client.cookies["django_language"] = "bo"  # Tibetan: known, but not enabled here
    assert "跳到主要内容" in client.get("/").content.decode()
    refused = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert refused.status_code == 302
    assert "跳到主要内容" in client.get("/").content.decode()


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_catalogue_is_complete_and_keeps_its_placeholders(catalogue: Path) -> None:
    with catalogue.open("rb") as f:
        messages = [m for m in read_po(f) if m.id]
    problems = []
    for m in messages:
        source = m.id if isinstance(m.id, str) else m.id[0]
        text = m.string if isinstance(m.string, str) else "".join(m.string or ())
        if not text:
            problems.append(f"untranslated: {source}")
        elif m.fuzzy:
            problems.append(f"fuzzy: {source}")
        elif _placeholders(source) != _placeholders(text):
            problems.append(f"placeholders differ: {source} → {text}")
    assert messages
    assert problems == []


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]|\{\w*\}|%[sd]", text))


def test_translated_apps_have_no_unmarked_chinese_in_templates() -> None:
    assert "core" in TRANSLATED_APPS
    assert template_problems([PACKAGE / app for app in TRANSLATED_APPS]) == []


@pytest.mark.parametrize(
    ("template", "lines"),
    [
        ('<p>{% translate "你好" %}</p>', []),
        ("<p>{% blocktranslate with n=x %}共 {{ n }} 件{% endblocktranslate %}</p>", []),
        ('{% include "a.html" with title=_("标题") %}', []),
        ("{# 注释 #}<p>ok</p>", []),
        ("<p>你好</p>\n<p>ok</p>", [1]),
        ('<p>{% translate "你好" %}再见</p>', [1]),
    ],
)
def test_the_lint_finds_unmarked_chinese(template: str, lines: list[int]) -> None:
    assert [n for n, _ in untranslated(template)] == lines
