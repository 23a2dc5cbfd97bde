"""docker-compose.yml validates and runs the commands the README documents."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    shutil.which("docker-compose") is None and not os.environ.get("CI"),
    reason="docker-compose is installed by .ci/run (Debian package)",
)
def test_compose_file_validates(tmp_path: Path) -> None:
    env_file = ROOT / ".env"
    created = not env_file.exists()
    if created:
        shutil.copy(ROOT / ".env.example", env_file)
    try:
        result = subprocess.run(
            ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        if created:
            env_file.unlink()
    assert result.returncode == 0, result.stderr
    config = result.stdout
    for service in ("postgres:", "redis:", "migrate:", "web:", "worker:", "clock:", "beat:"):
        assert f"  {service}" in config
    assert "gunicorn" in config and "manage.py migrate" in config and "load_reference" in config
    assert config.count("healthcheck:") >= 5
    assert "/readyz" in config


def test_compose_gives_the_clock_its_own_worker() -> None:
    """The sweep's queue has a worker of its own, and the e-mail workers do not consume it."""
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    queues = {
        name: service["command"][service["command"].index("-Q") + 1]
        for name, service in services.items()
        if "worker" in service.get("command", [])
    }
    assert queues == {"worker": "celery", "clock": "clock"}


def test_compose_runs_what_exists() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    assert "portal.wsgi:application" in text and (ROOT / "portal" / "wsgi.py").exists()
    assert 'celery", "-A", "portal", "beat"' in text and 'celery", "-A", "portal", "worker"' in text


def test_the_images_build_step_runs_with_production_settings(tmp_path: Path) -> None:
    """The Dockerfile compiles translations and collects static files under production
    settings with build-only values; run the same commands with the same values here."""
    import os
    import re
    import sys

    dockerfile = (ROOT / "Dockerfile").read_text()
    names = "SECRET_KEY|DATABASE_URL|REDIS_URL|EMAIL_URL|PORTAL_BASE_URL"
    build_env = dict(re.findall(rf"\b({names})=(\S+)", dockerfile))
    assert set(build_env) == {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "PORTAL_BASE_URL"}
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        **build_env,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DIALOG_VAR_DIR": str(tmp_path),
    }
    for command in (["compile_translations"], ["collectstatic", "--no-input"]):
        assert f"manage.py {command[0]}" in dockerfile
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles" / "staticfiles.json").exists()
