"""A plain progress bar for long commands (no dependency; redraws one line on a terminal,
prints a line every few seconds when the output is a log)."""

from __future__ import annotations

import time
from typing import Any


class ProgressBar:
    def __init__(self, out: Any, *, total: int, label: str, width: int = 30) -> None:
        self.out, self.total, self.label, self.width = out, total, label, width
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.finished = False
        self.tty = bool(getattr(out, "isatty", lambda: False)())

    def update(self, done: int, total: int | None = None) -> None:
        total = total or self.total
        now = time.monotonic()
        if done < total and now - self.last_draw < (0.2 if self.tty else 5.0):
            return
        if done >= total:
            if self.finished:
                return
            self.finished = True
        self.last_draw = now
        fraction = done / total if total else 1.0
        filled = int(self.width * fraction)
        rate = done / max(now - self.started, 1e-6)
        line = (
            f"[{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{total:,} {self.label} ({rate:,.0f}/s)"
        )
        self.out.write(f"\r{line}" if self.tty else line, ending="" if self.tty else "\n")
        self.out.flush()

    def finish(self) -> None:
        self.update(self.total)
        if self.tty:
            self.out.write("")
