"""Read configuration from the environment, failing loudly with the variable's name.

django-environ parses the URLs; it is lenient (``foo`` parses to an empty config), so every
value is checked here and a bad one stops the process with a message a person can act on.
"""

from __future__ import annotations

import warnings
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

_DATABASE_ENGINES = {
    "django.db.backends.postgresql",
    "django.db.backends.sqlite3",
}


def database_from_env(name: str, default: str) -> dict[str, Any]:
    url = env.str(name, default=default)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            config = env.db_url_config(url)
    except (ValueError, KeyError, ImproperlyConfigured) as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL ({error}): {url!r}") from error
    if config.get("ENGINE") not in _DATABASE_ENGINES:
        raise ImproperlyConfigured(f"{name} must be a postgres:// or sqlite:/// URL, got {url!r}")
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database: {url!r}")
    return config


def redis_url_from_env(name: str) -> str | None:
    """The Redis URL, or None when the variable is unset (embedded defaults then apply)."""
    url = env.str(name, default="")
    if not url:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError on a non-numeric port
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid Redis URL ({error}): {url!r}") from error
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must look like redis://host:6379/0, got {url!r}")
    del port
    return url


_MAILER_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
    "EMAIL_FILE_PATH": "file_path",
}


def mailers_from_env(name: str, default: str) -> dict[str, dict[str, Any]]:
    """Django 6.1's MAILERS setting from a django-environ e-mail URL (smtp://, filemail://, …)."""
    url = env.str(name, default=default)
    try:
        config = env.email_url_config(url)
    except (ValueError, KeyError, ImproperlyConfigured) as error:
        raise ImproperlyConfigured(f"{name} is not a valid e-mail URL ({error}): {url!r}") from error
    if not config.get("EMAIL_BACKEND"):
        raise ImproperlyConfigured(
            f"{name} must use one of django-environ's schemes (smtp, smtps, consolemail, "
            f"filemail, memorymail, dummymail), got {url!r}"
        )
    if url.startswith("filemail:"):
        # django-environ drops the leading slash of filemail:///abs/path; keep it absolute.
        config["EMAIL_FILE_PATH"] = urlsplit(url).path
    options = {
        option: config[key] for key, option in _MAILER_OPTIONS.items() if config.get(key) not in (None, "")
    }
    return {"default": {"BACKEND": config["EMAIL_BACKEND"], "OPTIONS": options}}


# Sign-in through the national identity provider (portal/accounts/eid_*.py). Off unless one of
# these is set; then every one of them must be.
OIDC_REQUIRED = (
    "OIDC_OP_DISCOVERY_URL",
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_IIN_CLAIM",
    "OIDC_NAME_CLAIM",
)


def oidc_from_env(*, require_https: bool) -> dict[str, Any]:
    """The OIDC_* settings, or OIDC_ENABLED False when none is set. A partial configuration
    stops the process naming the first missing variable: half a configuration is a mistake,
    never a reason to fall back silently to password-only sign-in."""
    values = {name: env.str(name, default="").strip() for name in OIDC_REQUIRED}
    if not any(values.values()):
        return {"OIDC_ENABLED": False}
    for name, value in values.items():
        if not value:
            raise ImproperlyConfigured(
                f"{name} must be set when sign-in with the national identity provider is configured "
                f"(set all of {', '.join(OIDC_REQUIRED)}, or none)."
            )
    discovery = urlsplit(values["OIDC_OP_DISCOVERY_URL"])
    allowed_schemes = {"https"} if require_https else {"https", "http"}
    if discovery.scheme not in allowed_schemes or not discovery.hostname:
        raise ImproperlyConfigured(
            "OIDC_OP_DISCOVERY_URL must be the provider's "
            f"{'https' if require_https else 'http(s)'}://…/.well-known/openid-configuration URL, "
            f"got {values['OIDC_OP_DISCOVERY_URL']!r}"
        )
    algorithm = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    if algorithm not in {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256"}:
        raise ImproperlyConfigured(
            f"OIDC_RP_SIGN_ALGO must be an asymmetric algorithm such as RS256, got {algorithm!r}"
        )
    return {
        "OIDC_ENABLED": True,
        **values,
        "OIDC_RP_SIGN_ALGO": algorithm,
        "OIDC_RP_SCOPES": env.str("OIDC_RP_SCOPES", default="openid profile email"),
        "OIDC_TIMEOUT": env.float("OIDC_TIMEOUT", default=10.0),
    }
