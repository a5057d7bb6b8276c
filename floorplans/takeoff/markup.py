"""The marked-up sheet: the original PDF page with the takeoff drawn over it as vectors.

The overlay is drawn with reportlab on a page the size of the sheet as displayed (the
graph's display space, y down), then merged onto the original page with pypdf through
the inverse of the page's display matrix (CropBox offset and /Rotate), so the original
content stream is kept byte for byte (wrapped in q/Q) and nothing is rasterised.

Rooms are tinted by flooring and labelled with label, net area and confidence; walls are
outlined by type (exterior, interior, added); openings are marked; excluded rooms, walls
and openings are struck through in red; a legend and, for a BOM, a quantities box sit in
the top-left corner.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
)
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from floorplans.pipeline.display_space import display_matrix, display_size

from .bom import Bom
from .takeoff_items import UNIT_LABEL, RoomItem, TakeoffItems, WallItem

_FLOOR_TINT = {
    "tile": "#2e86c1",
    "laminate": "#d68910",
    "vinyl": "#8e44ad",
    "carpet": "#28b463",
    "none": "#7f8c8d",
    "": "#7f8c8d",
}
_TINT_ALPHA = 0.28
_WALL_COLOUR = {"exterior": "#1f4e79", "interior": "#e67e22", "added": "#16a085"}
_EXCLUDED = HexColor("#c0392b")
_INK = HexColor("#1b2631")
_LABEL_SIZE = 7.0
_BOX_SIZE = 7.5


@dataclass(frozen=True)
class SheetMarkup:
    """One sheet to mark up: its page, what was taken off, and the quantities to box."""

    page_index: int
    items: TakeoffItems
    title: str  # e.g. "Smith house - revision 2"
    quantities: tuple[tuple[str, str], ...] = ()  # (what, how much) lines


def bom_quantities(bom: Bom, items: TakeoffItems) -> tuple[tuple[str, str], ...]:
    """The quantities box of a BOM's markup: what was measured and what it costs."""
    rooms = [room for room in items.rooms if not room.excluded]
    walls = [wall for wall in items.walls if not wall.excluded]
    area, length = UNIT_LABEL[items.area_unit], UNIT_LABEL[items.length_unit]
    return (
        ("Rooms", f"{len(rooms)}, {sum(r.area for r in rooms):,.2f} {area} net"),
        ("Walls", f"{len(walls)}, {sum(w.length for w in walls):,.2f} {length}, "
                  f"{sum(w.studs for w in walls)} studs"),
        *((f"Subtotal {category}", f"{value} {bom.currency}")
          for category, value in bom.subtotals.items()),
        ("Total", f"{bom.total} {bom.currency}"),
    )  # fmt: skip


def markup_pdf(pdf: bytes, sheets: Sequence[SheetMarkup]) -> bytes:
    """A PDF of the given sheets (in order), each with its takeoff drawn over it."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for sheet in sheets:
        page = writer.add_page(reader.pages[sheet.page_index])
        cropbox = tuple(float(v) for v in page.cropbox)
        rotation = int(page.rotation or 0)
        width, height = display_size(cropbox, rotation)
        overlay = PdfReader(io.BytesIO(_overlay(sheet, width, height))).pages[0]
        _stamp(writer, page, overlay, _overlay_to_page(cropbox, rotation, height))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamp(writer: PdfWriter, page: PageObject, overlay: PageObject, matrix: Matrix) -> None:
    """Paint `overlay` over `page` as a form XObject.

    pypdf's merge_page parses both content streams into operators to rename resources
    (10 s for a 30,000-object sheet); a form XObject keeps its own resources, so the
    page's streams are only wrapped in q/Q, never decoded, and the overlay is one `Do`.
    """
    form = overlay[NameObject("/Contents")].clone(writer)  # reportlab writes one stream
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): overlay.mediabox,
            NameObject("/Matrix"): ArrayObject(FloatObject(v) for v in matrix),
            NameObject("/Resources"): overlay[NameObject("/Resources")].clone(writer),
        }
    )
    resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
    xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
    name = NameObject("/TakeoffMarkup")
    while name in xobjects:
        name = NameObject(f"{name}X")
    xobjects[name] = form.indirect_reference
    contents = page.get(NameObject("/Contents"))  # indirect: a stream or an array of them
    resolved = contents.get_object() if contents is not None else ArrayObject()
    streams = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    opening, closing = DecodedStreamObject(), DecodedStreamObject()
    opening.set_data(b"q\n")
    closing.set_data(f"\nQ\nq {name} Do Q\n".encode())
    # Content streams must be indirect objects; pypdf has no public call that adds a new
    # object without parsing the page's streams, hence its _add_object.
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(opening), *streams, writer._add_object(closing)]
    )


Matrix = tuple[float, float, float, float, float, float]


def _overlay_to_page(cropbox, rotation: int, height: float) -> Matrix:
    """Overlay space (reportlab, y up, display-sized) -> the original page's user space."""
    a, b, c, d, e, f = display_matrix(cropbox, rotation)  # user -> display (y down)
    det = a * d - b * c
    # Inverse of the display matrix (display -> user) ...
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    ie, if_ = -(ia * e + ic * f), -(ib * e + id_ * f)
    # ... after the flip overlay (u, v) -> display (u, height - v).
    return (ia, ib, -ic, -id_, ic * height + ie, id_ * height + if_)


