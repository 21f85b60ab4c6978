"""Settings shared by every environment. Values that vary come from fawang.config.env."""

from pathlib import Path

import dj_database_url

from fawang.config.env import env_bool, env_int, env_list, env_optional, env_str
from fawang.config.languages import MANDARIN, deployment_languages

PACKAGE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(env_str("FAWANG_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "fawang.core",
    "fawang.regions",
    "fawang.accounts",
    "fawang.people",
    "fawang.directory",
    "fawang.catalogue",
    "fawang.calculators",
    "fawang.contract_review",
    "fawang.cases",
    "fawang.notifications",
    "fawang.statutes",
    "fawang.knowledge",
    "fawang.eligibility",
    "fawang.legal_aid",
    "fawang.mediation",
    "fawang.notary",
    "fawang.appraisal",
    "fawang.resettlement",
    "fawang.hotline",
    "fawang.portal",
    "fawang.triage",
    "fawang.kiosk",
    "fawang.education",
    "fawang.legislation",
    "fawang.evaluation",
    "fawang.supervision",
    "fawang.exchange",
    "fawang.analytics",
    "fawang.monitoring",
    "fawang.workbench",
    "fawang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fawang.core.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fawang.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fawang.core.middleware.LoginRequiredByDefaultMiddleware",
    "fawang.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "fawang.config.urls"
WSGI_APPLICATION = "fawang.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# Citizens sign in with their mobile number, found through its blind index (M3; fawang/accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "fawang.accounts.backends.PhoneBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fawang.core.context_processors.site_context",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_optional("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(
            dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
        )
        config["CONN_HEALTH_CHECKS"] = True
        if str(config.get("ENGINE", "")).endswith("postgresql") and not env_bool("DB_JIT", False):
            # PostgreSQL's JIT compiles any plan estimated above jit_above_cost; over a million cases that is
            # most dashboard queries, and compiling (about 100 ms each) cost more than running them (issue 7 §8).
            options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
            options["options"] = f"{options.get('options', '')} -c jit=off".strip()
            config["OPTIONS"] = options
        return config
    # SQLite: WAL, a busy timeout and IMMEDIATE transactions so writers queue instead of failing (STYLE §10).
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / env_str("SQLITE_NAME", "fawang.sqlite3")),
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# L8: Mandarin is the default and the source language; a deployment adds its minority languages and English, each
# chosen explicitly by the user (cookie), never guessed from the browser (docs/languages.md).
LANGUAGE_CODE = MANDARIN
LANGUAGES = deployment_languages(env_list("FAWANG_LANGUAGES", [MANDARIN, "en"]))
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Front-end packages from the npm registry (package.json; `npm ci` in the repo root), served as plain static files.
NODE_MODULES_DIR = PACKAGE_DIR.parent / "node_modules"
STATICFILES_DIRS = [("vendor/echarts", NODE_MODULES_DIR / "echarts" / "dist")]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "fawang.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "法网 Fawang API",
    "DESCRIPTION": "公共法律服务平台接口：统一工单、受理、流转、查询。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI is served from the installed sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}

# Domain configuration (Config values per REQUIREMENTS; deployments override through the environment).
FAWANG_DEADLINE_SCAN_LOOKAHEAD_HOURS = env_int("FAWANG_DEADLINE_SCAN_LOOKAHEAD_HOURS", 24)
FAWANG_DEMO_PASSWORD = env_str("FAWANG_DEMO_PASSWORD", "Fawang@2026demo")

# --- Security, privacy and reliability (issue 8; docs/security.md, docs/privacy.md; ADRs 0080-0089) ---------------
from csp.constants import NONE as CSP_NONE  # noqa: E402
from csp.constants import SELF as CSP_SELF  # noqa: E402

INSTALLED_APPS += ["csp", "fawang.security"]
# CSP right after SecurityMiddleware; security headers beside it; the second factor after the login gate.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "fawang.core.middleware.SecurityHeadersMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("fawang.core.middleware.LoginRequiredByDefaultMiddleware") + 1,
    "fawang.security.middleware.SecondFactorMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("fawang.security.middleware.SecondFactorMiddleware") + 1,
    "fawang.security.ratelimit.RateLimitMiddleware",
)

