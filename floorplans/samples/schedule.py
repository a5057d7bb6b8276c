"""The door and window schedule table in the title strip: dense text and ruling lines."""

from __future__ import annotations

from floorplans.samples.clutter import format_length, opening_marks
from floorplans.samples.pdf_pen import Pen
from floorplans.samples.plan import Plan

_COLUMNS = (("MARK", 0.0), ("TYPE", 0.14), ("WIDTH", 0.42), ("HEIGHT", 0.62), ("FRAME", 0.82))


def draw_schedule(pen: Pen, plan: Plan, box: tuple[float, float, float, float]) -> None:
    """Fill `box` (x0, y0, x1, y1 display points) with one row per opening."""
    x0, y0, x1, y1 = box
    # List what fits at a legible row height; long schedules continue on another sheet.
    shown = list(zip(plan.openings, opening_marks(plan), strict=True))[: int((y1 - y0) / 6) - 2]
    if not shown:
        return
    rows = len(shown) + 2
    row = min(12.0, (y1 - y0) / rows)
    size = row * 0.6
    width = x1 - x0
    pen.text((x0, y0 + row * 0.8), "DOOR AND WINDOW SCHEDULE", size * 1.1)
    for name, at in _COLUMNS:
        pen.text((x0 + at * width + 2, y0 + row * 1.8), name, size * 0.8)
    for i, (opening, mark) in enumerate(shown):
        y = y0 + row * (i + 2)
        pen.line((x0, y), (x1, y), 0.25)
        height = 2.1 if opening.kind == "door" else 1.2
        cells = (
            mark,
            "SINGLE SWING" if opening.kind == "door" else "CASEMENT",
            format_length(opening.width, plan.metric, plan.metric_unit),
            format_length(height, plan.metric, plan.metric_unit),
            "HM" if opening.kind == "door" else "ALUM",
        )
        for (_, at), cell in zip(_COLUMNS, cells, strict=True):
            pen.text((x0 + at * width + 2, y + row * 0.8), cell, size)
    bottom = y0 + row * rows
    pen.line((x0, bottom), (x1, bottom), 0.25)
    for _, at in _COLUMNS[1:]:
        pen.line((x0 + at * width, y0 + row), (x0 + at * width, bottom), 0.25)


def draw_north_arrow(pen: Pen, at: tuple[float, float]) -> None:
    x, y = at
    pen.circle((x, y), 18, 0.6)
    pen.polyline([(x, y - 24), (x + 7, y + 10), (x, y + 4), (x - 7, y + 10)], 0.6, closed=True)
    pen.text((x, y - 27), "N", 10, centred=True)
