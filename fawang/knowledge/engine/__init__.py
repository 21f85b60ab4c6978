"""Pure-Python statute search and dispute classification (no Django imports in this package).

The names are loaded on first use (PEP 562): the classifier and search pull in jieba and numpy, which cost about
a second at start-up, and Django models only need `CATEGORIES` (issue 7 §8: command start-up).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from fawang.knowledge.engine.categories import CATEGORIES

if TYPE_CHECKING:
    from fawang.knowledge.engine.classify import CategoryClassifier
    from fawang.knowledge.engine.learned import bundled_training, load_stard_training
    from fawang.knowledge.engine.search import SearchEngine
    from fawang.knowledge.engine.types import Doc, Filters, Hit, TrainingExample

_LAZY = {
    "CategoryClassifier": "classify",
    "bundled_training": "learned",
    "load_stard_training": "learned",
    "SearchEngine": "search",
    "Doc": "types",
    "Filters": "types",
    "Hit": "types",
    "TrainingExample": "types",
}

__all__ = [
    "CATEGORIES",
    "CategoryClassifier",
    "Doc",
    "Filters",
    "Hit",
    "SearchEngine",
    "TrainingExample",
    "bundled_training",
    "load_stard_training",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
