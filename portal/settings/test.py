"""Tests: DATABASE_URL / REDIS_URL when set (PostgreSQL and Redis in CI), embedded otherwise."""

from portal.settings.base import *

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; argon2 is tested apart
# In-process tests use locmem (Django sets it); a worker started by a test honours EMAIL_URL.
MAILERS = mailers_from_env("EMAIL_URL", "memorymail://")
MEDIA_ROOT = VAR_DIR / "test-media"
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
# pytest-xdist: pytest-django gives each worker process its own database; its own cache prefix and
# Celery queues keep parallel tests that share one Redis apart too. A Celery worker a test starts
# inherits PYTEST_XDIST_WORKER, so it reads the same names.
XDIST_WORKER = env.str("PYTEST_XDIST_WORKER", default="")
if XDIST_WORKER:
    CACHES["default"]["KEY_PREFIX"] = f"dialog-{XDIST_WORKER}"
    if REDIS_URL:
        CACHES["default"]["BACKEND"] = "portal.tests.xdist_cache.WorkerScopedRedisCache"
    CELERY_TASK_DEFAULT_QUEUE = f"celery-{XDIST_WORKER}"
    DIALOG_CLOCK_QUEUE = f"clock-{XDIST_WORKER}"
    CELERY_TASK_ROUTES = {
        entry["task"]: {"queue": DIALOG_CLOCK_QUEUE} for entry in CELERY_BEAT_SCHEDULE.values()
    }
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute", "user": "10000/minute"},
}
# Every test client signs in from 127.0.0.1; tests of the sign-in limit set their own.
DIALOG_RATE_LIMITS = {**DIALOG_RATE_LIMITS, "sign_in": {"ip": "100000/hour"}}
# Warnings and worse, as readable lines (a worker started by a test honours LOG_FORMAT/LOG_LEVEL).
LOGGING = logging_config(json=LOG_FORMAT == "json", level=env.str("LOG_LEVEL", default="WARNING"))
# Tests read figures right after the change that makes them; the freshness bound is tested apart.
STATS_PUBLISH_SECONDS = 0
# Tests change reference rows with queryset updates inside transactions that are rolled back, which
# no signal reports: reference data is read afresh (the cache is tested apart, switched on).
DIALOG_REFERENCE_CACHE_SECONDS = 0
LANGUAGE_CODE = "en"  # assertions read English messages; other languages are tested explicitly
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
