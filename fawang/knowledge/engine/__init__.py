"""Pure-Python statute search and dispute classification (no Django imports in this package)."""

from fawang.knowledge.engine.classify import CATEGORIES, CategoryClassifier
from fawang.knowledge.engine.learned import bundled_training, load_stard_training
from fawang.knowledge.engine.search import SearchEngine
from fawang.knowledge.engine.types import Doc, Filters, Hit, TrainingExample

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
