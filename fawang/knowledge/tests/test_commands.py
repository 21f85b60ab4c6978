"""Batch commands (issue 3 §6): exact line formats, streaming, malformed lines; the warm-up command."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fawang.knowledge.search import statute_rank
from fawang.knowledge.tests.conftest import LABOUR, Corpus

pytestmark = pytest.mark.django_db


def run(command: str, lines: list[str], *args: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command(command, "--jsonl", *args, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_search_statutes_writes_one_line_per_question_best_first(corpus: Corpus) -> None:
    lines = [
        json.dumps({"id": "q1", "question": "申请支付令"}, ensure_ascii=False),
        json.dumps({"id": 2, "question": "被公司辞退能拿多少补偿"}, ensure_ascii=False),
    ]
    output = run("search_statutes", lines, "--top", "3")
    assert [o["id"] for o in output] == ["q1", 2]
    assert output[0]["results"][0] == {
        "law": LABOUR,
        "article": "第三十条",
        "score": statute_rank(query="申请支付令", top_k=1)[0].score,
    }
    expected = [
        {"law": r.law, "article": r.article, "score": r.score}
        for r in statute_rank(query="被公司辞退能拿多少补偿", top_k=3)
    ]
    assert output[1] == {"id": 2, "results": expected}
    assert len(expected) == 3
    scores = [r.score for r in statute_rank(query="被公司辞退能拿多少补偿", top_k=3)]
    assert scores == sorted(scores, reverse=True)


def test_search_statutes_reports_malformed_lines_and_continues(corpus: Corpus) -> None:
    lines = [
        "not json",
        "[1, 2]",
        json.dumps({"id": "no-question"}),
        json.dumps({"id": "bad-type", "question": 5}),
        json.dumps({"id": {"x": 1}, "question": "借款"}),
        "",
        json.dumps({"id": "empty", "question": ""}),
        json.dumps({"id": "binary", "question": "\x00\x01\ud800"}),
        json.dumps({"id": "ok", "question": "申请支付令"}, ensure_ascii=False),
    ]
    output = run("search_statutes", lines, "--top", "1")
    assert output[:7] == [
        {"id": None, "error": "不是合法的 JSON。"},
        {"id": None, "error": "每行必须是一个 JSON 对象。"},
        {"id": "no-question", "error": "缺少 question 字段。"},
        {"id": "bad-type", "error": "question 必须是字符串。"},
        {"id": None, "error": "id 必须是字符串或数字。"},
        {"id": "empty", "results": []},
        {"id": "binary", "results": []},
    ]
    assert output[7]["id"] == "ok"
    assert output[7]["results"][0]["article"] == "第三十条"
    assert len(output) == 8


def test_search_statutes_options(corpus: Corpus) -> None:
    with pytest.raises(CommandError, match="请使用 --jsonl"):
        call_command("search_statutes", stdin=io.StringIO(""))
    with pytest.raises(CommandError, match="--top 必须在 1 到 100 之间"):
        call_command("search_statutes", "--jsonl", "--top", "0", stdin=io.StringIO(""))
    line = json.dumps({"id": "v", "question": "经济补偿 旧版本"}, ensure_ascii=False)
    current = run("search_statutes", [line], "--top", "10")[0]["results"]
    every = run("search_statutes", [line], "--top", "10", "--all-versions")[0]["results"]
    assert [r["article"] for r in current].count("第四十七条") == 1
    assert [r["article"] for r in every].count("第四十七条") == 2
    judicial = run("search_statutes", [line], "--level", "司法解释")[0]
    assert judicial == {"id": "v", "results": []}


def test_search_statutes_on_an_empty_corpus(db: None) -> None:
    err = io.StringIO()
    out = io.StringIO()
    call_command(
        "search_statutes",
        "--jsonl",
        stdin=io.StringIO('{"id": 1, "question": "借款"}\n'),
        stdout=out,
        stderr=err,
    )
    assert out.getvalue() == '{"id": 1, "results": []}\n'
    assert "法条库为空" in err.getvalue()


def test_classify_questions(corpus: Corpus) -> None:
    lines = [
        json.dumps({"id": "a", "question": "离婚后孩子归谁抚养"}, ensure_ascii=False),
        json.dumps({"id": "b", "question": ""}),
        "{broken",
    ]
    assert run("classify_questions", lines) == [
        {"id": "a", "category": "婚姻家庭"},
        {"id": "b", "category": "综合咨询"},
        {"id": None, "error": "不是合法的 JSON。"},
    ]
    with_confidence = run("classify_questions", lines[:1], "--confidence")[0]
    assert set(with_confidence) == {"id", "category", "confidence"}


def test_build_search_index_warms_the_cache(corpus: Corpus, clean_search: Path) -> None:
    out = io.StringIO()
    call_command("build_search_index", stdout=out)
    text = out.getvalue()
    assert "检索索引就绪：11 条条文" in text
    assert "常见问题引用复核：0 条状态有变化。" in text
    assert len(list(clean_search.iterdir())) == 1
