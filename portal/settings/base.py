"""Settings shared by every environment. Values that differ come from the environment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab  # noqa: F401  (re-exported for environment modules)
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.logs import logging_config
from portal.settings.environment import (
    database_from_env,
    env,
    mailers_from_env,
    oidc_from_env,
    redis_url_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("DIALOG_VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env.str("SECRET_KEY", default="")
# Rotation: the previous key(s) here keep sessions and signed links valid while they expire.
SECRET_KEY_FALLBACKS: list[str] = env.list("SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # django.contrib.admin, with the officials' OTP-enforcing site as `admin.site`.
    "appeals.backoffice.admin_apps.BackOfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "corsheaders",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal",
    "portal.accounts",
    "officials",
    "appeals",
    "blogs",
    "blogs.live",
    "blogs.consultations",
]

MIDDLEWARE = [
    # First, so it times everything below it (portal/metrics.py).
    "portal.metrics.MetricsMiddleware",
    "portal.logs.RequestIdMiddleware",
    "portal.replica.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the request's values (NUL bytes, invalid UTF-8: 400).
    "portal.middleware.RejectMalformedInputMiddleware",
    # Cached statistics answered here, before the URL resolver and DRF, throttled all the same;
    # the headers of the middleware below added as they would add them (issue 13).
    "appeals.stats.publish.fast_path.StatsFastPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-axes must come last: it turns a lockout raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_from_env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dialog.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A streaming replica for public reads (portal/replica.py); unset: every read from the primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = database_from_env("DATABASE_REPLICA_URL", "")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["portal.replica.ReplicaRouter"]
# Seconds a browser reads from the primary after it wrote; seconds a failed replica is left alone.
REPLICA_READ_YOUR_WRITES_SECONDS = env.int("REPLICA_READ_YOUR_WRITES_SECONDS", default=10)
REPLICA_RETRY_SECONDS = env.int("REPLICA_RETRY_SECONDS", default=30)

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "appeals:list"
LOGOUT_REDIRECT_URL = "home"
# Rate limits of citizen actions (portal/ratelimit.py), per client address and per account.
DIALOG_RATE_LIMITS: dict[str, dict[str, str]] = {
    "signup": {"ip": env.str("RATE_SIGNUP_IP", default="10/hour")},
    "password_reset": {"ip": env.str("RATE_PASSWORD_RESET_IP", default="10/hour")},
    "verification_email": {"account": env.str("RATE_VERIFICATION_ACCOUNT", default="5/hour")},
    "file_appeal": {
        "account": env.str("RATE_FILE_ACCOUNT", default="10/hour"),
        "ip": env.str("RATE_FILE_IP", default="30/hour"),
    },
    # Every way in with a password (the sign-in form, the admin's, the API token exchange)
    # shares one budget per address; django-axes locks an account out per address on top.
    "sign_in": {"ip": env.str("RATE_SIGN_IN_IP", default=env.str("RATE_API_TOKEN_IP", default="30/hour"))},
    "blog_report": {"account": env.str("RATE_BLOG_REPORT_ACCOUNT", default="20/hour")},
    # Comments on public consultations, per citizen (blogs.consultations.services).
    "consultation_comment": {"account": env.str("RATE_CONSULTATION_COMMENT_ACCOUNT", default="10/hour")},
    # Routing help (the API and the page): each suggestion searches past appeals.
    "agency_suggest": {"ip": env.str("RATE_SUGGEST_IP", default="120/minute")},
    # Live sessions: questions per citizen (each may become an appeal when the session ends).
    "live_question": {"account": env.str("RATE_LIVE_QUESTION_ACCOUNT", default="10/hour")},
    # Following the register: per address of the client, and per account or e-mail address asked.
    "subscribe": {
        "ip": env.str("RATE_SUBSCRIBE_IP", default="30/hour"),
        "account": env.str("RATE_SUBSCRIBE_ACCOUNT", default="20/hour"),
    },
    # Open311 GeoReport v2 (/open311/v2/): every call, per address (filing also counts as above).
    "open311": {"ip": env.str("RATE_OPEN311_IP", default="120/minute")},
}
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Length and a common-password check; no composition rules (NIST SP 800-63B).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Only the eID callback's arguments reach it (portal/accounts/eid_backend.py).
    "portal.accounts.eid_backend.EIDBackend",
]
# Sign-in with the national identity provider over OpenID Connect (README, "Configuration").
# Off unless OIDC_OP_DISCOVERY_URL and friends are set; mozilla-django-oidc reads these names.
_oidc = oidc_from_env(require_https=False)
OIDC_ENABLED: bool = _oidc["OIDC_ENABLED"]
OIDC_OP_DISCOVERY_URL: str = _oidc.get("OIDC_OP_DISCOVERY_URL", "")
OIDC_RP_CLIENT_ID: str = _oidc.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET: str = _oidc.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_IIN_CLAIM: str = _oidc.get("OIDC_IIN_CLAIM", "iin")
OIDC_NAME_CLAIM: str = _oidc.get("OIDC_NAME_CLAIM", "name")
OIDC_RP_SIGN_ALGO: str = _oidc.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES: str = _oidc.get("OIDC_RP_SCOPES", "openid profile email")
OIDC_TIMEOUT: float = _oidc.get("OIDC_TIMEOUT", 10.0)
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "eid_callback"
OIDC_CREATE_USER = True
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False

# Sessions expire after 30 minutes without a request; the session key rotates at login.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Each language's own date, time and number style (portal/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are private: they are never served by URL, only through views that check access.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Redis: cache and Celery broker; embedded defaults when REDIS_URL is unset ---------------
REDIS_URL = redis_url_from_env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache with one client per pool (portal/cache.py).
            "BACKEND": "portal.cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "dialog",
            # A Redis that does not answer is treated as down within a second (rate limits and
            # throttles then fail open, statistics go uncached) instead of holding requests.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        # Unacknowledged messages come back after this long; retries back off well below it.
        "visibility_timeout": 3600,
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    # kombu's filesystem transport: a broker that needs no server, shared by web, worker, beat.
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # The exchange tables; kombu's default is `control/` in the working directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's own beat (no django-celery-beat: its 2.9 release caps Django below 6.1).
CELERY_BEAT_SCHEDULE = {
    "process-deadlines": {
        "task": "appeals.tasks.process_deadlines",
        "schedule": env.float("DIALOG_SWEEP_INTERVAL", default=60.0),
    },
    # Ended live sessions: unanswered questions become appeals (blogs/live/conversion.py).
    "process-live-sessions": {
        "task": "blogs.live.tasks.process_live_sessions",
        "schedule": env.float("DIALOG_SWEEP_INTERVAL", default=60.0),
    },
    # The register's daily digests (each subscription's own due time; idempotent per day).
    "subscription-digests": {
        "task": "appeals.tasks.send_subscription_digests",
        "schedule": env.float("DIALOG_DIGEST_INTERVAL", default=300.0),
    },
}
# The hour (portal time zone) at which a subscription's daily digest of the register is due.
DIALOG_DIGEST_HOUR = env.int("DIALOG_DIGEST_HOUR", default=8)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Deadlines never wait behind e-mail: everything beat schedules (the clock work) goes to its own
# queue, consumed by its own worker (`celery worker -Q clock`); deliveries stay on the default
# queue. A new beat entry is routed there by this line, with nothing else to remember.
CELERY_TASK_DEFAULT_QUEUE = "celery"
DIALOG_CLOCK_QUEUE = "clock"
CELERY_TASK_ROUTES = {entry["task"]: {"queue": DIALOG_CLOCK_QUEUE} for entry in CELERY_BEAT_SCHEDULE.values()}

# --- E-mail -------------------------------------------------------------------------------
MAILERS = mailers_from_env("EMAIL_URL", "consolemail://")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Dialog <no-reply@dialog.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where citizens write to the portal's operator (the contact, privacy and accessibility pages).
DIALOG_CONTACT_EMAIL = env.str("DIALOG_CONTACT_EMAIL", default="support@dialog.example")
# The operator's public-participation mailbox: the address of the account that public
# consultations' response obligations are registered to (appeals.services.duty).
DIALOG_PARTICIPATION_EMAIL = env.str("DIALOG_PARTICIPATION_EMAIL", default="participation@dialog.example")
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# Days after an answer before the one e-mail asking the citizen to rate it (and saying they may
# complain to the superior body).
DIALOG_RATE_REMINDER_DAYS = env.int("DIALOG_RATE_REMINDER_DAYS", default=3)
# How long an official's enrolment link (create_official, or a superuser's) stays valid, in seconds.
OFFICIAL_ENROLMENT_LINK_TIMEOUT = env.int("OFFICIAL_ENROLMENT_LINK_TIMEOUT", default=3 * 24 * 3600)
# The one jurisdiction Open311 GeoReport v2 serves (its jurisdiction_id).
OPEN311_JURISDICTION = env.str("OPEN311_JURISDICTION", default="kz")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "portal.api.errors.json_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.api.throttling.AnonThrottle",
        "portal.api.throttling.UserThrottle",
    ],
    # Generous enough for a newsroom script paging through every statistics endpoint.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dialog API",
    # In the language asked for (`/api/v1/schema/?lang=`, which the docs page passes on).
    "DESCRIPTION": _(
        "Public statistics and reference data (no login), the citizen API (token) and the "
        "agency API (an official's token).\n\n"
        "Every statistics table in one download, with a data dictionary: "
        "[/api/v1/stats/download/](/api/v1/stats/download/); what every column means: "
        "[data dictionary and licence](/stats/data/). The figures are open data under "
        "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/); groups of fewer than 5 "
        "appeals are withheld and small counts slightly perturbed (README, "
        '"How figures are protected").'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served by the portal itself (no CDN), its script in a file for the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    # No deep links: Swagger UI puts them inside each operation's toggle button, a link nested in a
    # button that keyboards and screen readers cannot use (axe: nested-interactive, target-size).
    # Examples unhighlighted: the highlighter's colours fall below 4.5:1 on its dark background.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"activated": False}},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name with another get a name of their own.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "appeals.models.AppealStatus",
        "LiveQuestionStatusEnum": "blogs.live.models.QuestionStatus",
    },
}
CORS_URLS_REGEX = r"^/api/v1/(stats|regions|agencies|deputies)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# A newsroom's page may read when the statistics were published and revalidate them.
CORS_EXPOSE_HEADERS = ["ETag", "Statistics-As-Of"]

# --- Security ------------------------------------------------------------------------------
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Lock the pair (account, address): an attacker elsewhere cannot lock a whole agency out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# The client address from NUM_PROXIES (django-ipware is not installed, so axes' IPWARE_*
# settings would be ignored and every client behind a proxy would share the proxy's address).
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.client_ip"
# Second factor for the officials' admin (see officials/admin_site.py).
OTP_TOTP_ISSUER = "Dialog"
OTP_TOTP_THROTTLE_FACTOR = 1

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Uploads: the form layer checks each file; this caps what Django keeps in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Dialog ----------------------------------------------------------------------------------
DIALOG_TRACKING_PREFIX = env.str("DIALOG_TRACKING_PREFIX", default="DLG")
DIALOG_NATIONAL_OVERSIGHT_SLUG = env.str("DIALOG_NATIONAL_OVERSIGHT_SLUG", default="prosecutor-general")
DIALOG_CALENDAR_COUNTRY = env.str("DIALOG_CALENDAR_COUNTRY", default="KZ")
DIALOG_REGION_COUNTRY = env.str("DIALOG_REGION_COUNTRY", default="KZ")
DIALOG_APPEAL_TEXT_MAX = 10_000
DIALOG_SWEEP_BATCH = env.int("DIALOG_SWEEP_BATCH", default=500)
# An outbox row still undelivered this long after it was written is handed to Celery again.
DIALOG_OUTBOX_REQUEUE_SECONDS = env.int("DIALOG_OUTBOX_REQUEUE_SECONDS", default=120)
# Seconds a process may keep reference data (agencies, regions, deadline policies, the calendar)
# in memory; a change saved through the models reaches every process within a second anyway
# (portal/reference_cache.py). 0: read from the database every time.
DIALOG_REFERENCE_CACHE_SECONDS = env.int("DIALOG_REFERENCE_CACHE_SECONDS", default=60)
STATS_MIN_CELL = env.int("STATS_MIN_CELL", default=5)
# Disclosure control (README "How figures are protected"): small base cells are perturbed with
# noise fixed by this key. Set it once and never change it: a new key gives every small cell a
# second, independent draw. Empty: derived from SECRET_KEY. Off only for tests of the attacker.
STATS_CELL_KEY = env.str("STATS_CELL_KEY", default="")
STATS_PERTURBATION = True
# Anonymous requests to /api/v1/stats/ per address (a newsroom script paging through everything).
STATS_THROTTLE_RATE = env.str("STATS_THROTTLE_RATE", default="600/minute")
# Published statistics lag the rollups by at most this many seconds (README "Freshness"): a change
# is published by the first request this long after the previous publication, so a busy day's
# filings do not empty the statistics cache one by one. 0: every change is published at once.
STATS_PUBLISH_SECONDS = env.int("STATS_PUBLISH_SECONDS", default=60)

# /metrics (Prometheus) answers only with `Authorization: Bearer <METRICS_TOKEN>`; unset: 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# Logs: JSON lines (LOG_FORMAT=json, production's default) or readable lines (console), every
# one with the request id; personal data masked (portal/logs.py).
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="console")
LOGGING = logging_config(json=LOG_FORMAT == "json", level=LOG_LEVEL)
AXES_VERBOSE = False
# Trusted reverse proxies in front of the portal: the one setting for the client's address
# (portal.ratelimit.client_ip, used by the rate limits, DRF's throttles, axes and the audit).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
