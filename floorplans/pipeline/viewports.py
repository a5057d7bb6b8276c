"""The drawings on a sheet, and which scale note labels each.

A sheet with several viewports (the plan, a detail, a site plan) prints a note beside
each, and a title block may print yet another. The plan is the drawing with the most ink,
so the note that sits nearest to it is the plan's. Drawings are found cheaply: every
line is sampled onto a coarse grid and the grid's connected cells are one drawing each
(a dimension chain joins its plan through the extension lines; a gap of a few cells
separates viewports). The sheet's frame (border and title block, spanning the sheet
around the other drawings) is no viewport.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .primitives import Segment

CELLS = 150  # grid cells along the drawn extent's longer side
# At most this many points are sampled along the lines; beyond, only ends and middles.
MAX_SAMPLES = 500_000
FRAME_SPAN = 0.8  # a drawing spanning this share of the extent both ways may be the frame


@dataclass(frozen=True)
class Drawing:
    lines: int  # how many lines start in it
    cells: np.ndarray  # (n, 2): the centres of its cells, display points


def _samples(coords: np.ndarray, step: float) -> np.ndarray:
    """Points along every line, at most `step` apart (or its ends and middle only, when
    that would be too many)."""
    starts, ends = coords[:, 0], coords[:, 1]
    counts = np.ceil(np.linalg.norm(ends - starts, axis=1) / step).astype(int) + 1
    if counts.sum() > MAX_SAMPLES:
        counts = np.full(len(coords), 3)
    owner = np.repeat(np.arange(len(coords)), counts)
    first = np.cumsum(counts) - counts
    t = (np.arange(counts.sum()) - first[owner]) / np.maximum(counts[owner] - 1, 1)
    return starts[owner] + (ends - starts)[owner] * t[:, None]


def _components(occupied: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Cell -> component number, cells touching (8 neighbours) in one component."""
    label: dict[tuple[int, int], int] = {}
    count = 0
    for seed in occupied:
        if seed in label:
            continue
        label[seed] = count
        stack = [seed]
        while stack:
            cx, cy = stack.pop()
            for cell in ((cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                if cell in occupied and cell not in label:
                    label[cell] = count
                    stack.append(cell)
        count += 1
    return label


def drawings(segments: Sequence[Segment]) -> list[Drawing]:
    """The separate drawings of the sheet, the frame left out."""
    coords = np.array([(s.x1, s.y1, s.x2, s.y2) for s in segments]).reshape(-1, 2, 2)
    coords = coords[np.isfinite(coords).all(axis=(1, 2))]
    if not len(coords):
        return []
    low, high = coords.reshape(-1, 2).min(axis=0), coords.reshape(-1, 2).max(axis=0)
    size = max(float((high - low).max()) / CELLS, 1e-6)
    occupied = np.unique(np.floor((_samples(coords, size / 2) - low) / size).astype(int), axis=0)
    label = _components({(int(x), int(y)) for x, y in occupied})
    grid = np.zeros(occupied.max(axis=0) + 1, dtype=int)
    for (x, y), number in label.items():
        grid[x, y] = number
    starts = np.floor((coords[:, 0] - low) / size).astype(int)  # always a sampled cell
    lines = np.bincount(grid[starts[:, 0], starts[:, 1]], minlength=max(label.values()) + 1)
    numbers = grid[occupied[:, 0], occupied[:, 1]]
    order = np.argsort(numbers, kind="stable")
    groups = np.split(occupied[order], np.cumsum(np.bincount(numbers))[:-1])
    found = [
        Drawing(int(n), (cells + 0.5) * size + low) for n, cells in zip(lines, groups, strict=True)
    ]
    return [d for d in found if not _is_frame(d, found, high - low)]


def _is_frame(drawing: Drawing, others: list[Drawing], extent: np.ndarray) -> bool:
    """Does `drawing` span the sheet around other drawings (a border, a title block)?"""
    low, high = drawing.cells.min(axis=0), drawing.cells.max(axis=0)
    if ((high - low) < FRAME_SPAN * extent).any():
        return False
    return any(
        other is not drawing
        and (other.cells.min(axis=0) >= low).all()
        and (other.cells.max(axis=0) <= high).all()
        for other in others
    )


def nearest_places(places: Sequence[tuple[float, float]], found: list[Drawing]) -> list[int]:
    """For each drawing, the index of the place (a note's position) nearest to its ink."""
    cells = np.concatenate([d.cells for d in found])
    starts = np.cumsum([0] + [len(d.cells) for d in found[:-1]])
    gaps = [np.minimum.reduceat(((cells - place) ** 2).sum(axis=1), starts) for place in places]
    return [int(i) for i in np.argmin(np.array(gaps), axis=0)]
