"""Rows of the one table: a figure, its lower bound from the same run, their ratio and the
issue's target for that ratio (or for the figure itself, where the issue sets an absolute one)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Row:
    size: int
    what: str
    figure: str
    bound: str
    ratio: float | None
    target: str = ""
    # ratio <= limit (or >= limit when at_least); None: no ratio target
    limit: float | None = None
    at_least: bool = False
    # an absolute condition the issue sets (errors = 0, ≤ 150 KB, under 5 minutes)
    condition: bool | None = None
    values: dict[str, float | int] = field(default_factory=dict)

    @property
    def passed(self) -> bool | None:
        checks: list[bool] = []
        if self.limit is not None and self.ratio is not None:
            checks.append(self.ratio >= self.limit if self.at_least else self.ratio <= self.limit)
        if self.condition is not None:
            checks.append(self.condition)
        return all(checks) if checks else None


STATS_ENDPOINTS = ("agencies", "regions", "agency-regions", "months")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def growth_rows(rows: list[Row]) -> list[Row]:
    """Cold statistics at the largest size against the smallest: at most 2x for every endpoint."""
    sizes = sorted({row.size for row in rows})
    if len(sizes) < 2:
        return []
    small, large = sizes[0], sizes[-1]
    cold = {(row.size, row.what): float(row.values["cold_s"]) for row in rows if "cold_s" in row.values}
    result = []
    for endpoint in STATS_ENDPOINTS:
        what = f"statistics, cache cold: `stats/{endpoint}/`"
        if (small, what) in cold and (large, what) in cold:
            result.append(
                Row(
                    large,
                    f"cold `stats/{endpoint}/` growth, {large:,} vs {small:,}",
                    _ms(cold[(large, what)]),
                    f"at {small:,}: {_ms(cold[(small, what)])}",
                    cold[(large, what)] / cold[(small, what)],
                    "≤ 2x",
                    limit=2,
                )
            )
    return result


def table(rows: list[Row]) -> str:
    lines = [
        "| size | what | figure | lower bound (same run) | ratio | target | |",
        "| ---: | --- | --- | --- | ---: | --- | --- |",
    ]
    for row in rows:
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}x"
        verdict = {True: "pass", False: "**miss**", None: ""}[row.passed]
        lines.append(
            f"| {row.size:,} | {row.what} | {row.figure} | {row.bound} | {ratio} | {row.target} | {verdict} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, object]:
    load = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_1_5_15": [round(x, 2) for x in load],
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip(),
    }


def write(path: Path, rows: list[Row], started: str) -> None:
    document = {
        "started": started,
        "machine": machine(),
        "rows": [{**asdict(row), "passed": row.passed} for row in rows],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def rows_from(document: list[dict[str, object]]) -> list[Row]:
    return [Row(**{k: v for k, v in item.items() if k != "passed"}) for item in document]  # type: ignore[arg-type]
