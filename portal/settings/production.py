"""Production: everything from the environment; refuses to start without a real secret."""

from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import *
from portal.settings.environment import oidc_from_env

DEBUG = False
if (
    not SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("django-insecure", "local-", "test-", "change-me"))
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if not env.str("EMAIL_URL", default=""):
    raise ImproperlyConfigured(
        "EMAIL_URL must be set in production (e.g. smtp://user:pass@host:587/?tls=True)."
    )
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set in production (cache and Celery broker).")
# The national identity provider: all of OIDC_* or none, and only over https.
oidc_from_env(require_https=True)
# Every link in an e-mail starts with it: without it they would point at 127.0.0.1.
if not env.str("PORTAL_BASE_URL", default="").startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "PORTAL_BASE_URL must be set in production to the portal's public address, "
        "e.g. https://dialog.example.kz (the links in e-mails start with it)."
    )
PORTAL_BASE_URL = PORTAL_BASE_URL.rstrip("/")

LOG_FORMAT = env.str("LOG_FORMAT", default="json")
if LOG_FORMAT not in {"json", "console"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or console, got {LOG_FORMAT!r}.")
LOGGING = logging_config(json=LOG_FORMAT == "json", level=LOG_LEVEL)

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Probes and the scraper talk plain HTTP inside the deployment.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CONN_MAX_AGE = 60
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if "replica" in DATABASES:
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
