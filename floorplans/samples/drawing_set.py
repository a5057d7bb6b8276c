"""Multi-page drawing sets: floor plans for several levels among the other sheets, with
the kind of every page known exactly (the classifier's answer key)."""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from floorplans.samples.catalog import sample_plans
from floorplans.samples.pdf_pen import Pen
from floorplans.samples.plan import Plan
from floorplans.samples.render import draw_plan_page
from floorplans.samples.sheet_kinds import SilentPen, draw_sheet_of_kind

LEVEL_NAMES = ("FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH")
# Non-plan sheets in the order sets bind them, with their National CAD Standard numbers.
_OTHER_SHEETS = (
    ("site_plan", "SITE PLAN", "A-001"),
    ("reflected_ceiling_plan", "REFLECTED CEILING PLAN", "A-121"),
    ("elevation", "NORTH ELEVATION", "A-201"),
    ("elevation", "SOUTH ELEVATION", "A-202"),
    ("section", "BUILDING SECTION A-A", "A-301"),
    ("detail", "WALL DETAILS", "A-501"),
    ("schedule", "ROOM FINISH SCHEDULE", "A-601"),
)


@dataclass(frozen=True)
class SheetSpec:
    """One page: its kind, and for plan pages the plan (other kinds draw from it too)."""

    kind: str  # a sheet kind, or "raster_only" / "broken" for the bad pages
    plan: Plan
    title: str = ""
    number: str = ""
    lettered: bool = True  # False: no text at all (outlined or dropped lettering)
    style: str = "double_line"


def _raster_page(canvas: Canvas, size: tuple[float, float]) -> None:
    image = Image.new("L", (900, 600), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 800, 500), outline=0, width=12)
    draw.line((450, 100, 450, 500), fill=0, width=8)
    canvas.setPageSize(size)
    canvas.drawImage(ImageReader(image), 0, 0, size[0], size[1])
    canvas.showPage()


def render_set(sheets: list[SheetSpec], *, seed: int = 0) -> bytes:
    """All sheets as one PDF, one page each, in order."""
    rng = random.Random(seed)  # noqa: S311 - reproducible drawing noise, not security
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1)
    canvas.setCreator("floorplans.samples (reportlab)")
    broken: list[int] = []
    for index, sheet in enumerate(sheets):
        pen_class = Pen if sheet.lettered else SilentPen
        if sheet.kind == "floor_plan":
            plan = replace(sheet.plan, sheet_title=sheet.title, sheet_number=sheet.number)
            draw_plan_page(canvas, plan, sheet.style, rng, pen_class)
        elif sheet.kind in ("raster_only", "broken"):
            _raster_page(canvas, sheet.plan.page_size)
            if sheet.kind == "broken":
                broken.append(index)
        else:
            canvas.setPageSize(sheet.plan.page_size)
            pen = pen_class(canvas, sheet.plan.page_size[1])
            draw_sheet_of_kind(pen, sheet.plan, sheet.kind, sheet.title, sheet.number, rng)
            canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    for index in broken:
        data = break_page(data, index)
    return data


def break_page(data: bytes, index: int) -> bytes:
    """Overwrite page ``index``'s content stream with noise of the same length, so the
    file's cross-reference table stays right and only that page is unreadable."""
    pages = list(re.finditer(rb"/Contents (\d+) 0 R", data))
    number = pages[index].group(1)
    obj = re.search(rb"\n" + number + rb" 0 obj\r?\n.*?stream\r?\n", data, re.DOTALL)
    start = obj.end()
    end = data.index(b"endstream", start)
    noise = bytes(random.Random(index).randrange(256) for _ in range(end - start - 1))  # noqa: S311
    return data[:start] + noise + data[end - 1 :]


def level_name(i: int) -> str:
    return LEVEL_NAMES[i] if i < len(LEVEL_NAMES) else f"LEVEL {i + 1}"


def building_set(
    levels: int = 2, *, pages: int | None = None, plan: Plan | None = None
) -> list[SheetSpec]:
    """A set for one building: cover, one plan per level, then the other sheets; repeated
    detail and schedule sheets pad it to ``pages`` (large sets are mostly those)."""
    plan = plan or sample_plans()[1]
    sheets = [SheetSpec("cover_or_notes", plan, "COVER SHEET", "A-000")]
    sheets += [
        SheetSpec("floor_plan", plan, f"{level_name(i)} FLOOR PLAN", f"A-1{i + 1:02d}")
        for i in range(levels)
    ]
    sheets += [SheetSpec(kind, plan, title, number) for kind, title, number in _OTHER_SHEETS]
    pad = 0
    while pages is not None and len(sheets) < pages:
        kind, title, number = _OTHER_SHEETS[pad % len(_OTHER_SHEETS)]
        sheets.append(SheetSpec(kind, plan, f"{title} {pad // len(_OTHER_SHEETS) + 2}", number))
        pad += 1
    return sheets[:pages] if pages is not None else sheets


__all__ = ["LEVEL_NAMES", "SheetSpec", "break_page", "building_set", "render_set"]
