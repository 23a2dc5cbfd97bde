"""Do the lock files agree with pyproject.toml? (`python -m portal.lockfile`, run by CI.)

pyproject.toml pins every direct dependency exactly; `make lock` (pip-compile) resolves them into
requirements.lock (what the image installs) and requirements-dev.lock (what `make install` and CI
install), every package pinned with its hashes (pip install --require-hashes enforces them).
They disagree when a dependency was added,
removed or re-pinned in pyproject.toml without `make lock`: this finds that without a network.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"requirements.lock": (), "requirements-dev.lock": ("dev",)}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")
_FROM_PYPROJECT = "dialog (pyproject.toml)"


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def declared(pyproject: Path, extras: tuple[str, ...]) -> dict[str, str]:
    """Direct dependencies (with the given extras) as {name: exact version}."""
    project = tomllib.loads(pyproject.read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project.get("optional-dependencies", {}).get(extra, [])
    pins: dict[str, str] = {}
    for requirement in requirements:
        found = _PIN.match(requirement.strip())
        if not found:
            raise SystemExit(f"pyproject.toml: {requirement!r} is not pinned exactly (name==version).")
        pins[_name(found.group(1))] = found.group(2)
    return pins


def locked(lock: Path) -> tuple[dict[str, str], set[str]]:
    """Every pinned package {name: version}, and those pip-compile took from pyproject.toml."""
    pins: dict[str, str] = {}
    direct: set[str] = set()
    current = ""
    for line in lock.read_text().splitlines():
        found = _PIN.match(line)
        if found:
            current = _name(found.group(1))
            pins[current] = found.group(2)
        elif current and _FROM_PYPROJECT in line and "build-system" not in line:
            direct.add(current)
    return pins, direct


def problems(root: Path = ROOT) -> list[str]:
    found: list[str] = []
    for lock_name, extras in LOCKS.items():
        lock = root / lock_name
        if not lock.exists():
            found.append(f"{lock_name} is missing; run make lock.")
            continue
        wanted = declared(root / "pyproject.toml", extras)
        pins, direct = locked(lock)
        for name, version in sorted(wanted.items()):
            if name not in pins:
                found.append(f"{lock_name}: {name}=={version} is in pyproject.toml but not locked.")
            elif pins[name] != version:
                found.append(f"{lock_name}: {name} is {pins[name]} in the lock, {version} in pyproject.toml.")
        for name in sorted(direct - wanted.keys()):
            found.append(
                f"{lock_name}: {name} is locked as a direct dependency but pyproject.toml no longer has it."
            )
    return found


def main() -> int:
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(
            "The locks disagree with pyproject.toml: run `make lock` and commit the result.", file=sys.stderr
        )
        return 1
    print("requirements.lock and requirements-dev.lock agree with pyproject.toml.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
