"""The batch line format of issue 3 §6, shared by `search_statutes` and `classify_questions` (pure).

Input lines are JSON objects `{"id": ..., "question": "..."}`; blank lines are skipped. A line that cannot be read
gives `{"id": <id or null>, "error": "<中文说明>"}` and the batch continues.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

MAX_LINE_CHARS = 200_000


class LineError(ValueError):
    """A line that is not a usable request; the message is shown in the output."""

    def __init__(self, message: str, *, line_id: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.line_id = line_id


def question_parse(line: str) -> tuple[Any, str]:
    """(id, question) of one input line, or LineError."""
    if len(line) > MAX_LINE_CHARS:
        raise LineError(f"该行过长（超过 {MAX_LINE_CHARS} 个字符）。")
    try:
        row = json.loads(line)
    except ValueError:
        raise LineError("不是合法的 JSON。") from None
    if not isinstance(row, dict):
        raise LineError("每行必须是一个 JSON 对象。")
    line_id = row.get("id")
    if isinstance(line_id, (dict, list)):
        raise LineError("id 必须是字符串或数字。")
    if "question" not in row:
        raise LineError("缺少 question 字段。", line_id=line_id)
    question = row["question"]
    if not isinstance(question, str):
        raise LineError("question 必须是字符串。", line_id=line_id)
    return line_id, question


def lines_process(lines: Iterable[str], answer: Callable[[str], dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Apply `answer(question)` to each readable line; errors become error objects."""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        try:
            line_id, question = question_parse(line)
        except LineError as exc:
            yield {"id": exc.line_id, "error": exc.message}
            continue
        yield {"id": line_id, **answer(question)}


def dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False)
