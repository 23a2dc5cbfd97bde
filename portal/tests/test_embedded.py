"""The README's run path on embedded defaults: SQLite, the filesystem broker, web + the mail
worker + the clock worker + beat started together, serving the home page; Ctrl-C stops them all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (local test server)
            return response.status, response.read().decode()
    except OSError as error:
        return getattr(error, "code", 0), str(error)


def test_embedded_defaults_migrate_load_and_serve(tmp_path: Path) -> None:
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {
        "DIALOG_VAR_DIR": str(tmp_path / "var"),
        "DIALOG_ADDRESS": f"127.0.0.1:{port}",
        "DIALOG_DEMO_APPEALS": "15",
    }
    log_path = tmp_path / "run.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "portal.runlocal"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 180
            status = 0
            while time.monotonic() < deadline and process.poll() is None:
                status, body = get(f"http://127.0.0.1:{port}/healthz")
                if status == 200:
                    break
                time.sleep(1)
            assert status == 200, log_path.read_text(errors="replace")[-3000:]
            assert '"broker": "ok"' in body
            status, page = get(f"http://127.0.0.1:{port}/en/")
            assert status == 200 and "Dialog" in page
            os.killpg(process.pid, signal.SIGINT)
            assert process.wait(timeout=30) == 0
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    output = log_path.read_text(errors="replace")
    assert "Demo logins" in output and "Stopped web, workers and beat." in output
    assert "started clock" in output and "started worker" in output
    assert (tmp_path / "var" / "dialog.sqlite3").exists()
