"""Every CSV the portal writes keeps formula-like text inert (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest

from portal.csvsafe import FORMULA_STARTS, SafeCSVWriter, safe_cell


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_starting_like_a_formula_is_written_as_text(start: str) -> None:
    assert safe_cell(f'{start}HYPERLINK("http://evil")') == f'\'{start}HYPERLINK("http://evil")'


def test_numbers_stay_numbers_even_negative_and_plain_text_is_untouched() -> None:
    assert [safe_cell(v) for v in (-3, 0.25, -0.5, None, True, "Almaty", "2026-03")] == [
        "-3",
        "0.25",
        "-0.5",
        "",
        "true",
        "Almaty",
        "2026-03",
    ]


def test_the_writer_neutralises_every_cell_and_quotes_as_csv_does() -> None:
    out = io.StringIO()
    SafeCSVWriter(out).writerow(["=1+1", 'a "quoted", text', "@SUM(A1)", 7])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", 'a "quoted", text', "'@SUM(A1)", "7"]
