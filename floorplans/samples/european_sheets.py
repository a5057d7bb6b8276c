"""Metric plans as European CAD programs print them (ArchiCAD, Allplan, Vectorworks, Revit
or AutoCAD in metric), for the tests of the conventions such sheets use (issue 10).

A German-style flat with 24 cm outer walls and 11.5 cm partitions, dimensioned in a
chosen metric unit (`Plan.metric_unit`), stamped with whatever lines a test gives, and
optionally with other viewports (a detail, a site plan) each printing its own scale note.
"""

from __future__ import annotations

from collections.abc import Callable

from shapely.geometry import Polygon

from floorplans.samples.catalog import _plan, _ring
from floorplans.samples.pdf_pen import Pen
from floorplans.samples.plan import Opening, Plan, Wall
from floorplans.samples.stamped_sheets import Stamp, _metric_sheet
from floorplans.samples.title_block import ARCH_C

# Where the rooms of `european_flat` are named (plan metres), the names as a German
# sheet prints them; tests give their own names in other languages.
ROOMS = {
    "Wohnen/Essen": (2.75, 2.0),
    "Küche": (7.25, 2.0),
    "Schlafen": (1.5, 5.5),
    "Flur": (4.3, 5.5),
    "Bad": (7.25, 5.5),
}


def european_flat(
    *,
    unit: str = "m,",
    scale_ratio: float = 1 / 100,
    scale_text: str = "M 1:100",
    names: dict[str, str] | None = None,
) -> Plan:
    """9 x 7 m (centrelines) in five rooms. The flat's partition between the bedroom and
    the hall stands 3.115 m from the left wall, so the chain prints a half centimetre
    (3,23⁵) where the unit has one. `names` renames the rooms of ROOMS."""
    walls = [
        *_ring(9.0, 7.0, 0.24),
        Wall(5.5, 0.0, 5.5, 7.0, 0.115),
        Wall(0.0, 4.0, 9.0, 4.0, 0.115),
        Wall(3.115, 4.0, 3.115, 7.0, 0.115),
    ]
    openings = [Opening("door", 2, 4.3, 1.0), Opening("door", 4, 2.0, 0.9)]
    labels = {(names or {}).get(name, name): at for name, at in ROOMS.items()}
    return _metric_sheet(
        "Wohnung",
        walls,
        openings,
        labels,
        scale_ratio=scale_ratio,
        scale_text=scale_text,
        metric_unit=unit,
        sheet_title="GRUNDRISS EG",
    )


def hall() -> Plan:
    """One 36 x 30 m hall: a room whose area needs a thousands mark (1.060,29 m²)."""
    return _plan(
        "Halle",
        _ring(36.0, 30.0, 0.3),
        [],
        {"Halle": (18.0, 15.0)},
        page_size=ARCH_C,
        scale_ratio=1 / 100,
        scale_text="M 1:100",
        metric=True,
        metric_unit="m,",
    )


def stamps_printing(plan: Plan, lines: Callable[[float], tuple[str, ...]]) -> list[Stamp]:
    """A stamp in every room: its name and, under it, `lines(net area in m²)`."""
    return [
        (room.label, Polygon(room.polygon).representative_point().coords[0],
         lines(Polygon(room.polygon).area))
        for room in plan.rooms
    ]  # fmt: skip


def comma(value: float) -> str:
    """12,45: a two-decimal number as continental sheets print it."""
    return f"{value:.2f}".replace(".", ",")


def detail_viewport(top_left: tuple[float, float], note: str) -> Callable[[Pen], None]:
    """A small viewport (a wall section: two faces and an insulation hatch) with its
    title and scale note under it, as each viewport on a sheet carries its own."""
    x, y = top_left

    def draw(pen: Pen) -> None:
        pen.rect(x, y, x + 110, y + 60, 0.5)
        pen.rect(x + 40, y, x + 70, y + 60, 0.35)
        for k in range(6):
            pen.line((x + 40, y + 10 * k), (x + 70, y + 10 * k + 10), 0.18)
        pen.text((x, y + 78), note, 9)

    return draw
