"""Knowledge search and smart consultation inside the agent console (A10, B7): a thin adapter over
fawang.knowledge's `consultation_smart`, so operators and the public share one engine and one index."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext

from fawang.knowledge.consult import consultation_smart

MAX_QUERY = 500


@dataclass(frozen=True)
class KnowledgeHit:
    law: str
    article: str
    snippet: str
    url: str = ""


@dataclass(frozen=True)
class KnowledgeFaq:
    question: str
    answer: str


@dataclass(frozen=True)
class KnowledgeAnswer:
    query: str
    category: str
    confidence: float
    hits: list[KnowledgeHit] = field(default_factory=list)
    faqs: list[KnowledgeFaq] = field(default_factory=list)
    backend: str = ""
    notice: str = ""


def _via_knowledge(query: str) -> KnowledgeAnswer:
    answer = consultation_smart(question=query)
    return KnowledgeAnswer(
        query=query,
        category=answer.category,
        confidence=answer.confidence,
        hits=[KnowledgeHit(h.law, h.article, h.snippet, h.url) for h in answer.articles],
        faqs=[KnowledgeFaq(f.question, f.answer) for f in answer.faqs[:3]],
        backend="knowledge",
        notice=answer.empty_reason,
    )


def knowledge_lookup(*, query: str) -> KnowledgeAnswer:
    text = query.strip()[:MAX_QUERY] if isinstance(query, str) else ""
    if not text:
        return KnowledgeAnswer(
            query="", category="", confidence=0.0, notice=gettext("请输入要检索的问题或关键词。")
        )
    return _via_knowledge(text)
