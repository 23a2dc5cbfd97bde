"""Primary and secondary suppression on synthetic tables."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from appeals.stats.publish.suppression import suppressed_cells, suppressed_rows


def test_secondary_suppression_spreads_until_every_line_is_safe() -> None:
    sizes = {
        ("A", "R1"): 10,
        ("A", "R2"): 3,
        ("A", "R3"): 8,
        ("B", "R1"): 12,
        ("B", "R2"): 9,
        ("B", "R3"): 20,
    }
    assert suppressed_cells(sizes, 5) == {("A", "R2"), ("A", "R3"), ("B", "R2"), ("B", "R3")}


def test_nothing_small_nothing_withheld() -> None:
    assert suppressed_cells({("A", "R1"): 5, ("B", "R1"): 50}, 5) == set()


@pytest.mark.parametrize("seed", range(30))
def test_no_line_ever_has_exactly_one_withheld_cell_it_could_hide_behind(seed: int) -> None:
    rng = random.Random(seed)
    sizes = {
        (agency, region): rng.choice([1, 2, 3, 4, 6, 9, 15, 40])
        for agency in range(rng.randint(1, 8))
        for region in range(rng.randint(1, 8))
        if rng.random() < 0.7
    }
    hidden = suppressed_cells(sizes, 5)
    assert {cell for cell, size in sizes.items() if size < 5} <= hidden
    for axis in (0, 1):
        lines: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
        for cell in sizes:
            lines[cell[axis]].append(cell)
        for cells in lines.values():
            if len(cells) > 1:
                assert sum(cell in hidden for cell in cells) != 1


def test_a_one_way_list_never_withholds_just_one_row() -> None:
    assert suppressed_rows({"complaint": 2, "inquiry": 7, "report": 30}, 5) == {"complaint", "inquiry"}
    assert suppressed_rows({"complaint": 2, "inquiry": 3}, 5) == {"complaint", "inquiry"}
