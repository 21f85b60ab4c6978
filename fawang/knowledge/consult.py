"""Smart consultation (智能咨询, J4-J6; A8 online answers): category, articles, curated answers, fitting services,
human help.

A read: nothing is stored until the person asks for a human (`services.consultation_request_human`), which keeps
`shown_payload(answer)` — exactly what was displayed — with the 工单.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

from fawang.core import clock
from fawang.knowledge.engine import CategoryClassifier, Hit
from fawang.knowledge.fit import ServiceSuggestion, matter_guess, needs_detect, services_suggest
from fawang.knowledge.models import FaqItem
from fawang.knowledge.search import SearchHit, statute_rank, statute_search
from fawang.knowledge.selectors import HumanHelp, faq_match, human_help
from fawang.regions.models import Region

NOTICE = gettext_noop(
    "以上内容由系统根据您的描述自动生成，仅供参考，不构成律师意见，也不是对法律援助等事项的审查决定。"
    "每个案件情况不同，如需专业解答，请拨打 12348 公共法律服务热线，或到就近的公共法律服务中心（站、室）咨询，"
    "也可以一键转人工咨询。"
)
MAX_QUESTION_CHARS = 2000
logger = logging.getLogger(__name__)
ARTICLES_SHOWN = 5
CLASSIFY_HITS = 10

_classifier_lock = threading.Lock()
_classifier: CategoryClassifier | None = None


# Labelled consultation questions are not shipped (the upstream set has no licence, data/README): a deployment
# points FAWANG_CATEGORY_TRAINING_FILE at its own labelled file (settings.KNOWLEDGE_CATEGORY_TRAINING_FILE);
# development settings default to the shared data folder next to the project when it exists. Empty: the
# supervised model is off and the classifier uses the lexicon and the statute hits.
def category_training_file() -> Path | None:
    """The labelled-question file the classifier is fitted from at start-up, or None (J4)."""
    configured: str = settings.KNOWLEDGE_CATEGORY_TRAINING_FILE
    return Path(configured) if configured else None


def category_classifier() -> CategoryClassifier:
    """One classifier per process, with the supervised model when `category_training_file()` gives a file."""
    global _classifier
    with _classifier_lock:
        if _classifier is None:
            path = category_training_file()
            _classifier = CategoryClassifier()
            if path is not None:
                try:
                    _classifier = CategoryClassifier.from_training_file(path)
                except (
                    OSError,
                    ValueError,
                    KeyError,
                    TypeError,
                ) as exc:  # a bad file must not break consultation
                    logger.warning(
                        "category training file %s unusable (%s); lexicon and hits only", path, exc
                    )
        return _classifier


def category_classifier_reset() -> None:
    """Forget the per-process classifier (tests, or after the training file changed)."""
    global _classifier
    with _classifier_lock:
        _classifier = None


@dataclass(frozen=True)
class CategoryResult:
    category: str
    confidence: float


def category_classify(*, question: str) -> CategoryResult:
    """The dispute category of a question (J4), using the statute hits as extra evidence."""
    text = question.strip()[:MAX_QUESTION_CHARS] if isinstance(question, str) else ""
    ranked = statute_rank(query=text, top_k=CLASSIFY_HITS) if text else []
    hits = [Hit(r.key, r.law, r.article, r.score, r.snippet) for r in ranked]
    category, confidence = category_classifier().predict(text, hits=hits)
    return CategoryResult(category, round(float(confidence), 4))


@dataclass(frozen=True)
class SmartAnswer:
    question: str
    category: str
    confidence: float
    articles: list[SearchHit]
    faqs: list[FaqItem]
    services: list[ServiceSuggestion]
    matter: str | None
    human: HumanHelp
    notice: str = NOTICE
    empty_reason: str = ""


def consultation_smart(*, question: str, region: Region | None = None) -> SmartAnswer:
    """Everything the assistant shows for a free-text question. Bad input gives an answer with a reason.

    Texts are in the active interface language (L8); the category stays the classifier's Chinese value.
    """
    text = question.strip()[:MAX_QUESTION_CHARS] if isinstance(question, str) else ""
    help_ = human_help(region=region)
    if not text:
        return SmartAnswer(
            question="",
            category="",
            confidence=0.0,
            articles=[],
            faqs=[],
            services=[],
            matter=None,
            human=help_,
            notice=gettext(NOTICE),
            empty_reason=gettext("请用一两句话描述您遇到的问题，例如：同事借我钱不还怎么办？"),
        )
    classified = category_classify(question=text)
    articles = statute_search(query=text, top_k=ARTICLES_SHOWN)
    matter = matter_guess(text)
    services = services_suggest(category=classified.category, matter=matter, needs=needs_detect(text))
    faqs = faq_match(question=text, category=classified.category, on=clock.local_today())
    reason = "" if articles or faqs else gettext("没有找到与您的描述直接相关的法条或问答，建议转人工咨询。")
    return SmartAnswer(
        question=text,
        category=classified.category,
        confidence=classified.confidence,
        articles=articles,
        faqs=faqs,
        services=services,
        matter=matter.value if matter else None,
        human=help_,
        notice=gettext(NOTICE),
        empty_reason=reason,
    )


def shown_payload(answer: SmartAnswer) -> dict[str, Any]:
    """What was displayed, as JSON kept with the 工单 (so the human answering sees what the person saw)."""
    return {
        "category": answer.category,
        "confidence": answer.confidence,
        "matter": answer.matter,
        "articles": [
            {
                "article_id": a.article_id,
                "law": a.law,
                "article": a.article,
                "current": a.current,
                "snippet": a.snippet,
                "url": a.url,
            }
            for a in answer.articles
        ],
        "faqs": [{"id": f.pk, "question": f.question} for f in answer.faqs],
        "services": [
            {"service": s.service.value, "label": s.label, "reason": s.reason, "basis": s.basis}
            for s in answer.services
        ],
        "notice": answer.notice,
    }
