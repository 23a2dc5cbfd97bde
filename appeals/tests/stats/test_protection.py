"""The perturbation of small base cells: consistent, valid, and never giving a small count away,
checked by enumerating every cell the mechanism can see (no database)."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from appeals.stats.publish.protection import CLASSES, classes_of, counts_of, protected_cell

MIN_CELL = 5
KEY = (1, 2, "complaint", "web", "2026-03")


def _cells(max_size: int):
    for size in range(1, max_size + 1):
        # Every way of putting `size` appeals into the classes (stars and bars).
        for bars in itertools.combinations(range(size + len(CLASSES) - 1), len(CLASSES) - 1):
            edges = (-1, *bars, size + len(CLASSES) - 1)
            yield [edges[i + 1] - edges[i] - 1 for i in range(len(CLASSES))]


def _outcomes(classes: list[int]) -> set[tuple[int, ...]]:
    """Every class vector the mechanism may publish for this one (over all keys)."""
    if sum(classes) > MIN_CELL:
        return {tuple(classes)}
    found = {tuple(classes)}
    for index in range(len(CLASSES)):
        if classes[index]:  # one of its appeals counted twice, or taken away
            found.add(tuple(n + (i == index) for i, n in enumerate(classes)))
            found.add(tuple(n - (i == index) for i, n in enumerate(classes)))
    return found


def test_every_published_small_cell_has_at_least_two_possible_true_sizes() -> None:
    origins: defaultdict[tuple[int, ...], set[tuple[int, ...]]] = defaultdict(set)
    origins[(0,) * len(CLASSES)].add((0,) * len(CLASSES))  # an empty cell is published as nothing
    for classes in _cells(MIN_CELL + 1):
        for published in _outcomes(classes):
            origins[published].add(tuple(classes))
    for classes in _cells(MIN_CELL - 1):
        for published in _outcomes(classes):
            possible = origins[published]
            assert len({sum(c) for c in possible}) >= 2, (classes, published, possible)
            # ... and every count of a class in it (answered on time, open, ...) is uncertain
            # too, unless the published cell has more than 4 appeals (a possible group of 5).
            if sum(published) < MIN_CELL:
                for index in range(len(CLASSES)):
                    if classes[index]:
                        assert len({c[index] for c in possible}) >= 2, (classes, published, index)


def test_the_mechanism_stays_within_its_table_and_is_consistent() -> None:
    for classes in _cells(MIN_CELL - 1):
        counts = counts_of(classes, escalated=1, rating_sum=4, rating_count=1)
        first = protected_cell(KEY, counts, MIN_CELL)
        assert protected_cell(KEY, dict(counts), MIN_CELL) == first  # same cell, same answer
        assert tuple(classes_of(first)) in _outcomes(classes)
        assert first["answered"] <= first["received"] and first["escalated"] <= first["received"]
        assert first["rating_count"] <= first["answered"]
        assert first["rating_count"] <= first["rating_sum"] <= 5 * first["rating_count"]


def test_large_cells_are_published_exactly() -> None:
    counts = counts_of([3, 2, 1, 0, 0, 0], escalated=2, rating_sum=20, rating_count=5)
    assert protected_cell(KEY, counts, MIN_CELL) == counts
    counts = counts_of([4, 2, 0, 0, 0, 0], escalated=2, rating_sum=20, rating_count=5)
    assert protected_cell(KEY, counts, MIN_CELL) == counts


@pytest.mark.parametrize(
    "classes", [[1, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0], [2, 0, 1, 0, 0, 1], [1, 1, 1, 1, 1, 0]]
)
def test_about_half_of_small_cells_move_and_no_class_is_biased(classes: list[int]) -> None:
    shifts = []
    moved = [0] * len(CLASSES)
    for agency in range(8000):
        counts = counts_of(classes, escalated=0, rating_sum=0, rating_count=0)
        published = classes_of(protected_cell((agency, 1, "report", "web", "2026-01"), counts, MIN_CELL))
        shifts.append(sum(published) - sum(classes))
        moved = [m + p - c for m, p, c in zip(moved, published, classes, strict=True)]
    assert set(shifts) <= {-1, 0, 1}
    assert 0.46 < shifts.count(0) / len(shifts) < 0.54
    # Unbiased for every class (so rates too): the average change is about zero.
    assert all(abs(m / len(shifts)) < 0.03 for m in moved), moved
