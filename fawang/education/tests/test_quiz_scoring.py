"""P2: quiz scoring is a pure function; every rule in one table."""

from __future__ import annotations

import pytest

from fawang.education.courses.scoring import QuestionKey, QuizResult, quiz_score

Q = [QuestionKey(1, frozenset({0})), QuestionKey(2, frozenset({0, 2})), QuestionKey(3, frozenset({1}))]


def _a(**picked: set[int]) -> dict[int, frozenset[int]]:
    return {int(k[1:]): frozenset(v) for k, v in picked.items()}


@pytest.mark.parametrize(
    ("_case", "answers", "pass_mark", "expected"),
    [
        ("P2: all right", _a(q1={0}, q2={0, 2}, q3={1}), 60, QuizResult(3, 3, 100, True)),
        (
            "P2: 2 of 3 = 66.67 rounds half up to 67, passes 60",
            _a(q1={0}, q2={0, 2}, q3={0}),
            60,
            QuizResult(2, 3, 67, True),
        ),
        (
            "P2: 1 of 3 = 33.33 rounds to 33, fails",
            _a(q1={0}, q2={0}, q3={0}),
            60,
            QuizResult(1, 3, 33, False),
        ),
        (
            "P2: multiple choice with one right option missing scores nothing",
            _a(q1={0}, q2={0}, q3={1}),
            60,
            QuizResult(2, 3, 67, True),
        ),
        (
            "P2: multiple choice with a wrong option added scores nothing",
            _a(q1={0}, q2={0, 1, 2}, q3={1}),
            60,
            QuizResult(2, 3, 67, True),
        ),
        ("P2: unanswered questions are wrong", _a(q1={0}), 60, QuizResult(1, 3, 33, False)),
        ("P2: the pass mark itself passes", _a(q1={0}, q2={0, 2}, q3={0}), 67, QuizResult(2, 3, 67, True)),
        ("P2: one below the pass mark fails", _a(q1={0}, q2={0, 2}, q3={0}), 68, QuizResult(2, 3, 67, False)),
        ("P2: nothing right", {}, 1, QuizResult(0, 3, 0, False)),
    ],
)
def test_quiz_score(
    _case: str, answers: dict[int, frozenset[int]], pass_mark: int, expected: QuizResult
) -> None:
    assert quiz_score(questions=Q, answers=answers, pass_mark=pass_mark) == expected


def test_half_point_rounds_up() -> None:
    """1 of 8 = 12.5 → 13 (half up, not banker's rounding)."""
    questions = [QuestionKey(i, frozenset({0})) for i in range(8)]
    assert quiz_score(questions=questions, answers={0: frozenset({0})}, pass_mark=60).score == 13


@pytest.mark.parametrize(("questions", "pass_mark"), [([], 60), (Q, 0), (Q, 101)])
def test_programming_errors_are_refused(questions: list[QuestionKey], pass_mark: int) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is for programmers
        quiz_score(questions=questions, answers={}, pass_mark=pass_mark)
