"""Sample plans: a tiny room, a house, an apartment and an office, at different scales."""

from __future__ import annotations

from functools import cache

from floorplans.samples.plan import Opening, Plan, Wall, build_plan, centred_origin
from floorplans.samples.title_block import ARCH_C, TABLOID, drawing_area

RSQ = "\u2019"  # right single quotation mark, as word processors "smarten" 1'-0"


def _ring(width: float, depth: float, thickness: float) -> list[Wall]:
    """Exterior walls clockwise from the top-left: wall 0 top, 1 right, 2 bottom, 3 left."""
    corners = [(0.0, 0.0), (width, 0.0), (width, depth), (0.0, depth)]
    return [
        Wall(*a, *b, thickness, exterior=True)
        for a, b in zip(corners, corners[1:] + corners[:1], strict=True)
    ]


def _plan(
    name: str, walls: list[Wall], openings: list[Opening], labels: dict, **sheet: object
) -> Plan:
    page_size = sheet.pop("page_size")
    ratio = sheet.pop("scale_ratio")
    origin = centred_origin(walls, ratio, drawing_area(page_size))  # type: ignore[arg-type]
    return build_plan(
        name=name,
        walls=walls,
        openings=openings,
        labels=labels,
        page_size=page_size,
        scale_ratio=ratio,
        origin=origin,
        **sheet,
    )


def tiny_room() -> Plan:
    walls = _ring(4.0, 3.0, 0.2)
    openings = [Opening("door", 2, 1.0, 0.9, swing=1), Opening("window", 0, 2.0, 1.2)]
    return _plan(
        "Tiny room",
        walls,
        openings,
        {"ROOM": (2.0, 1.5)},
        page_size=TABLOID,
        scale_ratio=1 / 48,
        scale_text='SCALE: 1/4" = 1\'-0"',
    )


def small_house() -> Plan:
    ext, part = 0.25, 0.12
    walls = [
        *_ring(12.0, 9.0, ext),
        Wall(5.0, 0.0, 5.0, 9.0, part),  # 4: crosses wall 5, an X junction
        Wall(0.0, 5.5, 12.0, 5.5, part),  # 5
        Wall(5.0, 4.0, 12.0, 4.0, part),  # 6
        Wall(8.5, 0.0, 8.5, 4.0, part),  # 7
        Wall(8.0, 5.5, 8.0, 9.0, part),  # 8
    ]
    openings = [
        Opening("door", 1, 4.75, 0.9, swing=1),  # front door into the hall
        Opening("door", 4, 2.0, 0.9, swing=1),
        Opening("door", 4, 4.75, 0.8, hinge="end", swing=1),
        Opening("door", 6, 2.0, 0.8, swing=-1),
        Opening("door", 6, 5.0, 0.8, hinge="end", swing=-1),
        Opening("door", 5, 2.5, 0.8, swing=1),
        Opening("door", 5, 6.5, 0.75, hinge="end", swing=1),
        Opening("door", 5, 10.0, 0.8, swing=1),
        Opening("window", 0, 2.5, 1.8),
        Opening("window", 0, 6.75, 1.2),
        Opening("window", 0, 10.25, 1.5),
        Opening("window", 3, 1.75, 1.2),
        Opening("window", 3, 6.25, 1.5),
        Opening("window", 2, 2.0, 1.5),
        Opening("window", 2, 5.5, 0.6),
        Opening("window", 2, 9.5, 1.2),
        Opening("window", 1, 7.25, 1.2),
        Opening("window", 1, 2.0, 1.2),
    ]
    labels = {
        "LIVING ROOM": (2.5, 2.75),
        "BEDROOM 2": (2.5, 7.25),
        "KITCHEN": (6.75, 2.0),
        "BEDROOM 1": (10.25, 2.0),
        "HALL": (8.5, 4.75),
        "BATH": (6.5, 7.25),
        "BEDROOM 3": (10.0, 7.25),
    }
    return _plan(
        "Maple Street house",
        walls,
        openings,
        labels,
        page_size=ARCH_C,
        scale_ratio=1 / 48,
        scale_text=f'SCALE: 1/4" = 1{RSQ}-0"',
        tile_pitch=ext,  # tile lines as far apart as the wall faces: a classic false positive
    )