def _overlay(sheet: SheetMarkup, width: float, height: float) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), pageCompression=1)
    canvas.setTitle(sheet.title)
    # Draw in display space (y down) like the graph; text is flipped back upright.
    canvas.translate(0, height)
    canvas.scale(1, -1)
    items = sheet.items
    for room in items.rooms:
        _room(canvas, room)
    for wall in items.walls:
        _wall(canvas, wall)
    for opening in items.openings:
        _marker(canvas, opening.x, opening.y, opening.kind[:1].upper(), opening.excluded)
    for room in items.rooms:
        _room_label(canvas, room, items)
    _boxes(canvas, sheet)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _path(canvas: Canvas, points: Sequence[tuple[float, float]]):
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    return path


def _room(canvas: Canvas, room: RoomItem) -> None:
    tint = HexColor(_FLOOR_TINT.get(room.flooring, "#7f8c8d"))
    canvas.setFillColor(Color(tint.red, tint.green, tint.blue, alpha=_TINT_ALPHA))
    canvas.setStrokeColor(_EXCLUDED if room.excluded else tint)
    canvas.setLineWidth(1.0)
    canvas.drawPath(_path(canvas, room.polygon), stroke=1, fill=0 if room.excluded else 1)
    if room.excluded:  # struck through corner to corner
        xs = [x for x, _ in room.polygon]
        ys = [y for _, y in room.polygon]
        canvas.line(min(xs), min(ys), max(xs), max(ys))
        canvas.line(min(xs), max(ys), max(xs), min(ys))


def _wall(canvas: Canvas, wall: WallItem) -> None:
    if wall.excluded:
        canvas.setStrokeColor(_EXCLUDED)
        canvas.setDash(4, 3)
        canvas.setLineWidth(max(wall.thickness_pts, 1.5))
    else:
        kind = "added" if wall.added else wall.wall_type
        canvas.setStrokeColor(HexColor(_WALL_COLOUR[kind]), alpha=0.75)
        canvas.setDash()
        canvas.setLineWidth(max(wall.thickness_pts * 0.5, 1.0))
    canvas.line(wall.x1, wall.y1, wall.x2, wall.y2)
    canvas.setDash()


def _marker(canvas: Canvas, x: float, y: float, letter: str, excluded: bool) -> None:
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.setStrokeColor(_EXCLUDED if excluded else _INK)
    canvas.setLineWidth(0.8)
    canvas.circle(x, y, 4.5, stroke=1, fill=1)
    _text(canvas, x, y + 2.2, letter, 6.0, centred=True)
    if excluded:
        canvas.line(x - 5, y + 5, x + 5, y - 5)


def _text(canvas: Canvas, x: float, y: float, text: str, size: float, *, centred=False) -> None:
    """Upright text with its baseline at display-space (x, y)."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(1, -1)
    canvas.setFont("Helvetica", size)
    canvas.setFillColor(_INK)
    if centred:
        canvas.drawCentredString(0, 0, text)
    else:
        canvas.drawString(0, 0, text)
    canvas.restoreState()


def _room_label(canvas: Canvas, room: RoomItem, items: TakeoffItems) -> None:
    """Below the room's centre, where the drawing's own stamp usually is not, on white."""
    xs = [x for x, _ in room.polygon]
    ys = [y for _, y in room.polygon]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2 + (max(ys) - min(ys)) * 0.22
    area = f"{room.area:,.2f} {UNIT_LABEL[items.area_unit]}"
    lines = [room.label or room.id, "EXCLUDED" if room.excluded else area]
    if room.confidence is not None:
        lines.append(f"confidence {room.confidence:.0%}")
    step = _LABEL_SIZE + 1.5
    width = max(canvas.stringWidth(line, "Helvetica", _LABEL_SIZE) for line in lines) + 6
    top = cy - step * len(lines) / 2
    canvas.setFillColor(Color(1, 1, 1, alpha=0.8))
    canvas.rect(cx - width / 2, top, width, step * len(lines) + 2, stroke=0, fill=1)
    for n, line in enumerate(lines):
        _text(canvas, cx, top + step * (n + 1) - 1, line, _LABEL_SIZE, centred=True)


def _boxes(canvas: Canvas, sheet: SheetMarkup) -> None:
    """Legend and quantities, one white box in the top-left corner."""
    legend = [
        ("Exterior wall", _WALL_COLOUR["exterior"]),
        ("Interior wall", _WALL_COLOUR["interior"]),
        ("Added wall", _WALL_COLOUR["added"]),
        ("Excluded (struck through)", "#c0392b"),
        *((f"Flooring: {name}", colour) for name, colour in _FLOOR_TINT.items() if name),
    ]
    lines = [(sheet.title, None), *legend]
    if sheet.quantities:
        lines += [("Quantities", None)] + [(f"{k}: {v}", None) for k, v in sheet.quantities]
    step = _BOX_SIZE + 3
    x0, y0 = 24.0, 24.0
    box_width = 12 + max(canvas.stringWidth(text, "Helvetica", _BOX_SIZE) for text, _ in lines)
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.setStrokeColor(_INK)
    canvas.setLineWidth(0.6)
    canvas.rect(x0, y0, box_width + 14, step * len(lines) + 8, stroke=1, fill=1)
    for n, (text, colour) in enumerate(lines):
        y = y0 + 4 + step * (n + 1) - 3
        if colour:
            canvas.setFillColor(HexColor(colour))
            canvas.rect(x0 + 5, y - _BOX_SIZE + 1, 8, _BOX_SIZE - 1, stroke=0, fill=1)
        _text(canvas, x0 + (16 if colour else 5), y, text, _BOX_SIZE)
