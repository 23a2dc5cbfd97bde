"""`python -m bench` (`make bench`): every size in its own process, then one table and one JSON
file in bench/results/."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time

from bench import load
from bench.environment import OUT, RESULTS, ROOT
from bench.report import Row, growth_rows, rows_from, table, write


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_size(size: int, seconds: int, out: str, parts: tuple[str, ...]) -> int:
    """The child: one size, rows written to `out` as JSON."""
    from dataclasses import asdict

    from bench import environment

    environment.fresh_stores(size)
    environment.use(size)
    from bench import suite  # Django is set up now

    rows = suite.run(size, seconds=seconds, progress=lambda m: progress(f"{size:,}: {m}"), parts=parts)
    with open(out, "w") as handle:
        json.dump([asdict(row) for row in rows], handle)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", nargs="+", type=int, default=[100_000], help="appeals per run")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk load per figure")
    parser.add_argument(
        "--parts",
        default="seed,web,sweep",
        help="comma-separated: seed (always), web (gunicorn + wrk + cold statistics), sweep",
    )
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_size is not None:
        return run_size(args.one_size, args.duration, args.out, tuple(args.parts.split(",")))

    load.require_wrk()

    started = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    for size in args.sizes:
        out = OUT / f"rows-{size}.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench",
                "--one-size",
                str(size),
                "--duration",
                str(args.duration),
                "--parts",
                args.parts,
                "--out",
                str(out),
            ],
            cwd=ROOT,
            env={**os.environ},
            check=True,
        )
        rows += rows_from(json.loads(out.read_text()))
    rows += growth_rows(rows)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{started}.json"
    write(path, rows, started)
    print(table(rows))
    print(
        f"\nFigures: {path.relative_to(ROOT)}; machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
