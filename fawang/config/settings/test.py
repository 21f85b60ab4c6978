"""Test settings: fast hashing, locmem e-mail, immediate tasks (STYLE §10)."""

from fawang.config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Test-only PII keys (M3); tests of rotation override them.
FAWANG_PII_KEYS = FAWANG_PII_KEYS or ["PWIDnv3KgMX8z-9h5cQmi1tASvsSEKgilgFqzEmBu-s="]  # noqa: F405
FAWANG_PII_INDEX_KEYS = FAWANG_PII_INDEX_KEYS or ["dev-only-blind-index-key"]  # noqa: F405
# The admin second factor is enforced in production; tests that exercise it switch it on (fawang/security/tests).
FAWANG_TOTP_REQUIRED_ROLES = []
# Rate limits count in a per-process cache that outlives each test; tests of the limits set real values.
FAWANG_RATE_LIMITS = {scope: "100000/m" for scope in FAWANG_RATE_LIMITS}  # noqa: F405
