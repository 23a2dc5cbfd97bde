"""`make schemathesis`: fuzz the live API against its own OpenAPI schema.

Builds a fresh database next to DATABASE_URL's (`<name>_fuzz`; a SQLite file without one),
loads the reference data and a small demo history, makes a verified citizen and an agency head
with API tokens, serves the portal with gunicorn on a free port (production-like: DEBUG off),
and runs schemathesis against `/api/v1/schema/` twice — as the citizen and as the official, so
that the POST operations are exercised too — every method the schema has, checking that no
response is a server error and that every response matches the schema. Prints, for each run,
the operations and test cases it ran and the failures it found; exits non-zero on any failure.

Bounded: `FUZZ_MAX_EXAMPLES` cases per operation and phase (default 15), a fixed seed.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHECKS = "not_a_server_error,response_schema_conformance"
MAX_EXAMPLES = os.environ.get("FUZZ_MAX_EXAMPLES", "15")
SEED = os.environ.get("FUZZ_SEED", "20261129")

ACCOUNTS = """
import datetime as dt
import json
import random
from django.db.models import Count
from django.utils import timezone
from portal.accounts.iin import make_iin
from rest_framework.authtoken.models import Token
from appeals.models import Appeal
from officials.services import official_create
from portal.accounts.models import CitizenProfile, User

agency = (
    Appeal.objects.values("agency__slug").annotate(n=Count("id")).order_by("-n").first()["agency__slug"]
)
head = official_create(
    actor=None, email="fuzz-head@dialog.example", agency_slug=agency, role="head",
    full_name="Fuzz Head", position="", with_token=True,
)
citizen = User.objects.create_user(
    "fuzz-citizen@dialog.example", "fuzz correct horse battery", full_name="Fuzz Citizen",
    email_verified_at=timezone.now(),
)
CitizenProfile.objects.create(
    user=citizen, iin=make_iin(random.Random(1), dt.date(1990, 1, 1)), postal_address="Abay 1, Almaty"
)
from appeals.services import appeal_file
from officials.models import Agency, Region
for number in range(3):
    appeal_file(
        actor=citizen, appeal_type="inquiry", region=Region.objects.order_by("code").first(),
        subject=f"Fuzz appeal {number}", text="Filed for the fuzzer.", agency=Agency.objects.get(slug=agency),
    )
print(json.dumps({
    "citizen": Token.objects.create(user=citizen).key,
    "official": head.token,
    # Real tracking numbers for the path parameters: without them every action is a 404.
    "citizen_appeals": list(citizen.appeals.values_list("tracking_number", flat=True)),
    "official_appeals": list(
        Appeal.objects.filter(agency__slug=agency).values_list("tracking_number", flat=True)[:50]
    ),
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fresh_database(workdir: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{workdir / 'fuzz.sqlite3'}"
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_fuzz"
    import psycopg  # only PostgreSQL needs it

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    )
    return done.stdout


def _wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own server)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {seconds:.0f} s")


def _config(path: Path, tracking_numbers: list[str]) -> Path:
    """schemathesis's configuration: real tracking numbers for most path parameters."""
    values = ", ".join(json.dumps(number) for number in tracking_numbers)
    path.write_text(
        f"[dictionaries.appeals]\nvalues = [{values}]\n\n"
        '[parameters]\n"path.tracking_number" = { dictionary = "appeals", probability = 0.8 }\n'
    )
    return path


def _fuzz(schema_url: str, who: str, token: str, config: Path, report: Path) -> tuple[int, int, int]:
    command = [
        str(BIN / "st"),
        "--config-file",
        str(config),
        "run",
        schema_url,
        "--checks",
        CHECKS,
        "--header",
        f"Authorization: Token {token}",
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        SEED,
        "--phases",
        "examples,coverage,fuzzing",
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    print(f"\n--- schemathesis as the {who} ---", flush=True)
    # schemathesis keeps a cache of crashes in its working directory: keep it out of the tree.
    subprocess.run(command, cwd=report.parent, check=False)
    return _figures(json.loads(report.read_text()))


def _figures(report: dict[str, Any]) -> tuple[int, int, int]:
    """(operations tested, test cases generated, failures) from schemathesis's JSON run report;
    errors (a crash, an unreachable server) count as failures."""
    failures = sum(int(group["count"]) for group in report["failures"])
    failures += sum(int(group["count"]) for group in report["errors"])
    if report["exit_code"] not in (0, None) and not failures:
        failures = 1
    return int(report["operations"]["tested"]), int(report["test_cases"]["generated"]), failures


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dialog-fuzz-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.local",
            "DEBUG": "false",
            "DATABASE_URL": _fresh_database(workdir),
            "DIALOG_VAR_DIR": str(workdir / "var"),
            "EMAIL_URL": "dummymail://",
            "ALLOWED_HOSTS": "127.0.0.1",
            # The fuzzer is one client sending thousands of requests: lift the per-client limits.
            "API_THROTTLE_ANON": "100000/minute",
            "API_THROTTLE_USER": "100000/minute",
            "STATS_THROTTLE_RATE": "100000/minute",
            "RATE_FILE_ACCOUNT": "100000/hour",
            "RATE_FILE_IP": "100000/hour",
            "RATE_API_TOKEN_IP": "100000/hour",
            "RATE_SIGN_IN_IP": "100000/hour",
        }
        totals: list[tuple[str, int, int, int]] = []
        _manage(env, "migrate", "--no-input", "-v0")
        _manage(env, "load_reference")
        _manage(env, "seed_demo", "--appeals", "60", "--seed", "7")
        tokens = json.loads(_manage(env, "shell", "-c", ACCOUNTS).strip().splitlines()[-1])
        # Thousands of refused requests are the point of the exercise: the server's log goes
        # to a file, shown only when something went wrong.
        server_log = workdir / "server.log"
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=server_log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            schema_url = f"http://127.0.0.1:{port}/api/v1/schema/"
            _wait_for(schema_url, server)
            for who in ("citizen", "official"):
                config = _config(workdir / f"{who}.toml", tokens[f"{who}_appeals"])
                figures = _fuzz(schema_url, who, tokens[who], config, workdir / f"{who}.json")
                totals.append((who, *figures))
        finally:
            server.terminate()
            server.wait(timeout=30)
            if any(failures for *_rest, failures in totals) or len(totals) < 2:
                print("\n--- the end of the server's log ---")
                print("\n".join(server_log.read_text(errors="replace").splitlines()[-200:]))
    print("\n=== schemathesis summary ===")
    for who, operations, cases, failures in totals:
        print(f"as the {who}: {operations} operations, {cases} test cases, {failures} failures")
    return 1 if len(totals) < 2 or any(failures for *_rest, failures in totals) else 0


if __name__ == "__main__":
    sys.exit(main())
