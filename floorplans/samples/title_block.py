"""Sheet sizes, the border and title block, and the drawing title with its scale note."""

from __future__ import annotations

from floorplans.samples.pdf_pen import Pen
from floorplans.samples.plan import Plan
from floorplans.samples.schedule import draw_north_arrow, draw_schedule

ARCH_C = (1728.0, 1296.0)
TABLOID = (1224.0, 792.0)

BORDER = 36.0  # half-inch margin, as plotters need
_BLOCK_FRACTION = 0.16  # title-block strip width as a share of the sheet width

GENERAL_NOTES = (
    "1. ALL DIMENSIONS ARE TO FACE OF STUD OR CENTRE OF WALL UNLESS NOTED OTHERWISE.",
    "2. DO NOT SCALE DRAWINGS. VERIFY ALL DIMENSIONS ON SITE BEFORE CONSTRUCTION.",
    "3. PROVIDE BLOCKING FOR ALL WALL-MOUNTED CABINETS, GRAB BARS AND FIXTURES.",
    "4. GYPSUM BOARD IN WET AREAS TO BE MOISTURE RESISTANT, TYPE X WHERE REQUIRED.",
    "5. CONTRACTOR TO COORDINATE OPENINGS WITH STRUCTURAL AND MEP DRAWINGS.",
    "6. FLOOR FINISHES PER ROOM FINISH SCHEDULE; TILE LAYOUT TO BE CENTRED IN ROOM.",
)


def block_left(page_size: tuple[float, float]) -> float:
    return page_size[0] - BORDER - page_size[0] * _BLOCK_FRACTION


def drawing_area(page_size: tuple[float, float]) -> tuple[float, float, float, float]:
    """Where the plan goes: inside the border, left of the title block, above the notes."""
    return (BORDER + 90, BORDER + 90, block_left(page_size) - 90, page_size[1] - BORDER - 150)


def draw_sheet(pen: Pen, plan: Plan) -> None:
    notes_bottom, fields_top = draw_frame(
        pen, plan.page_size, plan.name, plan.sheet_title, plan.sheet_number
    )
    w = plan.page_size[0]
    left = block_left(plan.page_size)
    draw_schedule(pen, plan, (left + 8, notes_bottom + 20, w - BORDER - 14, fields_top - 70))
    draw_north_arrow(pen, (w - BORDER - 6 - 40, fields_top - 35))


def draw_frame(
    pen: Pen, page_size: tuple[float, float], project: str, drawing: str, number: str
) -> tuple[float, float]:
    """Border, title-block fields and general notes; returns where the notes end and
    where the fields begin (display y), the free strip in between."""
    w, h = page_size
    left = block_left(page_size)
    pen.rect(BORDER, BORDER, w - BORDER, h - BORDER, width=1.5)
    pen.rect(BORDER + 6, BORDER + 6, w - BORDER - 6, h - BORDER - 6, width=0.5)
    pen.line((left, BORDER + 6), (left, h - BORDER - 6), width=1.0)
    size = max(6.0, w / 300)
    fields = [
        ("PROJECT", project.upper()),
        ("CLIENT", "NORTHWIND HOMES LLC"),
        ("DRAWING", drawing),
        ("DRAWN BY", "J.D."),
        ("CHECKED", "A.K."),
        ("DATE", "2024-03-18"),
        ("SCALE", "AS NOTED"),
        ("SHEET", number),
    ]
    row = size * 4.5
    top = h - BORDER - 6 - row * len(fields)
    for i, (name, value) in enumerate(fields):
        y = top + i * row
        pen.line((left, y), (w - BORDER - 6, y), width=0.5)
        pen.text((left + 8, y + size * 1.5), name, size * 0.7)
        # The sheet number is the title block's biggest entry, as on real sheets.
        value_size = size * 1.8 if name == "SHEET" else size
        pen.text((left + 8, y + size * 3.3), value, value_size)
    pen.text((left + 8, BORDER + 40), "ARCHITECTS + PLANNERS", size * 1.4)
    pen.text((left + 8, BORDER + 40 + size * 2), "42 HARBOUR ST, SUITE 300", size * 0.8)
    notes_top = BORDER + 60
    pen.text((left + 8, notes_top), "GENERAL NOTES", size)
    for note in GENERAL_NOTES:
        words = note.split(" ")
        for j in range(0, len(words), 6):  # wrap into the narrow title strip
            notes_top += size * 1.4
            pen.text(
                (left + 8 + (0 if j == 0 else size), notes_top),
                " ".join(words[j : j + 6]),
                size * 0.75,
            )
        notes_top += size * 0.4  # paragraph gap
    return notes_top, h - BORDER - 6 - row * len(fields)


def draw_plan_title(pen: Pen, plan: Plan, below: float, left: float | None = None) -> None:
    """The drawing title under the plan, with the scale note that sets the drawing's scale;
    at the drawing area's left edge, or at `left` (under the plan, where CAD programs put
    a viewport's title)."""
    x = drawing_area(plan.page_size)[0] if left is None else left
    y = below + 60
    pen.circle((x + 14, y - 5), 14, width=0.8)
    pen.text((x + 14, y - 8), "1", 9, centred=True)
    pen.text((x + 36, y), plan.sheet_title, 14)
    pen.line((x + 36, y + 5), (x + 260, y + 5), width=1.2)
    pen.text((x + 36, y + 18), plan.scale_text, 9, per_char=plan.scale_note_per_char)


# Title blocks as Italian and English CAD sheets draw them: one row of boxed fields, each
# its name over its value. Some names and values read as rooms (SCALA is a stair,
# POLITECNICO ends in TECNICO, LIBRARY is a study): the pipeline must not take them so.
ITALIAN_FIELDS = (
    ("POLITECNICO DI MILANO", "SCUOLA DI ARCHITETTURA"),
    ("TAVOLA", "A101"),
    ("SCALA", "VARIE"),
    ("FORMATO", "A1"),
    ("DATA", "12.05.2021"),
)
ENGLISH_FIELDS = (
    ("PROJECT", "RIVERSIDE LIBRARY"),
    ("SHEET", "A-101"),
    ("DRAWN BY", "J.D."),
    ("SCALE", "AS NOTED"),
)


def draw_boxed_fields(
    pen: Pen, page_size: tuple[float, float], fields: tuple[tuple[str, str], ...], *, framed: bool
) -> None:
    """A row of boxed fields along the sheet's bottom edge, right of the drawing area's
    left side: on the border (`framed`, one drawing with the frame), or standing free
    above it (a grid of boxes of its own)."""
    w, h = page_size
    size = max(6.0, w / 300)
    bottom = h - BORDER - 6 if framed else h - BORDER - 40
    top = bottom - size * 6
    x = drawing_area(page_size)[0]
    for name, value in fields:
        width = max(pen.text_width(name, size * 0.8), pen.text_width(value, size)) + size * 3
        pen.rect(x, top, x + width, bottom, width=0.5)
        pen.text((x + size, top + size * 2), name, size * 0.8)
        pen.text((x + size, top + size * 4.5), value, size)
        x += width
