"""Furniture symbols by room type: rectangles and circles a wall detector must ignore."""

from __future__ import annotations

from collections.abc import Callable

from shapely.geometry import Polygon, box

from floorplans.samples.pdf_pen import Pen
from floorplans.samples.plan import Plan, Room

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in plan metres
_INSET = 0.15  # keep furniture clear of the wall faces so it never touches wall linework


class _Sketch:
    """Draws rectangles and circles in plan metres, relative to a room's free corner."""

    def __init__(self, pen: Pen, plan: Plan, region: Box) -> None:
        self.pen, self.plan, self.region = pen, plan, region
        self.x0, self.y0 = region[0], region[1]

    def _fits(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        # A symbol that would touch a wall face is skipped rather than squeezed.
        rx0, ry0, rx1, ry1 = self.region
        return (
            self.x0 + x0 >= rx0
            and self.y0 + y0 >= ry0
            and self.x0 + x1 <= rx1
            and self.y0 + y1 <= ry1
        )

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        if not self._fits(x, y, x + w, y + h):
            return
        (a, b), (c, d) = (
            self.plan.to_page(self.x0 + x, self.y0 + y),
            self.plan.to_page(self.x0 + x + w, self.y0 + y + h),
        )
        self.pen.rect(a, b, c, d, width=0.35)

    def circle(self, x: float, y: float, r: float, ry: float | None = None) -> None:
        if not self._fits(x - r, y - (ry or r), x + r, y + (ry or r)):
            return
        k = 1 / self.plan.metres_per_point
        centre = self.plan.to_page(self.x0 + x, self.y0 + y)
        self.pen.ellipse(centre, r * k, (ry or r) * k, width=0.35)


def _bedroom(s: _Sketch, w: float, h: float) -> None:
    bed_w = 1.6 if w > 3.6 else 1.0
    s.rect(0.6, 0.0, bed_w, 2.0)
    s.rect(0.7, 0.1, bed_w / 2 - 0.15, 0.45)  # pillows
    s.rect(0.6 + bed_w / 2 + 0.05, 0.1, bed_w / 2 - 0.15, 0.45)
    s.rect(0.6, 0.7, bed_w, 0.05)  # folded duvet edge
    s.rect(0.0, 0.0, 0.45, 0.45)  # night stand
    s.circle(0.225, 0.225, 0.12)
    s.rect(w - 0.6, h - 1.8, 0.6, 1.8)  # wardrobe


def _living(s: _Sketch, w: float, h: float) -> None:
    s.rect(0.3, h - 0.9, 2.2, 0.9)  # sofa
    s.rect(0.3, h - 0.9, 0.2, 0.9)
    s.rect(2.3, h - 0.9, 0.2, 0.9)
    s.rect(0.8, h - 2.2, 1.2, 0.6)  # coffee table
    s.circle(2.0, 0.8, 0.45)  # round rug / side table
    s.rect(w - 0.5, 0.4, 0.45, 1.6)  # media unit


def _kitchen(s: _Sketch, w: float, h: float) -> None:
    s.rect(0.0, 0.0, w, 0.6)  # counter run
    s.rect(0.5, 0.1, 0.8, 0.45)  # sink
    s.circle(0.9, 0.32, 0.15)
    for dx in (0.0, 0.3):
        for dy in (0.0, 0.25):
            s.circle(1.9 + dx, 0.18 + dy, 0.09)  # hob burners
    if h > 2.4:
        s.circle(w / 2, h / 2 + 0.4, 0.5)  # table
        for dx, dy in ((-0.75, 0.0), (0.75, 0.0), (0.0, -0.75), (0.0, 0.75)):
            s.circle(w / 2 + dx, h / 2 + 0.4 + dy, 0.2)


def _bath(s: _Sketch, w: float, h: float) -> None:
    s.rect(0.0, 0.0, 0.75, 1.7)  # tub
    s.circle(0.375, 0.85, 0.28, 0.7)
    s.circle(w - 0.35, 0.35, 0.22, 0.3)  # toilet bowl
    s.rect(w - 0.6, 0.0, 0.5, 0.18)
    s.circle(w - 0.35, h - 0.4, 0.25)  # basin


def _desks(s: _Sketch, w: float, h: float) -> None:
    cols, rows = max(1, int(w // 2.2)), max(1, int(h // 2.4))
    for i in range(cols):
        for j in range(rows):
            s.rect(0.2 + i * 2.2, 0.2 + j * 2.4, 1.6, 0.8)
            s.circle(1.0 + i * 2.2, 1.35 + j * 2.4, 0.28)


def _meeting(s: _Sketch, w: float, h: float) -> None:
    s.rect(w / 2 - 1.2, h / 2 - 0.6, 2.4, 1.2)
    for dx in (-0.8, 0.0, 0.8):
        s.circle(w / 2 + dx, h / 2 - 0.95, 0.25)
        s.circle(w / 2 + dx, h / 2 + 0.95, 0.25)


_BY_LABEL: list[tuple[str, Callable[[_Sketch, float, float], None]]] = [
    ("BEDROOM", _bedroom),
    ("LIVING", _living),
    ("KITCHEN", _kitchen),
    ("BATH", _bath),
    ("WC", _bath),
    ("OFFICE", _desks),
    ("OPEN OFFICE", _desks),
    ("MEETING", _meeting),
    ("RECEPTION", _meeting),
]


def _free_box(poly: Polygon) -> Box | None:
    """The room's bounding box pulled in from the faces, if that box fits inside the room."""
    minx, miny, maxx, maxy = poly.bounds
    inner = (minx + _INSET + 0.15, miny + _INSET, maxx - _INSET - 0.15, maxy - _INSET - 0.15)
    if inner[2] - inner[0] < 1.5 or inner[3] - inner[1] < 1.5:
        return None
    while not box(*inner).within(poly):
        # A room with a cut corner: pull the right side in until the box clears the cut.
        inner = (inner[0], inner[1], inner[2] - 0.25, inner[3])
        if inner[2] - inner[0] < 1.5:
            return None
    return inner


def draw_furniture(pen: Pen, plan: Plan, room: Room) -> None:
    region = _free_box(Polygon(room.polygon))
    if region is None:
        return
    for prefix, draw in _BY_LABEL:
        if room.label.startswith(prefix):
            x0, y0, x1, y1 = region
            draw(_Sketch(pen, plan, region), x1 - x0, y1 - y0)
            return
