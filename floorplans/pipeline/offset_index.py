"""Lines of one direction looked up by their offset, instead of comparing every pair.

The wall rules compare pieces of one direction that lie on, or close beside, one line.
A large sheet has thousands of pieces per direction, nearly all of them far apart across
it: looking up only those within reach of an offset keeps the rules linear in the sheet.
A lookup may return more than was asked for, never less, and every rule checks its own
exact condition on what it gets: so the index never changes a result, only its cost.
Offsets that are not finite numbers (a hostile file's overflowing coordinates) are
returned by every lookup, and a lookup at one returns everything.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence


class OffsetIndex:
    """Fixed values (offsets across a direction, or ends along it), sorted once: the
    positions (in the given sequence) of those within ``reach`` of a value, in no
    particular order."""

    def __init__(self, values: Sequence[float]) -> None:
        self._size = len(values)
        finite = [i for i, v in enumerate(values) if math.isfinite(v)]
        self._other = [i for i, v in enumerate(values) if not math.isfinite(v)]
        self._order = sorted(finite, key=values.__getitem__)
        self._values = [values[i] for i in self._order]

    def near(self, value: float, reach: float) -> list[int]:
        lo, hi = value - reach, value + reach
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return list(range(self._size))
        return self._order[bisect_left(self._values, lo) : bisect_right(self._values, hi)] + (
            self._other
        )


class MovingOffsetIndex:
    """Offsets that may move (a run of merged pieces takes their weighted offset), kept in
    cells ``cell`` wide: the positions of those within ``cell`` of an offset (and maybe a
    few more), in the order they were added."""

    def __init__(self, cell: float) -> None:
        self._cell = cell if math.isfinite(cell) and cell > 0 else math.inf
        self._cells: dict[int | None, list[int]] = defaultdict(list)
        self._size = 0

    def _key(self, offset: float) -> int | None:
        where = offset / self._cell
        return math.floor(where) if math.isfinite(where) else None

    def add(self, offset: float) -> None:
        """Index the next position at ``offset``."""
        self._cells[self._key(offset)].append(self._size)
        self._size += 1

    def move(self, position: int, old: float, new: float) -> None:
        if (a := self._key(old)) != (b := self._key(new)):
            self._cells[a].remove(position)
            self._cells[b].append(position)

    def near(self, offset: float) -> list[int]:
        key = self._key(offset)
        if key is None:
            return list(range(self._size))
        keys = (key - 1, key, key + 1, None)
        return sorted(i for k in keys if k in self._cells for i in self._cells[k])