AUTH_PASSWORD_VALIDATORS += [
    {"NAME": "fawang.security.passwords.ComplexityValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "fawang.security.passwords.PasswordHistoryValidator", "OPTIONS": {"history": 5}},
]

# M3: personal data encrypted at rest. Comma-separated key rings, primary first (rotation: docs/security.md).
# No default here: dev.py and test.py carry development keys; prod.py requires them.
FAWANG_PII_KEYS = [k for k in (env_optional("FAWANG_PII_KEYS") or "").split(",") if k.strip()]
FAWANG_PII_INDEX_KEYS = [k for k in (env_optional("FAWANG_PII_INDEX_KEYS") or "").split(",") if k.strip()]

# M5: staff accounts (values are Config; CLA's 5 failures and 60-minute cool-off as the starting point).
FAWANG_LOCKOUT_THRESHOLD = env_int("FAWANG_LOCKOUT_THRESHOLD", 5)
FAWANG_LOCKOUT_SECONDS = env_int("FAWANG_LOCKOUT_SECONDS", 60 * 60)
FAWANG_REAUTH_SECONDS = env_int("FAWANG_REAUTH_SECONDS", 5 * 60)
FAWANG_TOTP_REQUIRED_ROLES = env_list("FAWANG_TOTP_REQUIRED_ROLES", ["admin"])
FAWANG_TOTP_ISSUER = "法网"

# M15: rate limits, "<count>/<s|m|h|d>", counted in the cache named by FAWANG_RATE_LIMIT_CACHE.
FAWANG_RATE_LIMITS = {
    "login": env_str("FAWANG_RATE_LIMIT_LOGIN", "20/m"),
    "sms": env_str("FAWANG_RATE_LIMIT_SMS", "5/h"),
    "search": env_str("FAWANG_RATE_LIMIT_SEARCH", "60/m"),
    "intake": env_str("FAWANG_RATE_LIMIT_INTAKE", "30/m"),
    "reveal": env_str("FAWANG_RATE_LIMIT_REVEAL", "30/h"),
    # G10: progress look-ups at a kiosk, per reference (a reference and four digits must not be guessable)
    "kiosk_track": env_str("FAWANG_RATE_LIMIT_KIOSK_TRACK", "10/h"),
}
FAWANG_RATE_LIMIT_CACHE = "default"
# Which views are limited: {"namespace:url-name": ("METHOD[,METHOD]", scope)} (RateLimitMiddleware).
FAWANG_RATE_LIMITED_VIEWS = {
    "accounts:login": ("POST", "login"),
    "portal:login": ("POST", "login"),  # citizens' sign-in: the staff page's per-address budget (M15)
    "security:otp-verify": ("POST", "login"),
    "security:reauth": ("POST", "login"),
    "security:reveal": ("POST", "reveal"),
    "api-security-reveal": ("POST", "reveal"),
    "workbench:intake": ("POST", "intake"),
    "api-case-list": ("POST", "intake"),
    "statutes:list": ("GET", "search"),
    "knowledge:search": ("GET", "search"),  # issue 8 §5: public HTML statute search
    "knowledge:ask": ("GET", "search"),  # public smart consultation runs the same search
    "citations-check": ("POST", "search"),
    "kiosk:pair": ("POST", "login"),  # G10: the one-time pairing code of a kiosk
    "kiosk:ask": ("POST", "search"),  # the kiosk's smart consultation runs the same search
    "legislation:comment": ("POST", "intake"),  # Q2: public comment on a draft, page and API alike
    "api-legislation-comment": ("POST", "intake"),
}
_REDIS_URL = env_optional("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}
        if _REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fawang"}
    )
}

