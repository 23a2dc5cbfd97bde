"""Privacy for cross-tabulations: small cells are withheld, and enough others with them that no
withheld figure can be worked out by subtracting published cells from a published total.

The published totals are the agency totals (a row of the agency x region table) and the region
totals (a column). A row or column with exactly one withheld cell would give it away, so the
smallest other cell of that line is withheld too (secondary suppression), until every line has
none or at least two. A line whose only cell is small cannot be protected this way: its total
is the cell, and DESIGN.md publishes totals by agency and by region in every case."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping


def suppressed_cells[K: tuple[Hashable, Hashable]](sizes: Mapping[K, int], min_cell: int) -> set[K]:
    """Cells (row, column) → size in, the cells to withhold out."""
    hidden = {cell for cell, size in sizes.items() if size < min_cell}
    lines: list[defaultdict[Hashable, list[K]]] = [defaultdict(list), defaultdict(list)]
    for cell in sizes:
        lines[0][cell[0]].append(cell)
        lines[1][cell[1]].append(cell)
    changed = bool(hidden)
    while changed:
        changed = False
        for by_line in lines:
            for _line, cells in sorted(by_line.items(), key=lambda item: str(item[0])):
                withheld = [c for c in cells if c in hidden]
                if len(withheld) != 1:
                    continue
                shown = sorted((c for c in cells if c not in hidden), key=lambda c: (sizes[c], str(c)))
                if shown:
                    hidden.add(shown[0])
                    changed = True
    return hidden


def suppressed_rows[K: Hashable](sizes: Mapping[K, int], min_cell: int) -> set[K]:
    """For a one-way list whose total is published elsewhere: small rows, and never just one."""
    hidden = {key for key, size in sizes.items() if size < min_cell}
    if len(hidden) == 1:
        shown = sorted((k for k in sizes if k not in hidden), key=lambda k: (sizes[k], str(k)))
        if shown:
            hidden.add(shown[0])
    return hidden
