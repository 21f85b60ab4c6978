"""Quiz scoring (P2): a pure function, no Django, no clock; table-tested in tests/test_quiz_scoring.py.

A question is right only when the chosen options are exactly the correct ones (a multiple-choice question with
one right option missing or one wrong option added scores nothing). The score is the share of right questions on
a 100-point scale, rounded half up; the quiz is passed when the score reaches the pass mark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class QuestionKey:
    """One question's id and its correct option indexes."""

    question_id: int
    correct: frozenset[int]


@dataclass(frozen=True)
class QuizResult:
    correct_count: int
    total: int
    score: int  # 0-100
    passed: bool


def quiz_score(
    *, questions: Sequence[QuestionKey], answers: Mapping[int, frozenset[int]], pass_mark: int
) -> QuizResult:
    """Score `answers` (question id -> chosen option indexes; unanswered = absent) against `questions`."""
    if not questions:
        raise ValueError("a quiz needs at least one question")
    if not 1 <= pass_mark <= 100:
        raise ValueError("pass mark must be 1-100")
    right = sum(1 for q in questions if answers.get(q.question_id, frozenset()) == q.correct)
    score = int((Decimal(right) * 100 / Decimal(len(questions))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return QuizResult(correct_count=right, total=len(questions), score=score, passed=score >= pass_mark)
