"""`make loadtest`: Dialog under load on this machine, then a check that nothing was lost or doubled.

Starts gunicorn (production settings), a Celery worker and beat against a fresh PostgreSQL database
and a Redis database of their own, seeds a history and the accounts (loadtest/accounts.py), runs
locust headless on loopback for a bounded time and number of users, waits for the outbox to drain,
then checks: no request failed; every appeal the portal accepted (201) exists exactly once and no
other was created; every notification was e-mailed exactly once. Figures go to var/loadtest/.

Settings (environment): LOADTEST_USERS (30), LOADTEST_SPAWN_RATE (5), LOADTEST_TIME (60s),
LOADTEST_CITIZENS (50), LOADTEST_SEED_APPEALS (500), LOADTEST_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/dialog_loadtest, dropped and re-created),
LOADTEST_REDIS_URL (redis://127.0.0.1:6379/14, flushed), LOADTEST_PORT (8765).
"""

from __future__ import annotations

import csv
import email
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "loadtest"
USERS = os.environ.get("LOADTEST_USERS", "30")
SPAWN_RATE = os.environ.get("LOADTEST_SPAWN_RATE", "5")
RUN_TIME = os.environ.get("LOADTEST_TIME", "60s")
DATABASE_URL = os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dialog_loadtest")
REDIS_URL = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/14")
PORT = os.environ.get("LOADTEST_PORT", "8765")
BASE = f"http://127.0.0.1:{PORT}"


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": f"filemail://{OUT / 'mail'}",
        "PORTAL_BASE_URL": BASE,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "DIALOG_VAR_DIR": str(OUT / "var"),
        "PROMETHEUS_MULTIPROC_DIR": str(OUT / "metrics"),
        "METRICS_TOKEN": "loadtest-metrics",
        "LOG_LEVEL": "WARNING",
        # Every simulated person comes from 127.0.0.1: per-address limits would stop the test.
        "RATE_FILE_ACCOUNT": "100000/hour",
        "RATE_FILE_IP": "1000000/hour",
        "STATS_THROTTLE_RATE": "1000000/minute",
        "LOADTEST_ACCOUNTS": str(OUT / "accounts.json"),
        "LOADTEST_ACCEPTED": str(OUT / "accepted.json"),
    }


def fresh_stores() -> None:
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    for folder in ("mail", "metrics", "var"):
        (OUT / folder).mkdir(parents=True, exist_ok=True)
        for path in (OUT / folder).iterdir():
            if path.is_file():
                path.unlink()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def start(env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    celery = [sys.executable, "-m", "celery", "-A", "portal"]
    commands = [
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "3",
            "--log-level",
            "warning",
        ],
        [*celery, "worker", "-Q", "celery,clock", "--concurrency", "2", "--loglevel", "WARNING"],
        [*celery, "beat", "--loglevel", "WARNING", "--schedule", str(OUT / "var" / "beat-schedule")],
    ]
    log = (OUT / "processes.log").open("wb")
    return [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        for command in commands
    ]


def wait_ready() -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{BASE}/readyz", timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit("the portal did not become ready within 120 s; see var/loadtest/processes.log")


def scalar(sql: str, *params: object) -> int:
    with psycopg.connect(DATABASE_URL) as conn:
        row = conn.execute(sql, params or None).fetchone()
    assert row is not None
    return int(row[0])


def wait_for_outbox() -> int:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        waiting = int(
            scalar("SELECT count(*) FROM appeals_notification WHERE status IN ('pending', 'sending')")
        )
        if waiting == 0:
            return 0
        time.sleep(2)
    return waiting


def sent_emails() -> Counter[tuple[str, str]]:
    sent: Counter[tuple[str, str]] = Counter()
    for path in (OUT / "mail").iterdir():
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                message = email.message_from_bytes(chunk)
                sent[
                    (
                        str(message["To"]),
                        str(email.header.make_header(email.header.decode_header(message["Subject"]))),
                    )
                ] += 1
    return sent


def check(started_at: float) -> dict[str, object]:
    accepted: list[str] = json.loads((OUT / "accepted.json").read_text())
    with psycopg.connect(DATABASE_URL) as conn:
        counts: dict[str, int] = dict(
            conn.execute(
                "SELECT tracking_number, count(*) FROM appeals_appeal"
                " WHERE tracking_number = ANY(%s) GROUP BY 1",
                (accepted,),
            ).fetchall()
        )
    created = scalar(
        "SELECT count(*) FROM appeals_appeal a JOIN accounts_user u ON u.id = a.citizen_id "
        "WHERE u.email LIKE 'load%@citizens.example.kz'"
    )
    unsent = scalar("SELECT count(*) FROM appeals_notification WHERE status <> 'sent'")
    with psycopg.connect(DATABASE_URL) as conn:
        notifications = Counter(
            (row[0], row[1])
            for row in conn.execute("SELECT email, subject FROM appeals_notification WHERE status = 'sent'")
        )
    with (OUT / "locust_stats.csv").open() as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    mails = sent_emails()
    return {
        "users": int(USERS),
        "duration": RUN_TIME,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "requests_per_second": round(float(total["Requests/s"]), 1),
        "median_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "appeals_accepted": len(accepted),
        "accepted_numbers_unique": len(set(accepted)) == len(accepted),
        "every_accepted_appeal_exists_once": len(counts) == len(set(accepted))
        and set(counts.values()) <= {1},
        "appeals_created_by_the_test": created,
        "notifications_sent": sum(notifications.values()),
        "notifications_not_sent": unsent,
        "every_notification_emailed_once": mails == notifications,
        "emails": sum(mails.values()),
        "seconds": round(time.monotonic() - started_at),
    }


def main() -> int:
    started_at = time.monotonic()
    if urlsplit(DATABASE_URL).hostname not in {"127.0.0.1", "localhost"}:
        raise SystemExit("The load test runs on loopback only (LOADTEST_DATABASE_URL must be local).")
    env = environment()
    fresh_stores()
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_reference")
    manage(env, "seed_demo", "--appeals", os.environ.get("LOADTEST_SEED_APPEALS", "500"), "--seed", "7")
    manage(env, "shell", "-c", (ROOT / "loadtest" / "accounts.py").read_text())
    processes = start(env)
    try:
        wait_ready()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "loadtest" / "locustfile.py"),
                "--headless",
                "-u",
                USERS,
                "-r",
                SPAWN_RATE,
                "-t",
                RUN_TIME,
                "--host",
                BASE,
                "--csv",
                str(OUT / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        waiting = wait_for_outbox()
        scrape = urllib.request.Request(  # noqa: S310 (loopback)
            f"{BASE}/metrics", headers={"Authorization": "Bearer loadtest-metrics"}
        )
        with urllib.request.urlopen(scrape, timeout=30) as response:  # noqa: S310 (loopback)
            (OUT / "metrics.txt").write_bytes(response.read())
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    result = check(started_at)
    result["outbox_left_after_wait"] = waiting
    (OUT / "summary.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    ok = (
        result["failures"] == 0
        and result["accepted_numbers_unique"]
        and result["every_accepted_appeal_exists_once"]
        and result["appeals_created_by_the_test"] == result["appeals_accepted"]
        and result["notifications_not_sent"] == 0
        and result["every_notification_emailed_once"]
    )
    print("LOAD TEST PASSED" if ok else "LOAD TEST FAILED: see the figures above", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
