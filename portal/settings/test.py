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
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute", "user": "10000/minute"},
}
# Warnings and worse, as readable lines (a worker started by a test honours LOG_FORMAT/LOG_LEVEL).
LOGGING = logging_config(json=LOG_FORMAT == "json", level=env.str("LOG_LEVEL", default="WARNING"))
LANGUAGE_CODE = "en"  # assertions read English messages; other languages are tested explicitly
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
