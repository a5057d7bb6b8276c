"""Plan SVG in the graph's own coordinates (PDF points, y down, same as SVG).

Rooms are filled (by flooring material once a layout exists) and labelled with their area;
walls are drawn at their thickness, openings as gaps with a door or window mark, and with a
layout each stud is a tick across its wall, coloured by kind. Works without a scale too
(areas are then left out), so it can preview any extracted graph.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .layout import Layout
from .plan import Room, Wall, read_plan_geometry
from .units import LUMBER, area_from_m2

_FLOOR_FILL = {
    "tile": "#cfe8f3",
    "laminate": "#f3e2c7",
    "vinyl": "#e2dcf0",
    "carpet": "#e6f0d5",
    "none": "#eeeeee",
}
_STUD_COLOUR = {
    "end": "#1f4e79",
    "common": "#5b7f95",
    "corner": "#c00000",
    "channel": "#7030a0",
    "king": "#c55a11",
    "jack": "#ed7d31",
    "cripple": "#bf9000",
}
_MARGIN = 24.0
_DOOR_COLOUR, _WINDOW_COLOUR = "#d81b60", "#2f75b5"  # apart from every stud colour
# The legend is a strip under the drawing: entries of this width, in rows of this height.
_LEGEND_ENTRY, _LEGEND_ROW = 96.0, 14.0


def render_layout_svg(graph: dict[str, Any], layout: Layout | None = None) -> str:
    walls, openings, rooms, mpp = read_plan_geometry(graph)
    x0, y0, x1, drawing_bottom = _bounds(graph, walls, rooms)
    finishes = {room.room_id: room for room in layout.rooms} if layout else {}
    unit_system = layout.unit_system if layout else None
    legend = _legend(layout, x0, drawing_bottom, x1 - x0) if layout else []
    y1 = drawing_bottom + _legend_height(len(legend), x1 - x0) if legend else drawing_bottom
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{_n(x0)} {_n(y0)} {_n(x1 - x0)} {_n(y1 - y0)}" '
        f'width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" font-family="sans-serif">',
        "<title>Floor plan layout</title>",
        f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" '
        'fill="#ffffff"/>',
        '<g id="rooms" stroke="none">',
    ]
    for room in rooms:
        finish = finishes.get(room.id)
        fill = _FLOOR_FILL.get(finish.flooring, "#eeeeee") if finish else "#f2f2f2"
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in room.polygon)
        out.append(f'<polygon points="{points}" fill="{fill}"/>')
    out.append("</g>")

    # With studs to show, walls go light grey so the ticks read against them.
    wall_colour = "#333333" if layout is None else "#b0b0b0"
    out.append(f'<g id="walls" stroke="{wall_colour}" stroke-linecap="square">')
    for wall in walls:
        out.append(
            f'<line x1="{_n(wall.x1)}" y1="{_n(wall.y1)}" x2="{_n(wall.x2)}" y2="{_n(wall.y2)}" '
            f'stroke-width="{_n(max(wall.thickness, 0.5))}"/>'
        )
    out.append("</g>")

    by_id = {wall.id: wall for wall in walls}
    out.append('<g id="openings">')
    for opening in openings:
        wall = by_id.get(str(opening["wall_id"]))
        if wall is None or wall.length == 0:
            continue
        out += _opening_marks(wall, opening)
    out.append("</g>")

    if layout is not None:
        stud_width = LUMBER[layout.unit_system].thickness_m / layout.metres_per_point
        out.append(f'<g id="studs" stroke-width="{_n(max(stud_width, 0.6))}">')
        for wall_layout in layout.walls:
            wall = by_id.get(wall_layout.wall_id)
            if wall is None:
                continue
            for stud in wall_layout.studs:
                s = stud.position_m / layout.metres_per_point
                ax, ay = wall.point_at(s, wall.thickness / 2)
                bx, by = wall.point_at(s, -wall.thickness / 2)
                colour = _STUD_COLOUR.get(stud.kind, "#000000")
                out.append(
                    f'<line class={xml_attr("stud " + stud.kind)} x1="{_n(ax)}" y1="{_n(ay)}" '
                    f'x2="{_n(bx)}" y2="{_n(by)}" stroke="{colour}"/>'
                )
        out.append("</g>")

    out.append('<g id="labels" text-anchor="middle" fill="#222222" font-size="9">')
    for room in rooms:
        cx, cy = _centroid(room)
        lines = [room.label or room.id]
        if mpp:
            lines.append(_area_text(room.area * mpp * mpp, unit_system))
        for index, text in enumerate(lines):
            dy = (index - (len(lines) - 1) / 2) * 11
            out.append(f'<text x="{_n(cx)}" y="{_n(cy + dy + 3)}">{xml_text(text)}</text>')
    out.append("</g>")
    if legend:
        out += ['<g id="legend" font-size="8" fill="#222222">', *legend, "</g>"]
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend_columns(width: float) -> int:
    return max(1, int((width - 8) // _LEGEND_ENTRY))


def _legend_height(entries: int, width: float) -> float:
    rows = -(-entries // _legend_columns(width))  # ceiling division
    return rows * _LEGEND_ROW + 8


def _legend(layout: Layout, x0: float, top: float, width: float) -> list[str]:
    """One entry per colour the drawing uses: stud kinds, floor finishes, door, window."""
    kinds = {stud.kind for wall in layout.walls for stud in wall.studs}
    floors = {room.flooring for room in layout.rooms}
    entries = [
        (f"{kind} stud", _STUD_COLOUR[kind], "tick") for kind in _STUD_COLOUR if kind in kinds
    ]
    entries += [
        (f"{floor} floor", fill, "swatch") for floor, fill in _FLOOR_FILL.items() if floor in floors
    ]
    entries += [("door", _DOOR_COLOUR, "dash"), ("window", _WINDOW_COLOUR, "tick")]
    columns = _legend_columns(width)
    marks = []
    for index, (name, colour, shape) in enumerate(entries):
        row, column = divmod(index, columns)
        x, y = x0 + 4 + column * _LEGEND_ENTRY, top + 4 + row * _LEGEND_ROW
        if shape == "swatch":
            mark = f'<rect x="{_n(x)}" y="{_n(y + 2)}" width="10" height="8" fill="{colour}"/>'
        else:
            dash = ' stroke-dasharray="3 2"' if shape == "dash" else ""
            mark = (f'<line x1="{_n(x)}" y1="{_n(y + 6)}" x2="{_n(x + 10)}" y2="{_n(y + 6)}" '
                    f'stroke="{colour}" stroke-width="2"{dash}/>')  # fmt: skip
        marks += [mark, f'<text x="{_n(x + 14)}" y="{_n(y + 9)}">{escape(name)}</text>']
    return marks


def _opening_marks(wall: Wall, opening: dict[str, Any]) -> list[str]:
    s = wall.project(float(opening["x"]), float(opening["y"]))
    half = float(opening["width_pts"]) / 2
    ax, ay = wall.point_at(s - half)
    bx, by = wall.point_at(s + half)
    gap = (
        f'<line x1="{_n(ax)}" y1="{_n(ay)}" x2="{_n(bx)}" y2="{_n(by)}" stroke="#ffffff" '
        f'stroke-width="{_n(wall.thickness + 1)}"/>'
    )
    if opening.get("kind") == "window":
        marks = []
        for offset in (wall.thickness / 4, -wall.thickness / 4):
            px, py = wall.point_at(s - half, offset)
            qx, qy = wall.point_at(s + half, offset)
            marks.append(
                f'<line x1="{_n(px)}" y1="{_n(py)}" x2="{_n(qx)}" y2="{_n(qy)}" '
                f'stroke="{_WINDOW_COLOUR}" stroke-width="0.8"/>'
            )
        return [gap, *marks]
    return [
        gap,
        f'<line x1="{_n(ax)}" y1="{_n(ay)}" x2="{_n(bx)}" y2="{_n(by)}" stroke="{_DOOR_COLOUR}" '
        'stroke-width="1" stroke-dasharray="3 2"/>',
    ]


def _bounds(
    graph: dict[str, Any], walls: list[Wall], rooms: list[Room]
) -> tuple[float, float, float, float]:
    page = graph.get("page") or {}
    if page.get("width") and page.get("height"):
        return 0.0, 0.0, float(page["width"]), float(page["height"])
    xs = [c for w in walls for c in (w.x1, w.x2)] + [x for r in rooms for x, _ in r.polygon]
    ys = [c for w in walls for c in (w.y1, w.y2)] + [y for r in rooms for _, y in r.polygon]
    if not xs:
        return 0.0, 0.0, 100.0, 100.0
    return min(xs) - _MARGIN, min(ys) - _MARGIN, max(xs) + _MARGIN, max(ys) + _MARGIN


def _centroid(room: Room) -> tuple[float, float]:
    cx = cy = signed = 0.0  # signed = twice the polygon's signed area (shoelace)
    pts = room.polygon
    for (xa, ya), (xb, yb) in zip(pts, (*pts[1:], pts[0]), strict=True):
        cross = xa * yb - xb * ya
        signed += cross
        cx += (xa + xb) * cross
        cy += (ya + yb) * cross
    if signed == 0:  # degenerate outline: label the middle of its box
        minx, miny, maxx, maxy = room.bbox
        return (minx + maxx) / 2, (miny + maxy) / 2
    return cx / (3 * signed), cy / (3 * signed)


def _area_text(area_m2: float, unit_system: str | None) -> str:
    if unit_system == "imperial":
        return f"{area_from_m2(area_m2, 'ft2'):.0f} ft²"
    if unit_system == "metric":
        return f"{area_m2:.1f} m²"
    return f"{area_m2:.1f} m² / {area_from_m2(area_m2, 'ft2'):.0f} ft²"


# Characters XML 1.0 forbids anywhere, even escaped: C0 controls except tab/LF/CR,
# surrogates and U+FFFE/U+FFFF. Text lifted from a PDF can hold any of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Element text that keeps the SVG well-formed whatever the PDF's label held."""
    return escape(_NOT_XML.sub("", value))


def xml_attr(value: str) -> str:
    """A quoted attribute value (quotes included), safe for the same reason."""
    return quoteattr(_NOT_XML.sub("", value))


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
