"""Where a bench run lives: its own PostgreSQL database per size (dropped and re-created) and
its own Redis DB (flushed), production-like settings, loopback only.

BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/dialog_bench; the size is appended to the
name), BENCH_REDIS_URL (redis://127.0.0.1:6379/3), BENCH_PORT (8766)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dialog_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
PORT = int(os.environ.get("BENCH_PORT", "8766"))
BASE = f"http://127.0.0.1:{PORT}"


def database_url(size: int) -> str:
    return f"{DATABASE_URL}_{size}"


def environment(size: int) -> dict[str, str]:
    """What gunicorn and this process run with: production settings, limits lifted (every
    simulated person comes from 127.0.0.1)."""
    url = database_url(size)
    if urlsplit(url).hostname not in {"127.0.0.1", "localhost"}:
        raise SystemExit("The benchmark runs on loopback only (BENCH_DATABASE_URL must be local).")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": f"filemail://{OUT / 'mail'}",
        "PORTAL_BASE_URL": "http://127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "DIALOG_VAR_DIR": str(OUT / "var"),
        "PROMETHEUS_MULTIPROC_DIR": str(OUT / "metrics"),
        "METRICS_TOKEN": "bench-metrics",
        "LOG_LEVEL": "WARNING",
        "RATE_FILE_ACCOUNT": "10000000/hour",
        "RATE_FILE_IP": "10000000/hour",
        "STATS_THROTTLE_RATE": "10000000/minute",
    }


def fresh_stores(size: int) -> None:
    url = database_url(size)
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    flush_redis()
    for folder in ("mail", "metrics", "var"):
        (OUT / folder).mkdir(parents=True, exist_ok=True)
        for path in (OUT / folder).iterdir():
            if path.is_file():
                path.unlink()


def flush_redis() -> None:
    """Empties the run's Redis DB: the statistics cache is cold afterwards."""
    redis.Redis.from_url(REDIS_URL).flushdb()


def use(size: int) -> None:
    """Point this process at the size's stores and set Django up (once per process: the sizes
    are run one after another, each in its own process)."""
    os.environ.update(environment(size))
    import django

    django.setup()
