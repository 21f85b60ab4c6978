"""Production: secrets are required, cookies are secure, HSTS is on (M15)."""

from fawang.config.env import env_bool, env_int, env_list, env_str
from fawang.config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Personal-data keys are required in production (M3); see docs/security.md for generating and rotating them.
FAWANG_PII_KEYS = [k for k in env_str("FAWANG_PII_KEYS").split(",") if k.strip()]
FAWANG_PII_INDEX_KEYS = [k for k in env_str("FAWANG_PII_INDEX_KEYS").split(",") if k.strip()]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
