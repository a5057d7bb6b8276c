"""Filled shapes outlined in dashes: what is hidden or to go, not a standing wall.

Renovation sheets (Allplan, German practice) draw the walls to be demolished, and beams
above, as filled strips like the new walls beside them, often on the same layer; only the
outline tells them apart: dashes, either a dashed pen or a row of short strokes with gaps.
"""

from __future__ import annotations

from collections import defaultdict

from .faces import FaceLine

ON_LINE_TOLERANCE = 0.6  # points: an outline stroke lies on its fill's edge
MIN_DASHES = 3  # short strokes along one edge before they read as a dashed outline
MAX_DASHED_COVER = 0.85  # share of the edge the dashes cover: a solid outline covers it all

Lines = dict[tuple[int, int], list[FaceLine]]


def drop_dash_outlined(faces: list[FaceLine], dashed_pen: list[FaceLine]) -> list[FaceLine]:
    """``faces`` without the fill edges outlined in dashes, nor those dashes.

    ``faces`` are the lines as drawn (before collinear pieces are merged, which would join
    the dashes into one line); ``dashed_pen`` the lines a dashed pen draws. Left in, the
    dashes would pair across the strip as an outlined wall.
    """
    strokes: Lines = defaultdict(list)
    for line in (*(f for f in faces if not f.filled), *dashed_pen):
        strokes[(line.angle_key, round(line.offset))].append(line)
    pen_dashed = {id(line) for line in dashed_pen}
    dropped: set[int] = set()
    for edge in faces:
        if edge.filled:
            along = _along(edge, strokes)
            if _dashed(edge, along, pen_dashed):
                dropped.update(id(line) for line in (edge, *along))
    return [f for f in faces if id(f) not in dropped]


def _along(edge: FaceLine, strokes: Lines) -> list[FaceLine]:
    return [
        line
        for near in (-1, 0, 1)
        for line in strokes.get((edge.angle_key, round(edge.offset) + near), ())
        if abs(line.offset - edge.offset) <= ON_LINE_TOLERANCE
        and line.t1 > edge.t0
        and line.t0 < edge.t1
    ]


def _dashed(edge: FaceLine, along: list[FaceLine], pen_dashed: set[int]) -> bool:
    if any(id(line) in pen_dashed for line in along):
        return True
    covered = sum(min(line.t1, edge.t1) - max(line.t0, edge.t0) for line in along)
    return len(along) >= MIN_DASHES and covered < MAX_DASHED_COVER * edge.length