# M15: uploads are checked by content (magic bytes) and size.
FAWANG_UPLOAD_MAX_BYTES = env_int("FAWANG_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)

# M9, M10: data-subject requests and retention (periods are Config: no national figure; configurable).
FAWANG_DATA_REQUEST_DUE_DAYS = env_int("FAWANG_DATA_REQUEST_DUE_DAYS", 15)
FAWANG_RETENTION_DAYS = {
    "audit_log": env_int("FAWANG_RETENTION_AUDIT_DAYS", 3 * 365),  # M6 floor: 183 days, enforced by a check
    "login_failures": env_int("FAWANG_RETENTION_LOGIN_FAILURES_DAYS", 90),
    "notifications": env_int("FAWANG_RETENTION_NOTIFICATIONS_DAYS", 365),
    "unlinked_people": env_int("FAWANG_RETENTION_UNLINKED_PEOPLE_DAYS", 3 * 365),
    "data_requests": env_int("FAWANG_RETENTION_DATA_REQUESTS_DAYS", 3 * 365),
    "sessions": 0,  # expired sessions are removed on every run
    # Unsubmitted portal applications nobody touched for this long (with their uploaded scans).
    "portal_drafts": env_int("FAWANG_RETENTION_PORTAL_DRAFTS_DAYS", 30),
}

# M13 (个人信息保护法 Art.52): the personal-information officer, published on the privacy notice. Required where the
# volume threshold applies; `fawang check --deploy` warns while it is unset.
FAWANG_PI_OFFICER = {
    "name": env_str("FAWANG_PI_OFFICER_NAME", ""),
    "title": env_str("FAWANG_PI_OFFICER_TITLE", ""),
    "phone": env_str("FAWANG_PI_OFFICER_PHONE", ""),
    "email": env_str("FAWANG_PI_OFFICER_EMAIL", ""),
    "address": env_str("FAWANG_PI_OFFICER_ADDRESS", ""),
}

# M14: where "快速离开" on sensitive public pages goes. A neutral, widely used site; tests point it at a local page.
FAWANG_QUICK_EXIT_URL = env_str("FAWANG_QUICK_EXIT_URL", "https://www.weather.com.cn/")
# O3: how long a practitioner's sanction stays on the public credit record, in months from its decision date
# (provinces set this in their credit-publication rules; three years by default).
FAWANG_SANCTION_DISCLOSURE_MONTHS = env_int("FAWANG_SANCTION_DISCLOSURE_MONTHS", 36)
# X3/O8 legal-aid allocation: office hours (outside them, and on rest days, the duty rota answers), how long a
# suggestion is held for its application, and the window over which the fair shares are counted.
FAWANG_AID_OFFICE_HOURS = env_str("FAWANG_AID_OFFICE_HOURS", "08:30-17:30")
FAWANG_AID_ALLOCATION_HOLD_MINUTES = env_int("FAWANG_AID_ALLOCATION_HOLD_MINUTES", 30)
FAWANG_AID_ALLOCATION_WINDOW_DAYS = env_int("FAWANG_AID_ALLOCATION_WINDOW_DAYS", 365)

# M8: the channels on which a legal consultation may be anonymous, e.g. "hotline,12345"; "*" (the default) is every
# channel and an empty value none. Elsewhere a consultation needs the asker's name and ID number; transactions always
# need real names (I2).
FAWANG_CONSULTATION_ANONYMOUS_CHANNELS = env_list("FAWANG_CONSULTATION_ANONYMOUS_CHANNELS", ["*"])

# G10: optional channels this deployment has opened, e.g. "kiosk,video" (24-hour kiosks; video consultation and
# notarisation). Closed ones are not offered at intake and are refused by case_create.
FAWANG_OPTIONAL_CHANNELS = env_list("FAWANG_OPTIONAL_CHANNELS", [])
# G10: seconds without a touch after which a kiosk returns to its home screen and clears the visit (docs/kiosk.md).
FAWANG_KIOSK_IDLE_SECONDS = env_int("FAWANG_KIOSK_IDLE_SECONDS", 120)

# L3: the hotline's accessible functions rolled out in this deployment (codes from hotline.accessibility), e.g.
# "one_touch_call,large_text,braille_friendly,voice"; voice needs the call centre's telephone system. An unknown code
# fails the system check hotline.E001.
FAWANG_HOTLINE_ACCESSIBILITY = env_list(
    "FAWANG_HOTLINE_ACCESSIBILITY", ["one_touch_call", "large_text", "braille_friendly"]
)

# A12, L8: the languages and dialects intake is held in, e.g. "zh,yue,hak,nan-chaoshan" (Guangdong 12348) or
# "zh,bo,en"; codes from cases.languages.Language. 普通话 (zh) is always offered; with nothing else intake forms do
# not ask. An unknown code fails the system check cases.E003.
FAWANG_INTAKE_LANGUAGES = env_list("FAWANG_INTAKE_LANGUAGES", ["zh"])

# M15: a strict Content-Security-Policy (django-csp 4). No inline script or style anywhere (ADR 0083).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(  # type: ignore[attr-defined]
    {
        "DataRequestKindEnum": "fawang.security.models.DataRequestKind",
        # Two kinds of `channel` field: a case's intake channel and the safe-contact channel of a person (M14).
        "ChannelEnum": "fawang.cases.states.Channel",
        "ContactChannelEnum": "fawang.people.models.ContactChannel",
        "LanguageEnum": "fawang.cases.languages.Language",  # A12: a case's intake language
    }
)
SESSION_COOKIE_SAMESITE = "Lax"
# 12348 call-centre webhook (issue 5, docs/hotline-webhook.md): the HMAC secret shared with the CTI system.
# Empty means the webhook refuses every delivery (503); set HOTLINE_WEBHOOK_SECRET or HOTLINE_WEBHOOK_SECRET_FILE.
HOTLINE_WEBHOOK_SECRET = env_str("HOTLINE_WEBHOOK_SECRET", "")

