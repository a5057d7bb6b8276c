"""Cutting lists: first-fit-decreasing packing of pieces into stock lengths.

FFD is what a framer does by hand (cut the longest pieces first, use offcuts for short ones)
and is within 11/9 OPT + 6/9 stock lengths of optimal. A max segment tree over the bars'
free length finds the first bar a piece fits in O(log n), so thousands of studs stay fast.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

_EPS = 1e-9


@dataclass(frozen=True)
class CuttingPlan:
    stock_length_m: float
    bars: tuple[tuple[float, ...], ...]  # pieces (m) cut from each stock length, longest first
    kerf_m: float = 0.0

    @property
    def stock_count(self) -> int:
        return len(self.bars)

    @property
    def pieces_m(self) -> float:
        return sum(sum(bar) for bar in self.bars)

    @property
    def offcut_m(self) -> float:
        """Stock bought minus pieces used: offcuts plus saw kerf."""
        return self.stock_count * self.stock_length_m - self.pieces_m


def split_run(length_m: float, stock_length_m: float) -> list[float]:
    """Pieces for one continuous run (a plate along a wall): whole stock lengths then the rest.

    Runs longer than the stock are spliced; splices are assumed to land on a stud.
    """
    if length_m <= _EPS:
        return []
    whole = math.floor(length_m / stock_length_m + _EPS)
    rest = length_m - whole * stock_length_m
    pieces = [stock_length_m] * whole
    if rest > 1e-6:
        pieces.append(rest)
    return pieces


def cut_pieces(pieces: Iterable[float], stock_length_m: float, kerf_m: float = 0.0) -> CuttingPlan:
    """Pack pieces into as few stock lengths as FFD finds.

    A bar that already holds a piece loses one kerf per further cut; a piece exactly as long
    as the stock needs no cut. Pieces longer than the stock are an error (split runs first).
    """
    ordered = sorted((p for p in pieces if p > _EPS), reverse=True)
    if ordered and ordered[0] > stock_length_m + _EPS:
        raise ValueError(f"piece {ordered[0]:.3f} m is longer than the {stock_length_m} m stock")
    tree = _FirstFitTree(len(ordered))
    bars: list[list[float]] = []
    for piece in ordered:
        index = tree.first_at_least(piece - _EPS)
        if index is None:
            index = len(bars)
            bars.append([])
            free = stock_length_m
        else:
            free = tree.value(index) + kerf_m  # the tree stores room left after the next kerf
        bars[index].append(piece)
        free -= piece
        # The next piece from this bar costs a kerf; a bar with no room left is closed.
        tree.set(index, free - kerf_m if free > kerf_m + _EPS else -math.inf)
    return CuttingPlan(stock_length_m, tuple(tuple(bar) for bar in bars), kerf_m)


class _FirstFitTree:
    """Max segment tree over bar slots; unopened slots hold -inf."""

    def __init__(self, capacity: int) -> None:
        self.size = 1
        while self.size < max(capacity, 1):
            self.size *= 2
        self.tree = [-math.inf] * (2 * self.size)

    def value(self, index: int) -> float:
        return self.tree[self.size + index]

    def set(self, index: int, value: float) -> None:
        node = self.size + index
        self.tree[node] = value
        node //= 2
        while node:
            self.tree[node] = max(self.tree[2 * node], self.tree[2 * node + 1])
            node //= 2

    def first_at_least(self, need: float) -> int | None:
        if self.tree[1] < need:
            return None
        node = 1
        while node < self.size:
            node = 2 * node if self.tree[2 * node] >= need else 2 * node + 1
        return node - self.size
