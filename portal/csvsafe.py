"""CSV that a spreadsheet opens as data, never as formulas (OWASP: CSV injection).

Every CSV the portal writes goes through `SafeCSVWriter`. A text cell that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return would be read by Excel, LibreOffice or Google Sheets as a
formula (`=HYPERLINK(...)` in a citizen's subject); such a cell is written with a leading `'`,
which the spreadsheet shows as text and does not evaluate. Numbers are written as numbers: they
come from our own figures, never from user text, and a negative number is not a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class SafeCSVWriter:
    def __init__(self, out: _Writable, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, cells: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in cells])
