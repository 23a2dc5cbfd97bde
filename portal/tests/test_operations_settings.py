"""Operations settings read from the environment: log format, secret-key rotation."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from portal.tests.test_settings import GOOD_SECRET, NOT_DEPLOYMENT, ROOT, load_settings

PRODUCTION = {
    "SECRET_KEY": GOOD_SECRET,
    "DATABASE_URL": "postgres://u@db/dialog",
    "REDIS_URL": "redis://r:6379/0",
    "EMAIL_URL": "smtp://mail.example.kz:587/?tls=True",
    "PORTAL_BASE_URL": "https://dialog.example.kz",
}


def run_production(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in NOT_DEPLOYMENT | {"LOG_FORMAT"}}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT,
        env={**clean, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "portal.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_an_unknown_log_format() -> None:
    result = load_settings("portal.settings.production", **PRODUCTION, LOG_FORMAT="xml")
    assert result.returncode != 0 and "LOG_FORMAT must be json or console" in result.stderr


def test_production_writes_json_lines_by_default() -> None:
    result = run_production("import logging; logging.getLogger('dialog.check').warning('hello %s', 'world')")
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["event"] == "hello world" and line["level"] == "warning" and line["logger"] == "dialog.check"


def test_old_secret_keys_stay_valid_during_a_rotation() -> None:
    result = run_production(
        "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)",
        SECRET_KEY_FALLBACKS="old-key-one,old-key-two",
    )
    assert result.returncode == 0 and result.stdout.strip() == "['old-key-one', 'old-key-two']"