# Labelled consultation questions the category classifier is fitted from at start-up (J4); empty = lexicon only.
KNOWLEDGE_CATEGORY_TRAINING_FILE = env_str("FAWANG_CATEGORY_TRAINING_FILE", "")
# Roles that may approve a consultation opinion (法律咨询意见书, J7) besides the professional who answered, e.g.
# "supervisor,aid_reviewer". Empty (the default): only the answering professional approves.
FAWANG_CONSULTATION_OPINION_APPROVER_ROLES = env_list("FAWANG_CONSULTATION_OPINION_APPROVER_ROLES", [])

# J10: legal calculators (docs/calculators.md). Regional statistics and the province's lawyer-fee guidance table are
# deployment data, empty by default: the pages then ask the user for the figures. Never put invented figures here.
# {year: {"region", "average_monthly_wage", "urban_disposable_income", "source"}}, the statistics of that year.
FAWANG_CALCULATOR_REGIONAL_FIGURES: dict[int, dict[str, str]] = {}
# [{"region", "source", "valid_from", "floor_upto", "floor_fee", "floor_fee_max", "bands": [...], "cap"}]
FAWANG_CALCULATOR_LAWYER_FEE_TABLES: list[dict[str, object]] = []
# Optional JSON file carrying both ("regional_figures", "lawyer_fee_tables"), for deployments configured by file.
FAWANG_CALCULATOR_CONFIG_FILE = env_str("FAWANG_CALCULATOR_CONFIG_FILE", "")

# K11: upstream data exchange with 中国法律服务网 and the provincial government-service platform (docs/exchange.md,
# ADR 0096). A JSON list of targets in FAWANG_EXCHANGE_TARGETS, or a JSON file named by FAWANG_EXCHANGE_CONFIG_FILE.
# Each target names the environment variable holding its shared secret, never the secret. Both empty (the default):
# nothing is queued. Checked at start-up by fawang.exchange.checks.
FAWANG_EXCHANGE_TARGETS = env_str("FAWANG_EXCHANGE_TARGETS", "")
FAWANG_EXCHANGE_CONFIG_FILE = env_str("FAWANG_EXCHANGE_CONFIG_FILE", "")

# N8: monitoring (docs/monitoring.md, ADR 0103). GET /metrics (Prometheus text format) answers only to
# "Authorization: Bearer <FAWANG_METRICS_TOKEN>"; empty (the default) turns it off (404). FAWANG_METRICS_TOKEN_FILE
# works too. The windows say what "near" and "recent" mean; the alert thresholds are Config (no national figure;
# configurable): a figure above its threshold is a breach (`fawang check_alerts`, the 运行监测 page, and the
# fawang_alert_breached metric), and a negative threshold switches that alert off.
FAWANG_METRICS_TOKEN = env_str("FAWANG_METRICS_TOKEN", "")
FAWANG_MONITORING_WINDOWS = {
    "near_breach_hours": env_int("FAWANG_MONITOR_NEAR_BREACH_HOURS", 24),  # clocks due within this many hours
    "failed_jobs_hours": env_int(
        "FAWANG_MONITOR_FAILED_JOBS_HOURS", 24
    ),  # background tasks failed this recently
    "interface_errors_minutes": env_int("FAWANG_MONITOR_INTERFACE_ERRORS_MINUTES", 60),  # partner errors
}
FAWANG_ALERT_THRESHOLDS = {
    "cases_unrouted": env_int("FAWANG_ALERT_CASES_UNROUTED", 20),  # 工单 (count)
    "cases_unrouted_oldest_hours": env_int("FAWANG_ALERT_CASES_UNROUTED_OLDEST_HOURS", 24),  # hours
    "callbacks_overdue": env_int("FAWANG_ALERT_CALLBACKS_OVERDUE", 0),  # callbacks (count)
    "tasks_ready_oldest_minutes": env_int("FAWANG_ALERT_TASKS_READY_OLDEST_MINUTES", 15),  # minutes
    "deadlines_near_breach": env_int("FAWANG_ALERT_DEADLINES_NEAR_BREACH", 50),  # running clocks (count)
    "deadlines_breached": env_int("FAWANG_ALERT_DEADLINES_BREACHED", 0),  # running clocks (count)
    "tasks_failed": env_int("FAWANG_ALERT_TASKS_FAILED", 0),  # task results (count)
    "exchange_failing": env_int("FAWANG_ALERT_EXCHANGE_FAILING", 20),  # messages (count)
    "exchange_dead": env_int("FAWANG_ALERT_EXCHANGE_DEAD", 0),  # messages (count)
    "exchange_errors_recent": env_int("FAWANG_ALERT_EXCHANGE_ERRORS_RECENT", 5),  # messages (count)
    "webhook_rejections_recent": env_int("FAWANG_ALERT_WEBHOOK_REJECTIONS_RECENT", 10),  # deliveries (count)
}
