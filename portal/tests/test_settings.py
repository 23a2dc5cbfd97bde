"""Configuration from the environment fails early, naming the variable at fault."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Variables a test run sets for itself that a deployment would never have.
NOT_DEPLOYMENT = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "EMAIL_URL",
    "PORTAL_BASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
GOOD_SECRET = "k" * 20 + "Q9x!ZpR7tLm2Vw8Ns4Hd6Jf1Gb3Yc5Ue0Ai"


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in NOT_DEPLOYMENT}
    if module.endswith("production"):
        clean["EMAIL_URL"] = "smtp://mail.example.kz:587/?tls=True"
        clean["PORTAL_BASE_URL"] = "https://dialog.example.kz"
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = {module!r}; django.setup()",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret() -> None:
    result = load_settings(
        "portal.settings.production", DATABASE_URL="postgres://u@db/dialog", REDIS_URL="redis://r:6379/0"
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_placeholder_secret() -> None:
    result = load_settings(
        "portal.settings.production",
        SECRET_KEY="change-me",
        DATABASE_URL="postgres://u@db/dialog",
        REDIS_URL="redis://r:6379/0",
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_real_secret() -> None:
    result = load_settings(
        "portal.settings.production",
        SECRET_KEY=GOOD_SECRET,
        DATABASE_URL="postgres://u@db/dialog",
        REDIS_URL="redis://r:6379/0",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["", "dialog.example.kz"])
def test_production_refuses_to_start_without_the_portals_public_address(value: str) -> None:
    """E-mail links start with PORTAL_BASE_URL; unset, they would point at 127.0.0.1."""
    result = load_settings(
        "portal.settings.production",
        SECRET_KEY=GOOD_SECRET,
        DATABASE_URL="postgres://u@db/dialog",
        REDIS_URL="redis://r:6379/0",
        PORTAL_BASE_URL=value,
    )
    assert result.returncode != 0 and "PORTAL_BASE_URL must be set" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "postgres://u@db:notaport/dialog"),
        ("DATABASE_URL", "mysql-ish"),
        ("REDIS_URL", "redis://cache:port/0"),
        ("REDIS_URL", "localhost:6379"),
        ("EMAIL_URL", "pigeon://coop"),
    ],
)
def test_a_malformed_url_fails_at_start_naming_the_variable(variable: str, value: str) -> None:
    result = load_settings("portal.settings.local", **{variable: value})
    assert result.returncode != 0
    assert f"{variable} " in result.stderr.splitlines()[-1]


def test_production_passes_the_deploy_checks() -> None:
    clean = {k: v for k, v in os.environ.items() if k not in NOT_DEPLOYMENT}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": GOOD_SECRET,
            "DATABASE_URL": "postgres://u@db/dialog",
            "REDIS_URL": "redis://r:6379/0",
            "ALLOWED_HOSTS": "dialog.example.kz",
            "EMAIL_URL": "smtp://mail.example.kz:587/?tls=True",
            "PORTAL_BASE_URL": "https://dialog.example.kz",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_embedded_broker_keeps_its_exchange_tables_under_var() -> None:
    """kombu's filesystem transport writes `control/` in the working directory unless told
    otherwise; every folder it uses is under var/, which is not committed."""
    clean = {k: v for k, v in os.environ.items() if k not in NOT_DEPLOYMENT}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings.local'; django.setup(); "
        "from django.conf import settings; "
        "print('\\n'.join(str(v) for k, v in settings.CELERY_BROKER_TRANSPORT_OPTIONS.items() "
        "if k.endswith('folder') or k.startswith('data_folder')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    folders = [Path(line) for line in result.stdout.split()]
    assert result.returncode == 0 and len(folders) == 4, result.stderr
    assert all(folder.is_relative_to(ROOT / "var" / "broker") for folder in folders)


FULL_OIDC = {
    "OIDC_OP_DISCOVERY_URL": "https://idp.egov.example.kz/.well-known/openid-configuration",
    "OIDC_RP_CLIENT_ID": "dialog",
    "OIDC_RP_CLIENT_SECRET": "a-client-secret",
    "OIDC_IIN_CLAIM": "iin",
    "OIDC_NAME_CLAIM": "name",
}


@pytest.mark.parametrize("missing", sorted(FULL_OIDC))
def test_a_partial_identity_provider_configuration_fails_naming_what_is_missing(missing: str) -> None:
    partial = {k: v for k, v in FULL_OIDC.items() if k != missing}
    result = load_settings(
        "portal.settings.production",
        SECRET_KEY=GOOD_SECRET,
        DATABASE_URL="postgres://u@db/dialog",
        REDIS_URL="redis://r:6379/0",
        **partial,
    )
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr.splitlines()[-1]


def test_production_refuses_an_identity_provider_over_plain_http() -> None:
    result = load_settings(
        "portal.settings.production",
        SECRET_KEY=GOOD_SECRET,
        DATABASE_URL="postgres://u@db/dialog",
        REDIS_URL="redis://r:6379/0",
        **{**FULL_OIDC, "OIDC_OP_DISCOVERY_URL": "http://idp.example.kz/.well-known/openid-configuration"},
    )
    assert result.returncode != 0 and "OIDC_OP_DISCOVERY_URL must be" in result.stderr.splitlines()[-1]


def test_production_starts_with_the_identity_provider_fully_configured_and_without_it() -> None:
    base = {
        "SECRET_KEY": GOOD_SECRET,
        "DATABASE_URL": "postgres://u@db/dialog",
        "REDIS_URL": "redis://r:6379/0",
    }
    code = "from django.conf import settings; print(settings.OIDC_ENABLED)"
    for extra, expected in (({}, "False"), (FULL_OIDC, "True")):
        clean = {k: v for k, v in os.environ.items() if k not in NOT_DEPLOYMENT and not k.startswith("OIDC_")}
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env={
                **clean,
                **base,
                **extra,
                "DJANGO_SETTINGS_MODULE": "portal.settings.production",
                "EMAIL_URL": "smtp://mail.example.kz:587/?tls=True",
                "PORTAL_BASE_URL": "https://dialog.example.kz",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected
