"""Knowledge search and smart consultation inside the agent console (A10, B7), behind one small adapter.

Backends, chosen by the optional setting HOTLINE_KNOWLEDGE_BACKEND ("auto" by default):
* "knowledge": fawang.knowledge's `consultation_smart` (statute search, category, FAQ, suggested services), the same
  engine the portal's assistant and /knowledge/search use (A10: one knowledge base for operators and the public);
* "engine": the bare pure engine (fawang.knowledge.engine) over the statute corpus, built once per process;
* "auto": "knowledge" when that module is importable, else "engine".
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

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


def _backend() -> str:
    chosen = str(getattr(settings, "HOTLINE_KNOWLEDGE_BACKEND", "auto"))
    if chosen != "auto":
        return chosen
    try:
        importlib.import_module("fawang.knowledge.consult")
    except ImportError:
        return "engine"
    return "knowledge"


def _via_knowledge(query: str) -> KnowledgeAnswer:
    consult: Any = importlib.import_module("fawang.knowledge.consult")
    answer = consult.consultation_smart(question=query)
    return KnowledgeAnswer(
        query=query,
        category=answer.category,
        confidence=answer.confidence,
        hits=[KnowledgeHit(h.law, h.article, h.snippet, h.url) for h in answer.articles],
        faqs=[KnowledgeFaq(f.question, f.answer) for f in answer.faqs[:3]],
        backend="knowledge",
        notice=answer.empty_reason,
    )


_lock = threading.Lock()
_engine: Any = None


def _engine_instance() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            from fawang.knowledge.engine import SearchEngine, bundled_training
            from fawang.statutes.selectors import article_docs

            _engine = SearchEngine.build(article_docs(current_only=True), training=bundled_training())
        return _engine


def _via_engine(query: str) -> KnowledgeAnswer:
    from fawang.knowledge.engine import CategoryClassifier

    hits = _engine_instance().search(query, top_k=5)
    category, confidence = CategoryClassifier().predict(query, hits=hits)
    return KnowledgeAnswer(
        query=query,
        category=category,
        confidence=float(confidence),
        hits=[KnowledgeHit(h.law, h.article, h.snippet) for h in hits],
        backend="engine",
        notice="" if hits else "没有找到直接相关的法条。",
    )


def knowledge_lookup(*, query: str) -> KnowledgeAnswer:
    text = query.strip()[:MAX_QUERY] if isinstance(query, str) else ""
    if not text:
        return KnowledgeAnswer(query="", category="", confidence=0.0, notice="请输入要检索的问题或关键词。")
    return _via_knowledge(text) if _backend() == "knowledge" else _via_engine(text)