def apartment() -> Plan:
    ext, part = 0.3, 0.1
    walls = [
        *_ring(10.0, 8.0, ext),
        Wall(6.0, 0.0, 6.0, 8.0, part),  # 4
        Wall(6.0, 3.5, 10.0, 3.5, part),  # 5
        Wall(0.0, 5.0, 6.0, 5.0, part),  # 6
        Wall(8.0, 3.5, 8.0, 8.0, part),  # 7
        Wall(3.0, 5.0, 3.0, 8.0, part),  # 8
    ]
    openings = [
        Opening("door", 2, 3.0, 0.9, swing=1),  # entrance
        Opening("door", 4, 4.25, 0.8, swing=1),
        Opening("door", 4, 6.5, 0.8, hinge="end", swing=1),
        Opening("door", 5, 1.0, 0.8, swing=-1),
        Opening("door", 7, 2.5, 0.8, swing=-1),
        Opening("door", 6, 1.5, 0.9, swing=1),
        Opening("window", 0, 1.8, 1.8),
        Opening("window", 0, 4.2, 1.2),
        Opening("window", 0, 8.0, 1.5),
        Opening("window", 3, 5.5, 1.5),
        Opening("window", 3, 1.5, 1.0),
        Opening("window", 1, 6.0, 0.6),
        Opening("window", 1, 1.75, 1.2),
        Opening("window", 2, 5.5, 1.2),
        Opening("window", 2, 8.5, 1.0),
    ]
    labels = {
        "LIVING / DINING": (3.0, 2.5),
        "BEDROOM 1": (8.0, 1.75),
        "ENTRY": (7.0, 5.75),
        "BATH": (9.0, 5.75),
        "KITCHEN": (1.5, 6.5),
        "BEDROOM 2": (4.5, 6.5),
    }
    return _plan(
        "Harbour View apartment 4B",
        walls,
        openings,
        labels,
        page_size=ARCH_C,
        scale_ratio=1 / 50,
        scale_text="SCALE 1:50",
        metric=True,
        scale_note_per_char=True,
        tile_pitch=ext,
    )


def office() -> Plan:
    ext, part = 0.3, 0.1
    walls = [
        *_ring(24.0, 15.0, ext),
        Wall(0.0, 5.0, 24.0, 5.0, part),  # 4: corridor, north side
        Wall(0.0, 7.0, 24.0, 7.0, part),  # 5: corridor, south side
        Wall(6.0, 0.0, 6.0, 5.0, part),
        Wall(12.0, 0.0, 12.0, 5.0, part),
        Wall(18.0, 0.0, 18.0, 5.0, part),
        Wall(16.5, 0.0, 18.0, 1.5, part),  # 9: a 45 degree wall closing off an AV closet
        Wall(16.0, 7.0, 16.0, 15.0, part),  # 10
        Wall(16.0, 11.0, 24.0, 11.0, part),
        Wall(20.0, 7.0, 20.0, 11.0, part),
    ]
    openings = [
        *(Opening("door", 4, x, 0.9, swing=-1) for x in (4.5, 10.5, 13.5, 19.5)),
        Opening("door", 5, 3.0, 1.0, swing=1),
        Opening("door", 5, 12.0, 1.0, hinge="end", swing=1),
        Opening("door", 5, 18.0, 0.9, swing=1),
        Opening("door", 5, 22.0, 0.9, swing=1),
        Opening("door", 10, 6.0, 0.9, swing=1),
        Opening("door", 3, 9.0, 1.0, swing=1),
        Opening("door", 1, 6.0, 1.0, hinge="end", swing=1),
        *(Opening("window", 0, x, 2.0) for x in (3.0, 9.0, 14.5, 21.0)),
        *(Opening("window", 2, x, 1.8) for x in (10.0, 14.0, 18.0, 22.0)),
        Opening("window", 2, 4.0, 1.2),
        Opening("window", 1, 2.5, 1.5),
        Opening("window", 1, 9.0, 1.2),
        Opening("window", 1, 13.0, 1.2),
        Opening("window", 3, 4.0, 2.0),
        Opening("window", 3, 12.5, 1.5),
    ]
    labels = {
        "OFFICE 1": (3.0, 2.5),
        "OFFICE 2": (9.0, 2.5),
        "MEETING": (14.0, 2.5),
        "AV": (17.6, 0.5),
        "RECEPTION": (21.0, 2.5),
        "CORRIDOR": (10.0, 6.0),
        "OPEN OFFICE": (8.0, 11.0),
        "WC": (18.0, 9.0),
        "KITCHENETTE": (22.0, 9.0),
        "STORE": (20.0, 13.0),
    }
    return _plan(
        "Quayside offices level 2",
        walls,
        openings,
        labels,
        page_size=TABLOID,
        scale_ratio=1 / 100,
        scale_text="SCALE 1 : 100",
        metric=True,
        tile_pitch=ext,
    )


@cache
def _built_plans() -> tuple[Plan, ...]:
    # Plans are frozen, so building them once per process is safe and saves the shapely work.
    return (tiny_room(), small_house(), apartment(), office())


def sample_plans() -> list[Plan]:
    """Every sample plan, smallest first."""
    return list(_built_plans())


def demo_plan() -> Plan:
    """The plan the running service shows as its sample: the house at 1/4" = 1'-0"."""
    return sample_plans()[1]
