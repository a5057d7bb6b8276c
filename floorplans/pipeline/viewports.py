"""The drawings on a sheet, and which scale note labels each.

A sheet with several viewports (the plan, a detail, a site plan) prints a note beside
each, and a title block may print yet another. The plan is the drawing with the most ink,
so the note that sits nearest to it is the plan's. Drawings are found cheaply: every
line is sampled onto a coarse grid and the grid's connected cells are one drawing each
(a dimension chain joins its plan through the extension lines; a gap of a few cells
separates viewports). The sheet's frame (border and title block, spanning the sheet
around the other drawings) is no viewport, and neither is a drawing without walls (a title
block drawn as a grid of boxes, a legend): lettering outside the plans is no room stamp.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .primitives import Segment
from .rooms import WallRect

CELLS = 150  # grid cells along the drawn extent's longer side
# At most this many points are sampled along the lines; beyond, only ends and middles.
MAX_SAMPLES = 500_000
FRAME_SPAN = 0.8  # a drawing spanning this share of the extent both ways may be the frame
# A plan holds at least this share of the wall length the most walled drawing holds: a
# title block's boxes, read as a wall or two, do not make it a plan.
PLAN_WALLS = 0.2
FIELD_REACH = 2  # cells from the frame's lines a title-block field's lettering starts


@dataclass(frozen=True)
class Drawing:
    lines: int  # how many lines start in it
    cells: np.ndarray  # (n, 2): the centres of its cells, display points
    cell: float  # a cell's side, display points
    origin: np.ndarray  # (2,): where the sheet's grid of cells starts, display points


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
    found, extent = _all_drawings(segments)
    return [d for d in found if not _is_frame(d, found, extent)]


def _all_drawings(segments: Sequence[Segment]) -> tuple[list[Drawing], np.ndarray]:
    """Every drawing of the sheet, the frame too, and the drawn extent's size."""
    coords = np.array([(s.x1, s.y1, s.x2, s.y2) for s in segments]).reshape(-1, 2, 2)
    coords = coords[np.isfinite(coords).all(axis=(1, 2))]
    if not len(coords):
        return [], np.zeros(2)
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
        Drawing(int(n), (cells + 0.5) * size + low, size, low)
        for n, cells in zip(lines, groups, strict=True)
    ]
    return found, high - low


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


def on_plans(
    places: Sequence[tuple[float, float]], segments: Sequence[Segment], walls: Sequence[WallRect]
) -> list[bool]:
    """For each place (where a stamp starts), is it not in a title block? A place is on
    a plan within the extent of a drawing that holds a good share of the sheet's walls;
    off the plans it is in a title block (or a legend) inside another drawing's extent
    (its own grid of boxes) or among the frame's lines (a title block drawn on the border).
    Lettering beside the drawings stays: a list of rooms the plan may lack.
    """
    if not walls or not places:
        return [True] * len(places)
    middles = np.array([((w.x1 + w.x2) / 2, (w.y1 + w.y2) / 2) for w in walls])
    lengths = np.array([math.hypot(w.x2 - w.x1, w.y2 - w.y1) for w in walls])
    found, extent = _all_drawings(segments)
    held = np.zeros(len(found))
    for near, length in zip(_near(middles, found, 1), lengths, strict=True):
        held[list(near)] += length
    if not len(held) or held.max() == 0:
        return [True] * len(places)
    points = np.array(places, dtype=float)
    on_fields = _near(points, found, FIELD_REACH)
    kept = np.ones(len(points), bool)
    on_plan = np.zeros(len(points), bool)
    for i, (drawing, length) in enumerate(zip(found, held, strict=True)):
        low = drawing.cells.min(axis=0) - drawing.cell
        high = drawing.cells.max(axis=0) + drawing.cell
        inside = ((points >= low) & (points <= high)).all(axis=1)
        if length >= PLAN_WALLS * held.max():
            on_plan |= inside
        elif _is_frame(drawing, found, extent):
            kept &= np.array([i not in near for near in on_fields], bool)
        else:
            kept &= ~inside
    return [bool(b) for b in kept | on_plan]


def _near(points: np.ndarray, found: list[Drawing], reach: int) -> list[set[int]]:
    """For each point ((n, 2), display), the drawings with a cell within `reach` cells."""
    if not found:
        return [set() for _ in points]
    origin, cell = found[0].origin, found[0].cell  # one grid for the whole sheet
    owner = {
        (int(x), int(y)): i
        for i, d in enumerate(found)
        for x, y in np.floor((d.cells - origin) / cell)
    }
    span = range(-reach, reach + 1)
    return [
        {owner[c] for dx in span for dy in span if (c := (x + dx, y + dy)) in owner}
        for x, y in np.floor((points - origin) / cell).astype(int).tolist()
    ]
