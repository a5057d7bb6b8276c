"""Graphic scales as CAD programs print them beside a plan's title.

Revit and AutoCAD draw a row of boxes, alternately filled and open, with a label at each
box edge; the divisions often double (`0 1' 2' 4' 8'`), and some bars subdivide a first
segment left of the 0 (`4' 2' 0 4' 8'`). The bar is drawn at the plan's own scale, so a
sheet whose note is wrong (printed reduced) still carries the truth in its bar.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from floorplans.samples.pdf_pen import Pen
from floorplans.samples.plan import Plan

Mark = tuple[float, str]  # a box edge's value in the bar's unit, and its label


def draw_graphic_scale(
    pen: Pen,
    plan: Plan,
    marks: Sequence[Mark],
    unit_m: float,
    at: tuple[float, float],
    size: float = 6.0,
    title: str = "GRAPHIC SCALE",
) -> None:
    """The bar with its 0 at `at` (display points), boxes below the labels, the title
    above them; each mark's label centred on its box edge."""
    x0, y = at
    step = unit_m / plan.metres_per_point  # points per unit of the labels

    def x_of(value: float) -> float:
        return x0 + value * step

    for (a, _), (b, _) in itertools.pairwise(marks):
        pen.rect(x_of(a), y + 2, x_of(b), y + 6, 0.3)
    for value, label in marks:
        pen.text((x_of(value), y), label, size, centred=True)
    pen.text((x_of(marks[0][0]), y - 2 * size), title, size)
