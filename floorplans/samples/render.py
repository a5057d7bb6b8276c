"""Render a Plan as a vector PDF in one CAD export style, and its exact expected SpatialGraph."""

from __future__ import annotations

import io
import random
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas
from shapely.geometry import Polygon

from floorplans.samples import wall_styles
from floorplans.samples.clutter import draw_clutter
from floorplans.samples.pdf_pen import IDENTITY, Matrix, Pen
from floorplans.samples.plan import Plan, wall_footprint
from floorplans.samples.title_block import draw_plan_title, draw_sheet
from floorplans.spatialgraph import SCHEMA_VERSION, Opening, Room, SpatialGraph, Wall

STYLES = (
    "double_line",
    "heavy_stroke",
    "filled",
    "hatched",
    "fragmented",
    "transformed",
    "rotated",
)

WallDrawer = Callable[[Pen, Plan, random.Random], None]
_WALLS: dict[str, WallDrawer] = {
    "double_line": wall_styles.double_line,
    "heavy_stroke": wall_styles.heavy_stroke,
    "filled": wall_styles.filled,
    "hatched": wall_styles.hatched,
    "fragmented": wall_styles.fragmented,
    "transformed": wall_styles.face_polylines,
    "rotated": wall_styles.double_line,
}

# CAD units of 0.1 mm on paper, shifted: raw stream numbers are ~3.5x the page coordinates.
_CAD_UNIT = 72 / 254
_CAD_SHIFT = (20.0, 14.0)


def _draw_plan(pen: Pen, plan: Plan, style: str, rng: random.Random) -> None:
    _WALLS[style](pen, plan, rng)
    draw_clutter(pen, plan)
    bottom = wall_footprint(plan.walls).bounds[3]
    draw_plan_title(pen, plan, below=plan.to_page(0.0, bottom + 1.0)[1])


def _render(plan: Plan, style: str, seed: int) -> tuple[bytes, int]:
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
    rng = random.Random(seed)  # noqa: S311 - reproducible drawing noise, not security
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=plan.page_size)
    canvas.setCreator("floorplans.samples (reportlab)")
    canvas.setTitle(f"{plan.name} - {style}")
    count = draw_plan_page(canvas, plan, style, rng)
    canvas.save()
    return buffer.getvalue(), count


def draw_plan_page(
    canvas: Canvas, plan: Plan, style: str, rng: random.Random, pen_class: type[Pen] = Pen
) -> int:
    """Draw `plan` as the canvas's next page (multi-page sets call this once per sheet);
    returns the objects painted."""
    width, height = plan.page_size
    rotated = style == "rotated"
    # reportlab stores a /Rotate 90 page's MediaBox portrait (height x width) by itself, so
    # the display size is what we pass; the pen maps display space into that portrait box.
    canvas.setPageSize((width, height))
    matrix: Matrix = (0.0, 1.0, -1.0, 0.0, height, 0.0) if rotated else IDENTITY
    if rotated:
        canvas.setPageRotation(90)
    pen = pen_class(canvas, height, matrix)
    draw_sheet(pen, plan)
    if style == "transformed":
        count = _draw_through_form(canvas, plan, style, rng)
    else:
        _draw_plan(pen, plan, style, rng)
        count = 0
    canvas.showPage()
    if rotated:
        canvas.setPageRotation(0)
    return pen.count + count


def _draw_through_form(canvas: Canvas, plan: Plan, style: str, rng: random.Random) -> int:
    """Draw the plan into a form XObject in CAD units, placed on the page by a scaling CTM."""
    width, height = plan.page_size
    s, (tx, ty) = _CAD_UNIT, _CAD_SHIFT
    inverse = (1 / s, 0.0, 0.0, 1 / s, -tx / s, -ty / s)
    name = f"plan{canvas.getPageNumber()}"  # one form per page of a multi-page set
    canvas.beginForm(name, -tx / s, -ty / s, (width - tx) / s, (height - ty) / s)
    pen = Pen(canvas, height, inverse)
    _draw_plan(pen, plan, style, rng)
    canvas.endForm()
    canvas.saveState()
    canvas.transform(s, 0, 0, s, tx, ty)
    canvas.doForm(name)
    canvas.restoreState()
    return pen.count


def render_pdf(plan: Plan, style: str, *, seed: int = 0) -> bytes:
    """A one-page vector PDF of `plan` drawn the way the named CAD export style draws it."""
    return _render(plan, style, seed)[0]


def drawing_object_count(plan: Plan, style: str, *, seed: int = 0) -> int:
    """Paths and glyphs painted on the sheet (what a PDF parser will have to read)."""
    return _render(plan, style, seed)[1]


def _r(value: float) -> float:
    return round(value, 6)  # micro-point precision: exact for any tolerance a test uses


def ground_truth(plan: Plan, style: str) -> SpatialGraph:
    """The exact SpatialGraph a perfect extractor returns for `render_pdf(plan, style)`.

    Display space for every style: the rotated page is drawn to look identical once turned.
    """
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}")
    mpp = plan.metres_per_point
    walls: list[Wall] = []
    for i, wall in enumerate(plan.walls):
        (x1, y1), (x2, y2) = plan.to_page(wall.x1, wall.y1), plan.to_page(wall.x2, wall.y2)
        walls.append(
            {
                "id": f"w{i + 1}",
                "x1": _r(x1),
                "y1": _r(y1),
                "x2": _r(x2),
                "y2": _r(y2),
                "length_pts": _r(wall.length / mpp),
                "thickness": _r(wall.thickness / mpp),
            }
        )
    openings: list[Opening] = []
    for i, opening in enumerate(plan.openings):
        x, y = plan.to_page(*plan.walls[opening.wall].point_at(opening.offset))
        openings.append(
            {
                "id": f"o{i + 1}",
                "wall_id": f"w{opening.wall + 1}",
                "kind": opening.kind,
                "x": _r(x),
                "y": _r(y),
                "width_pts": _r(opening.width / mpp),
            }
        )
    rooms: list[Room] = []
    for i, room in enumerate(plan.rooms):
        polygon = Polygon([plan.to_page(x, y) for x, y in room.polygon])
        rooms.append(
            {
                "id": f"r{i + 1}",
                "label": room.label,
                "polygon": [[_r(x), _r(y)] for x, y in polygon.exterior.coords[:-1]],
                "area_pts2": _r(polygon.area),
                "perimeter_pts": _r(polygon.length),
            }
        )
    width, height = plan.page_size
    return {
        "schema_version": SCHEMA_VERSION,
        "page": {
            "index": 0,
            "width": width,
            "height": height,
            "rotation": 90 if style == "rotated" else 0,
        },
        "scale": {"metres_per_point": mpp, "source": "text", "text": plan.scale_text},
        "walls": walls,
        "openings": openings,
        "rooms": rooms,
        "warnings": [],
    }
