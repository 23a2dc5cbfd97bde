"""Load from wrk (a real HTTP load generator, C, one process): requests per second, latency
percentiles and errors, parsed from its `--latency` report."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from bench.environment import BASE, OUT

CONNECTIONS = 16
THREADS = 2
INSTALL_HINT = "wrk is needed for `make bench`: apt-get install -y wrk (Debian/Ubuntu) or brew install wrk"

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def require_wrk() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit(INSTALL_HINT)


def wrk(path: str, *, seconds: int, script: str | None = None, connections: int = CONNECTIONS) -> Load:
    command = [
        "wrk",
        f"-t{min(THREADS, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "--latency",
    ]
    if script:
        command += ["-s", script]
    report = subprocess.run([*command, f"{BASE}{path}"], capture_output=True, text=True, check=True).stdout
    return parse(report)


def parse(report: str) -> Load:
    """wrk's text report; errors are socket errors plus responses other than 2xx/3xx."""

    def latency(percent: str) -> float:
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", report, re.MULTILINE)
        if not match:
            raise ValueError(f"no {percent}% latency in wrk's report:\n{report}")
        return float(match[1]) * _UNITS[match[2]]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    total = re.search(r"(\d+) requests in", report)
    if not rate or not total:
        raise ValueError(f"not a wrk report:\n{report}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", report))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    return Load(
        requests_per_second=float(rate[1]),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        requests=int(total[1]),
        errors=errors + (int(non_2xx[1]) if non_2xx else 0),
    )


def post_script(name: str, path: str, *, bodies: Sequence[Mapping[str, object]], tokens: list[str]) -> str:
    """A wrk Lua script POSTing JSON to `path`: the bodies and API tokens taken in turn (each
    request another citizen), a fresh Idempotency-Key per request."""
    script = OUT / f"{name}.lua"
    script.write_text(
        f"""
local bodies = {_lua_list([json.dumps(body) for body in bodies])}
local tokens = {_lua_list(tokens)}
local threads = 0
local counter = 0
function setup(thread)
  threads = threads + 1
  thread:set("offset", threads)
end
function init(args)
  math.randomseed(os.time() * 100 + (offset or 0))
  counter = offset or 0
end
function request()
  counter = counter + 1
  local key = string.format("%d-%d-%d", offset or 0, counter, math.random(1, 1000000000))
  local headers = {{["Content-Type"] = "application/json", ["Idempotency-Key"] = key}}
  if #tokens > 0 then
    headers["Authorization"] = "Token " .. tokens[(counter % #tokens) + 1]
  end
  return wrk.format("POST", "{path}", headers, bodies[(counter % #bodies) + 1])
end
"""
    )
    return str(script)


def _lua_list(values: list[str]) -> str:
    return "{" + ", ".join(_lua_string(value) for value in values) + "}"


def _lua_string(value: str) -> str:
    return "[==[" + value + "]==]"
