"""The other sheets of a drawing set: cover, site plan, ceiling plan, elevation, section,
detail and schedule, each drawn in its framed title block from one building's plan.

They are drawn to be told apart the way a person tells them apart (the title, the sheet
number, what is drawn), and to tempt a classifier: elevations and sections are full of
long parallel lines, schedules of ruled rows, the ceiling plan repeats the walls.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from floorplans.samples import wall_styles
from floorplans.samples.pdf_pen import Pen
from floorplans.samples.plan import Plan, wall_footprint
from floorplans.samples.schedule import draw_north_arrow
from floorplans.samples.title_block import draw_frame, drawing_area

STOREY_M = 2.8
ROOF_RISE_M = 2.2

SheetDrawer = Callable[[Pen, Plan, str, random.Random], None]


class SilentPen(Pen):
    """A pen that letters nothing: sheets whose CAD export dropped or outlined the text."""

    def text(self, at, text, size=8.0, **kwargs) -> None:
        return None


def _title(pen: Pen, page_size: tuple[float, float], title: str, scale: str | None) -> None:
    x, _, _, bottom = drawing_area(page_size)
    y = bottom + 60
    pen.text((x + 36, y), title, 14)
    pen.line((x + 36, y + 5), (x + 300, y + 5), width=1.2)
    if scale:
        pen.text((x + 36, y + 18), scale, 9)


def _footprint_size(plan: Plan) -> tuple[float, float]:
    minx, miny, maxx, maxy = wall_footprint(plan.walls).bounds
    return maxx - minx, maxy - miny


def _elevation_box(plan: Plan, storeys: int) -> tuple[float, float, float, float, float]:
    """Ground-line y, left x, right x, eaves y and ridge y of the building face, in points."""
    x0, y0, x1, y1 = drawing_area(plan.page_size)
    mpp = plan.metres_per_point
    width = _footprint_size(plan)[0] / mpp
    height = storeys * STOREY_M / mpp
    ground = (y0 + y1) / 2 + height / 2
    left = (x0 + x1) / 2 - width / 2
    return ground, left, left + width, ground - height, ground - height - ROOF_RISE_M / mpp


def draw_elevation(pen: Pen, plan: Plan, title: str, rng: random.Random) -> None:
    ground, left, right, eaves, ridge = _elevation_box(plan, 2)
    x0, _, x1, _ = drawing_area(plan.page_size)
    pen.line((x0, ground), (x1, ground), width=2.0)  # ground line
    pen.rect(left, eaves, right, ground, width=0.7)
    pen.polyline([(left - 10, eaves), ((left + right) / 2, ridge), (right + 10, eaves)], 0.7)
    storey = (ground - eaves) / 2
    for level in range(2):
        sill = ground - level * storey - storey * 0.35
        head = ground - level * storey - storey * 0.8
        for k in range(4):
            wx = left + (right - left) * (0.12 + 0.22 * k)
            pen.rect(wx, head, wx + 30, sill, width=0.5)
            pen.rect(wx + 3, head + 3, wx + 27, sill - 3, width=0.25)
        pen.line((right + 20, ground - level * storey), (right + 90, ground - level * storey), 0.3)
        pen.text((right + 24, ground - level * storey - 3), f"LEVEL {level + 1}", 7)
    for k in range(int((right - left) / 8)):  # siding
        y = eaves + 6 + k * 8
        if y < ground:
            pen.line((left, y), (right, y), 0.15)


def draw_section(pen: Pen, plan: Plan, title: str, rng: random.Random) -> None:
    ground, left, right, eaves, ridge = _elevation_box(plan, 2)
    x0, _, x1, _ = drawing_area(plan.page_size)
    wall = 0.25 / plan.metres_per_point
    slab = 0.3 / plan.metres_per_point
    pen.line((x0, ground), (x1, ground), width=2.0)
    storey = (ground - eaves) / 2
    for level in range(3):  # floor slabs, cut: poche filled
        y = ground - level * storey
        pen.fill_rings([[(left, y), (right, y), (right, y + slab), (left, y + slab)]])
    for x in (left, right - wall):  # cut exterior walls
        pen.fill_rings([[(x, eaves), (x + wall, eaves), (x + wall, ground), (x, ground)]])
    pen.polyline([(left - 10, eaves), ((left + right) / 2, ridge), (right + 10, eaves)], 1.2)
    for level in range(2):
        pen.text(((left + right) / 2, ground - level * storey - storey / 2), "ROOM", 8)


def draw_detail(pen: Pen, plan: Plan, title: str, rng: random.Random) -> None:
    x0, y0, x1, y1 = drawing_area(plan.page_size)
    cols, rows = 3, 2
    cw, ch = (x1 - x0) / cols, (y1 - y0) / rows
    for i in range(cols * rows):
        cx, cy = x0 + (i % cols) * cw, y0 + (i // cols) * ch
        pen.rect(cx + 20, cy + 20, cx + cw - 20, cy + ch - 40, width=0.3)
        layers = rng.randint(3, 6)
        for k in range(layers):  # a wall build-up: layers of material, hatched
            lx = cx + 40 + k * 14
            pen.rect(lx, cy + 40, lx + 10, cy + ch - 70, width=0.4)
            for j in range(int((ch - 110) / 12)):
                pen.line((lx, cy + 45 + j * 12), (lx + 10, cy + 51 + j * 12), 0.15)
        pen.circle((cx + 40, cy + ch - 28), 10, 0.5)
        pen.text((cx + 40, cy + ch - 25), str(i + 1), 8, centred=True)
        pen.text((cx + 56, cy + ch - 25), f"WALL TYPE {i + 1}", 8)


def draw_schedule_sheet(pen: Pen, plan: Plan, title: str, rng: random.Random) -> None:
    x0, y0, x1, y1 = drawing_area(plan.page_size)
    columns = ("NO.", "ROOM", "FLOOR", "BASE", "WALLS", "CEILING", "HEIGHT", "REMARKS")
    rows = 28
    row = (y1 - y0 - 40) / (rows + 1)
    for i in range(rows + 2):
        pen.line((x0, y0 + 40 + i * row), (x1, y0 + 40 + i * row), 0.3)
    for k in range(len(columns) + 1):
        x = x0 + (x1 - x0) * k / len(columns)
        pen.line((x, y0 + 40), (x, y0 + 40 + (rows + 1) * row), 0.3)
    for k, name in enumerate(columns):
        pen.text((x0 + (x1 - x0) * k / len(columns) + 3, y0 + 40 + row * 0.7), name, 7)
    finishes = ("TILE", "OAK", "CARPET", "VINYL")
    for i in range(rows):
        y = y0 + 40 + (i + 1.7) * row
        cells = (str(101 + i), f"ROOM {101 + i}", rng.choice(finishes), "MDF", "PAINT", "GWB")
        for k, cell in enumerate((*cells, "2700", "")):
            pen.text((x0 + (x1 - x0) * k / len(columns) + 3, y), cell, 6)


def draw_cover(pen: Pen, plan: Plan, title: str, rng: random.Random) -> None:
    x0, y0, x1, _ = drawing_area(plan.page_size)
    pen.text((x0, y0 + 60), plan.name.upper(), 36)
    pen.text((x0, y0 + 100), "CONSTRUCTION DOCUMENTS", 18)
    pen.text((x0, y0 + 160), "DRAWING INDEX", 12)
    for i, (number, name) in enumerate(
        [("A-000", "COVER SHEET"), ("A-101", "FIRST FLOOR PLAN"), ("A-201", "ELEVATIONS")]
    ):
        pen.text((x0, y0 + 180 + i * 14), number, 9)
        pen.text((x0 + 60, y0 + 180 + i * 14), name, 9)
    pen.rect(x1 - 300, y0 + 40, x1, y0 + 240, width=0.5)  # a rendering placeholder


def draw_site_plan(pen: Pen, plan: Plan, title: str, rng: random.Random) -> None:
    x0, y0, x1, y1 = drawing_area(plan.page_size)
    pen.rect(x0 + 40, y0 + 40, x1 - 40, y1 - 40, width=0.8)  # lot line
    w, h = (v / plan.metres_per_point / 4 for v in _footprint_size(plan))  # 1:4 of the plan
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    pen.fill_rings([[(cx - w / 2, cy - h / 2), (cx + w / 2, cy - h / 2), (cx + w / 2, cy + h / 2),
                     (cx - w / 2, cy + h / 2)]])  # fmt: skip
    pen.polyline([(x0 + 40, cy + h), (cx - w / 2, cy + h), (cx - w / 2, cy + h / 2)], 0.5)
    pen.text((cx, y1 - 50), "STREET", 10, centred=True)
    draw_north_arrow(pen, (x1 - 80, y0 + 80))


def draw_ceiling_plan(pen: Pen, plan: Plan, title: str, rng: random.Random) -> None:
    wall_styles.double_line(pen, plan, rng)
    minx, miny, maxx, maxy = wall_footprint(plan.walls).bounds
    (px0, py0), (px1, py1) = plan.to_page(minx, miny), plan.to_page(maxx, maxy)
    step = 0.6 / plan.metres_per_point  # a 600 mm ceiling grid, dashed
    x = px0 + step
    while x < px1:
        pen.line((x, py0), (x, py1), 0.15, dash=(2, 2))
        x += step
    for room in plan.rooms:
        xs = [p[0] for p in room.polygon]
        ys = [p[1] for p in room.polygon]
        pen.circle(plan.to_page(sum(xs) / len(xs), sum(ys) / len(ys)), 6, 0.4)


DRAWERS: dict[str, SheetDrawer] = {
    "cover_or_notes": draw_cover,
    "site_plan": draw_site_plan,
    "reflected_ceiling_plan": draw_ceiling_plan,
    "elevation": draw_elevation,
    "section": draw_section,
    "detail": draw_detail,
    "schedule": draw_schedule_sheet,
}


def draw_sheet_of_kind(
    pen: Pen, plan: Plan, kind: str, title: str, number: str, rng: random.Random
) -> None:
    """One framed non-plan sheet of `plan`'s building."""
    draw_frame(pen, plan.page_size, plan.name, title, number)
    DRAWERS[kind](pen, plan, title, rng)
    scaled = kind not in ("cover_or_notes", "schedule")
    _title(pen, plan.page_size, title, plan.scale_text if scaled else None)
