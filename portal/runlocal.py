"""`make run`: prepare the embedded defaults and run web, the Celery workers and beat together.

Migrates, loads reference data, seeds a small demo history the first time, prints the demo
logins, then starts the processes: web, a worker for e-mail (the default queue), a worker for
the clock (the deadline sweep's own queue, so deadlines never wait behind e-mail) and beat.
Ctrl-C (or any of them dying) stops all of them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
ADDRESS = os.environ.get("DIALOG_ADDRESS", "127.0.0.1:8000")
DEMO_APPEALS = os.environ.get("DIALOG_DEMO_APPEALS", "300")


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def prepare() -> None:
    manage("migrate", "--no-input", "-v0")
    manage("load_reference")
    manage("seed_demo", "--appeals", DEMO_APPEALS, "--if-empty")


def processes() -> dict[str, list[str]]:
    celery = [sys.executable, "-m", "celery", "-A", "portal"]
    solo = ["--loglevel", "INFO", "--concurrency", "1", "--pool", "solo"]
    return {
        "web": [sys.executable, "manage.py", "runserver", ADDRESS, "--noreload"],
        "worker": [*celery, "worker", "-Q", "celery", *solo, "--hostname", "mail@%h"],
        "clock": [*celery, "worker", "-Q", "clock", *solo, "--hostname", "clock@%h"],
        "beat": [*celery, "beat", "--loglevel", "INFO"],
    }


def serve() -> int:
    running: dict[str, subprocess.Popen[bytes]] = {}
    for name, command in processes().items():
        running[name] = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
        print(f"started {name} (pid {running[name].pid})", flush=True)
    print(f"\nDialog is running at http://{ADDRESS}/ — press Ctrl-C to stop.\n", flush=True)

    stopping = False

    def stop(*_args: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, process in running.items():
            if process.poll() is not None:
                print(f"{name} exited with {process.returncode}; stopping the others.", flush=True)
                exit_code = process.returncode or 1
                stopping = True
        time.sleep(0.5)
    for process in running.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in running.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    print("Stopped web, workers and beat.", flush=True)
    return exit_code


def main() -> int:
    (ROOT / "var").mkdir(exist_ok=True)
    prepare()
    return serve()


if __name__ == "__main__":
    sys.exit(main())
