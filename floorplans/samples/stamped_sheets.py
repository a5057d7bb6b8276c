"""Sheets for the room-stamp, scale-check and review tests (issue 10), drawn by the generator.

Each is a situation real CAD sheets are full of: an open kitchen/living room stamped
twice in one enclosed region, a stamp whose printed area is wrong, a scale note the
drawing does not follow, room names in other languages, walls that enclose nothing.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Literal

from reportlab.pdfgen.canvas import Canvas

from floorplans.samples import stroke_font, wall_styles
from floorplans.samples.catalog import _plan, _ring
from floorplans.samples.clutter import draw_dimensions, draw_door, draw_window
from floorplans.samples.hershey_lettering import HersheyLettering
from floorplans.samples.pdf_pen import Pen
from floorplans.samples.plan import Opening, Plan, Wall, wall_footprint
from floorplans.samples.title_block import TABLOID, draw_plan_title, draw_sheet

Point = tuple[float, float]
# A stamp: name, where it is printed (plan metres), and the lines printed under the name.
Stamp = tuple[str, Point, tuple[str, ...]]
Lettering = Literal["text", "per_glyph", "strokes", "hershey", "hershey_dimensions"]


def _metric_sheet(
    name: str,
    walls: list[Wall],
    openings: list[Opening],
    labels: dict[str, Point],
    *,
    scale_ratio: float = 1 / 50,
    scale_text: str = "SCALE 1:50",
    **details,
) -> Plan:
    """A metric plan on a tabloid sheet, as every sheet of this module is drawn;
    ``details`` are the other ``_plan`` options (a metric unit, a sheet title)."""
    return _plan(
        name,
        walls,
        openings,
        labels,
        page_size=TABLOID,
        scale_ratio=scale_ratio,
        scale_text=scale_text,
        metric=True,
        **details,
    )


def open_plan(*, scale_ratio: float = 1 / 50, scale_text: str = "SCALE 1:50") -> Plan:
    """8 x 5 m, one partition from the top wall stopping 1.9 m short of the bottom one:
    the kitchen (left) and living room (right) share one enclosed region."""
    walls = [*_ring(8.0, 5.0, 0.2), Wall(3.5, 0.0, 3.5, 3.0, 0.12)]
    openings = [Opening("door", 2, 6.0, 0.9), Opening("window", 0, 6.0, 1.5)]
    return _metric_sheet(
        "Open plan",
        walls,
        openings,
        {"KITCHEN": (1.75, 2.5)},
        scale_ratio=scale_ratio,
        scale_text=scale_text,
    )


def multilingual_flat() -> Plan:
    """Four rooms named in Slovenian, German, French and Italian, areas printed in m2."""
    walls = [
        *_ring(9.0, 6.0, 0.2),
        Wall(4.5, 0.0, 4.5, 6.0, 0.12),
        Wall(0.0, 3.0, 9.0, 3.0, 0.12),
    ]
    openings = [Opening("door", 2, 2.0, 0.9), Opening("door", 5, 6.5, 0.8)]
    labels = {
        "KOPALNICA": (2.25, 1.5),
        "KÜCHE": (6.75, 1.5),
        "CHAMBRE": (2.25, 4.5),
        "SOGGIORNO": (6.75, 4.5),
    }
    return _metric_sheet("Flat", walls, openings, labels, scale_text="M 1:50")


def open_walls() -> Plan:
    """Three walls of a room and no fourth: nothing is enclosed."""
    walls = [
        Wall(0.0, 0.0, 6.0, 0.0, 0.2),
        Wall(6.0, 0.0, 6.0, 4.0, 0.2),
        Wall(0.0, 0.0, 0.0, 4.0, 0.2),
    ]
    return _metric_sheet("Open walls", walls, [], {})


def verandah_plan(*, yard: bool = False) -> Plan:
    """An 8 x 5 m house with a verandah in front: two walls run 2 m out from the front
    wall and stop, open between their ends (the bay: 2.8 x 2.0 m to the wall ends).
    `yard`: a garden wall encloses the front yard the verandah opens onto."""
    walls = [*_ring(8.0, 5.0, 0.2), Wall(1.0, 5.0, 1.0, 7.0, 0.2), Wall(4.0, 5.0, 4.0, 7.0, 0.2)]
    if yard:
        walls += [Wall(0.0, 5.0, 0.0, 9.0, 0.2), Wall(0.0, 9.0, 8.0, 9.0, 0.2)]
        walls += [Wall(8.0, 9.0, 8.0, 5.0, 0.2)]
    openings = [Opening("door", 2, 5.5, 0.9), Opening("window", 0, 6.0, 1.5)]
    labels = {"HOUSE": (4.0, 2.5)} | ({"YARD": (6.0, 8.0)} if yard else {})
    return _metric_sheet("Verandah", walls, openings, labels)


def carport_plan() -> Plan:
    """An 8 x 5 m house with a carport beside it: its roof's wall continues the house's
    back wall 3 m further, and the carport is open at the side and the front."""
    walls = [*_ring(8.0, 5.0, 0.2), Wall(8.0, 0.0, 11.0, 0.0, 0.2)]
    openings = [Opening("door", 2, 2.5, 0.9), Opening("window", 0, 4.0, 1.5)]
    return _metric_sheet("Carport", walls, openings, {"HOUSE": (4.0, 2.5)})


def lab_with_drawn_partitions() -> tuple[Plan, Callable[[Pen], None]]:
    """A 30 x 18 m laboratory floor at 1:100 whose envelope is built and whose partitions
    are drawn as single thin lines, the way a fit-out or block-wall plan draws them: a row
    of six bays along the top and a corridor line under them. No room prints a name or an
    area. Returns the plan and what draws the partitions."""
    plan = _metric_sheet(
        "Lab",
        _ring(30.0, 18.0, 0.3),
        [Opening("door", 2, 15.0, 1.8)],
        {"LAB": (15.0, 12.0)},  # the plan's own; render_stamped prints only the stamps given
        scale_ratio=1 / 100,
        scale_text="SCALE 1:100",
    )

    def draw(pen: Pen) -> None:
        pen.line(plan.to_page(0.15, 6.0), plan.to_page(29.85, 6.0), 0.25)
        for x in range(5, 30, 5):
            pen.line(plan.to_page(x, 0.15), plan.to_page(x, 6.0), 0.25)

    return plan, draw


CLOSET_DEPTH = 0.6  # metres, from the bottom wall's inner face to the closet's front


def bedroom_with_closet() -> tuple[Plan, Callable[[Pen], None]]:
    """A 4 x 4 m bedroom (walls 0.2 m) with a closet along its bottom wall that no wall
    closes: its front is a thin casework line drawn from wall face to wall face, as CAD
    sheets draw built-in closets. The bedroom's width is dimensioned face to face across
    the room as well (a line that divides nothing). Returns the plan and what draws both."""
    plan = _metric_sheet(
        "Casework",  # the title block prints it: no room's name
        _ring(4.0, 4.0, 0.2),
        [Opening("door", 0, 1.0, 0.9)],
        {"BEDROOM": (1.4, 1.4)},
    )
    front = 3.9 - CLOSET_DEPTH

    def draw(pen: Pen) -> None:
        pen.line(plan.to_page(0.1, front), plan.to_page(3.9, front), 0.2)
        a, b = plan.to_page(0.1, 2.2), plan.to_page(3.9, 2.2)
        pen.line(a, b, 0.2)
        for x, y in (a, b):
            pen.line((x - 2, y + 2), (x + 2, y - 2), 0.5)
        pen.text(((a[0] + b[0]) / 2, a[1] - 2), "3.80", 8.0, centred=True)

    return plan, draw


def render_stamped(plan: Plan, stamps: list[Stamp], **options) -> bytes:
    """One sheet as `draw_stamped` draws it, as a one-page PDF."""
    return render_stamped_set([(plan, stamps, options)])


def render_stamped_set(sheets: Sequence[tuple[Plan, list[Stamp], dict]]) -> bytes:
    """A drawing set: each (plan, stamps, options of `draw_stamped`) as one page, in order."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for plan, stamps, options in sheets:
        draw_stamped(canvas, plan, stamps, **options)
    canvas.save()
    return buffer.getvalue()


