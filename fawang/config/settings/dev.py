"""Local development and `make run`: SQLite by default, debug on unless the environment says otherwise."""

from fawang.config.env import env_bool
from fawang.config.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
