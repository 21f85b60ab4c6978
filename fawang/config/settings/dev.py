"""Local development and `make run`: SQLite by default, debug on unless the environment says otherwise."""

from fawang.config.env import env_bool, env_str
from fawang.config.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)

# Development-only PII keys (M3). Never used in production: prod.py requires FAWANG_PII_KEYS from the environment.
FAWANG_PII_KEYS = FAWANG_PII_KEYS or ["PWIDnv3KgMX8z-9h5cQmi1tASvsSEKgilgFqzEmBu-s="]  # noqa: F405
FAWANG_PII_INDEX_KEYS = FAWANG_PII_INDEX_KEYS or ["dev-only-blind-index-key"]  # noqa: F405

# On a development machine the shared evaluation data sits next to the project (../shared/data, never copied
# into the repository): fit the category classifier from its training file unless the environment says otherwise.
_SHARED_CATEGORY_TRAIN = PACKAGE_DIR.parent.parent / "shared" / "data" / "eval" / "category_train.jsonl"  # noqa: F405
KNOWLEDGE_CATEGORY_TRAINING_FILE = env_str(
    "FAWANG_CATEGORY_TRAINING_FILE", str(_SHARED_CATEGORY_TRAIN) if _SHARED_CATEGORY_TRAIN.is_file() else ""
)
