"""Statutory floors and pure helpers for public comment on drafts (Q1, Q5). No Django, no clock.

The floors are Fixed (REQUIREMENTS Q1, Q5): a local rule may lengthen them, a deployment never shortens them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Q1: 立法法 Art.40 (laws: 征求意见的时间一般不少于三十日); 规章制定程序条例 Art.15 (规章: 向社会公布征求意见的期限一般
# 不少于30日). Counted as 民法典 Art.201 counts periods in days: the opening day is not counted, so a period opening on
# 1 May must run to 31 May. This is the stricter reading (the public gets 31 days to comment): a floor must hold
# however it is counted.
COMMENT_PERIOD_MIN_DAYS = 30
# Q5: 规章制定程序条例 Art.16: 听证会举行的30日前公布听证会的时间、地点和内容.
HEARING_NOTICE_MIN_DAYS = 30
# Q2: a comment is at most this many characters (a long submission goes in an attachment).
COMMENT_MAX_CHARS = 5000
COMMENT_MAX_ATTACHMENTS = 5


def comment_period_days(opens_on: date, closes_on: date) -> int:
    """Days of the comment period, the opening day not counted (民法典 Art.201)."""
    return (closes_on - opens_on).days


def hearing_notice_days(announced_on: date, held_on: date) -> int:
    """Whole days between the announcement and the hearing day (held 30 days later = 30)."""
    return (held_on - announced_on).days


_ARTICLE = re.compile(r"^\s*(第[一二三四五六七八九十百千零〇两\d]+条)[\s\u3000]*", re.MULTILINE)


@dataclass(frozen=True)
class SplitArticle:
    label: str
    text: str


def articles_split(full_text: str) -> list[SplitArticle]:
    """Split a draft's full text into its articles at each line that starts with 第X条. Text before the first
    article (title, chapter headings) is not an article; a text without any 第X条 is one article, 全文."""
    matches = list(_ARTICLE.finditer(full_text))
    if not matches:
        text = full_text.strip()
        return [SplitArticle("全文", text)] if text else []
    articles = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(full_text)
        articles.append(SplitArticle(match.group(1), full_text[match.end() : end].strip()))
    return articles
