"""gunicorn on loopback as in production: sync workers (two by default, as in the issue's
measurements), production settings (bench/settings.py), no debug."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.environment import BASE, OUT, PORT, ROOT

WORKERS = os.environ.get("BENCH_WORKERS", "2")


@contextmanager
def gunicorn() -> Iterator[None]:
    log = (OUT / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            WORKERS,
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_ready()
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_ready() -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if get("/readyz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not become ready within 120 s; see {OUT / 'gunicorn.log'}")


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    seconds: float


def get(path: str) -> Response:
    """One request, timed from the client (for figures that cannot come from a load tool: a cold
    cache must be emptied before each request)."""
    started = time.perf_counter()
    with urllib.request.urlopen(f"{BASE}{path}", timeout=120) as response:  # noqa: S310 (loopback)
        body = response.read()
        return Response(response.status, body, time.perf_counter() - started)