def draw_stamped(
    canvas: Canvas,
    plan: Plan,
    stamps: list[Stamp],
    *,
    dimensions: bool = True,
    angle: float = 0.0,
    lettering: Lettering = "text",
    faces_through_windows: bool = False,
    masked_dimensions: bool = False,
    viewports: Sequence[Callable[[Pen], None]] = (),
) -> None:
    """The canvas's next page: the plan's walls (double lines), dimensions and title,
    with `stamps` printed as given instead of the generator's own labels, so a test
    controls every stamp: turned by `angle` (CCW, the next lines further along the
    text's own "down"). `lettering`: text runs; each glyph with its own text matrix
    (`per_glyph`, how PDF printer drivers write CAD lettering); or every letter on the
    sheet drawn as lines, in the generator's square stroke font (`strokes`) or in a
    Hershey font (`hershey`, see `hershey_lettering`); or only the dimension strings in
    Hershey lines, the rest text (`hershey_dimensions`: AutoCAD's SHX dimension font
    beside TrueType room names).
    `faces_through_windows`: the wall faces run on unbroken past each window, whose
    glazing lines are drawn with the faces' own pen (AutoCAD plans printed to PDF).
    `masked_dimensions`: each dimension string on a text mask, as AutoCAD draws them.
    Then any other `viewports` of the sheet."""
    canvas.setPageSize(plan.page_size)
    pen = Pen(canvas, plan.page_size[1])
    font = {"strokes": stroke_font, "hershey": HersheyLettering()}.get(lettering)
    pen.stroke_font = font
    per_char = lettering == "per_glyph"
    draw_sheet(pen, plan)
    doors = [o for o in plan.openings if o.kind == "door"]
    faces = replace(plan, openings=tuple(doors)) if faces_through_windows else plan
    wall_styles.double_line(pen, faces, random.Random(0))  # noqa: S311 - drawing noise
    for door in doors:
        draw_door(pen, plan, door)
    for window in (o for o in plan.openings if o.kind == "window"):
        draw_window(pen, plan, window, width=0.7 if faces_through_windows else 0.3)
    if dimensions:
        if lettering == "hershey_dimensions":
            pen.stroke_font = HersheyLettering()
        draw_dimensions(pen, plan, masked=masked_dimensions)
        pen.stroke_font = font
    size = max(6.0, 0.25 / plan.metres_per_point)
    down_x, down_y = math.sin(math.radians(angle)), math.cos(math.radians(angle))
    for name, at, below in stamps:
        x, y = plan.to_page(*at)
        pen.text((x, y), name, size, angle=angle, centred=True, per_char=per_char)
        for i, text in enumerate(below, start=1):
            step = i * size * 1.4
            at_line = (x + down_x * step, y + down_y * step)
            pen.text(at_line, text, size * 0.7, angle=angle, centred=True, per_char=per_char)
    left, _, _, bottom = wall_footprint(plan.walls).bounds
    draw_plan_title(pen, plan, *plan.to_page(left, bottom + 1.0)[::-1])
    for draw in viewports:
        draw(pen)
    canvas.showPage()
