"""A big sheet for benchmarks: a development of identical houses laid out in a grid."""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

from floorplans.samples.catalog import small_house
from floorplans.samples.plan import (
    METRES_PER_POINT_ON_PAPER,
    Opening,
    Plan,
    Wall,
    translated,
    wall_footprint,
)
from floorplans.samples.render import drawing_object_count as _count
from floorplans.samples.render import render_pdf
from floorplans.samples.title_block import BORDER

_SCALE_RATIO = 1 / 96  # 1/8" = 1'-0", the usual scale for a site of several houses
_GAP = (7.0, 6.5)  # metres between houses: room for dimensions, grid bubbles and tags
_BLOCK_SHARE = 0.84  # the title strip takes the rest of the sheet width


def large_plan(copies: int) -> Plan:
    """`copies` houses in a near-square grid on one sheet, with exact combined ground truth."""
    house = small_house()
    minx, miny, maxx, maxy = wall_footprint(house.walls).bounds
    cell_w, cell_h = maxx - minx + _GAP[0], maxy - miny + _GAP[1]
    cols = math.ceil(math.sqrt(copies * cell_h / cell_w * 1.5))
    rows = math.ceil(copies / cols)
    mpp = METRES_PER_POINT_ON_PAPER / _SCALE_RATIO
    width = (cols * cell_w / mpp + 2 * BORDER + 180) / _BLOCK_SHARE
    height = rows * cell_h / mpp + 2 * BORDER + 260
    walls: list[Wall] = []
    openings: list[Opening] = []
    rooms = []
    for n in range(copies):
        row, col = divmod(n, cols)
        moved = translated(house, col * cell_w, row * cell_h)
        openings += [replace(o, wall=o.wall + len(walls)) for o in moved.openings]
        walls += moved.walls
        rooms += moved.rooms
    return replace(
        house,
        name=f"Maple Street, {copies} houses",
        walls=tuple(walls),
        openings=tuple(openings),
        rooms=tuple(rooms),
        scale_ratio=_SCALE_RATIO,
        scale_text='SCALE: 1/8" = 1\'-0"',
        page_size=(round(width), round(height)),
        origin=(BORDER + 90 + (_GAP[0] - minx) / mpp, BORDER + 90 + (_GAP[1] - miny) / mpp),
    )


@lru_cache(maxsize=8)
def large_sheet_plan(n_objects: int = 20000) -> Plan:
    """A grid of houses, about as small as it can be, whose sheet paints >= `n_objects`.

    Secant steps on the object count: the title strip's schedule fills up and the grid's
    shape changes with the number of houses, so the count per house is not constant.
    """
    previous, count_previous = 1, _count(large_plan(1), "double_line")
    copies, count = 2, _count(large_plan(2), "double_line")
    while count < n_objects:
        # The secant can be tiny or negative where the grid reshapes; never trust it below
        # half the sheet's average, or one step would ask for thousands of houses.
        per_house = max(count / copies / 2, (count - count_previous) / (copies - previous))
        step = max(1, math.ceil((n_objects - count) / per_house))
        previous, count_previous = copies, count
        copies += step
        count = _count(large_plan(copies), "double_line")
    while copies > 1 and _count(large_plan(copies - 1), "double_line") >= n_objects:
        copies -= 1  # a step can overshoot; settle on the smallest sheet that is big enough
    return large_plan(copies)


def render_large_sheet(n_objects: int = 20000) -> bytes:
    """A benchmark sheet: a grid of houses painting at least `n_objects` paths and glyphs."""
    return render_pdf(large_sheet_plan(n_objects), "double_line")
