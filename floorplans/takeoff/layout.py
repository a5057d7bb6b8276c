"""build_layout: SpatialGraph + options -> framing, cutting lists, drywall and room finishes.

Which side of a wall faces what decides boarding, and openings' rooms decide baseboard and
paint deductions. A side faces the room containing a point just beyond the wall's face
(tested at a quarter, half and three quarters of its length, so a wall meeting other walls
or spanning two rooms is still seen). Without any rooms in the graph, the fallback is the
convex hull of the walls: a side facing out of the hull is exterior, every other side is
boarded. Exact for rectangular footprints; L-shaped ones over-board the re-entrant walls.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .cutting import CuttingPlan, cut_pieces, split_run
from .drywall import DrywallFace, DrywallTakeoff, FaceOpening, lay_face
from .errors import OptionError
from .finishes import RoomFinish
from .framing import FramedOpening, OpeningSpec, Stud, WallFraming, frame_wall
from .junctions import FREE, find_junctions
from .options import GeneratorOptions, options_to_dict, parse_options
from .plan import Opening, Plan, Room, Wall, convex_hull, point_in_polygon, read_plan
from .units import from_metres

SIDES = ("left", "right")
_SAMPLE_FRACTIONS = (0.5, 0.25, 0.75)


@dataclass(frozen=True)
class WallLayout:
    wall_id: str
    length_m: float
    thickness_m: float
    end_kinds: tuple[str, str]  # junction kind at the start and end (junctions.py)
    side_rooms: tuple[str | None, str | None]  # room id on the left / right side
    boarded_sides: tuple[str, ...]
    studs: tuple[Stud, ...]
    openings: tuple[FramedOpening, ...]
    plate_courses: int  # bottom + top plates

    @property
    def is_exterior(self) -> bool:
        return len(self.boarded_sides) < 2


@dataclass(frozen=True)
class Layout:
    unit_system: str
    metres_per_point: float
    wall_height_m: float
    walls: tuple[WallLayout, ...]
    rooms: tuple[RoomFinish, ...]
    drywall: DrywallTakeoff
    stud_cuts: CuttingPlan  # studs, jacks, cripples from stud stock
    plate_cuts: CuttingPlan  # plates and sills from plate stock
    header_cuts: CuttingPlan  # header plies from header stock (same length as plate stock)
    warnings: tuple[str, ...]

    def stud_counts(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for wall in self.walls:
            counts.update(stud.kind for stud in wall.studs)
        return dict(counts)

    @property
    def opening_count(self) -> int:
        return sum(len(wall.openings) for wall in self.walls)


def build_layout(graph: dict[str, Any], options: GeneratorOptions) -> Layout:
    plan = read_plan(graph)
    mpp = plan.metres_per_point
    warnings: list[str] = []
    walls_by_id = {wall.id: wall for wall in plan.walls}
    openings_by_wall: dict[str, list[Opening]] = defaultdict(list)
    for opening in plan.openings:
        if opening.wall_id in walls_by_id:
            openings_by_wall[opening.wall_id].append(opening)
        else:
            warnings.append(f"opening {opening.id} is on unknown wall {opening.wall_id}; ignored")

    usable_walls = [wall for wall in plan.walls if wall.length > 0]
    warnings += [f"wall {w.id} has zero length; ignored" for w in plan.walls if w.length <= 0]
    junctions = find_junctions(usable_walls)
    side_rooms = _classify_sides(plan, usable_walls)
    opening_rooms = {
        opening.id: _opening_rooms(plan, walls_by_id[opening.wall_id], opening)
        for wall_openings in openings_by_wall.values()
        for opening in wall_openings
    }

    sheet_w, sheet_l = options.sheet_size_m
    wall_layouts: list[WallLayout] = []
    faces: list[DrywallFace] = []
    for wall in usable_walls:
        length_m = wall.length * mpp
        wall_options = _wall_options(wall, options)
        height = wall_options.wall_height_m
        specs = [
            OpeningSpec(o.id, o.kind, _along(wall, o) * mpp, o.width * mpp)
            for o in openings_by_wall.get(wall.id, [])
        ]
        framing: WallFraming = frame_wall(
            length_m,
            specs,
            wall_options,
            corner_backer_ends=junctions.corner_backers.get(wall.id, []),
            channel_positions_m=[s * mpp for s in junctions.channels.get(wall.id, [])],
            shared_ends=junctions.shared_ends.get(wall.id, []),
        )
        rooms = side_rooms[wall.id]
        boarded = _boarded_sides(wall, rooms)
        if plan.rooms and not any(room for room in rooms if room != _OUTSIDE):
            warnings.append(f"wall {wall.id} faces no detected room; not boarded or painted")
        face_openings = [
            FaceOpening(o.centre_m - o.width_m / 2, o.centre_m + o.width_m / 2, o.bottom_m, o.top_m)
            for o in framing.openings
        ]
        openings_area = sum(fo.area_m2 for fo in face_openings)
        if boarded:  # both faces of a wall are the same size: lay its sheets once
            sheets, orientation = lay_face(length_m, height, face_openings, sheet_w, sheet_l)
        for side, room in zip(SIDES, rooms, strict=True):
            if side not in boarded:
                continue
            room_id = _room_or_none(room)
            faces.append(
                DrywallFace(
                    wall.id, side, room_id, length_m, height, openings_area, sheets, orientation
                )
            )
        wall_layouts.append(
            WallLayout(
                wall_id=wall.id,
                length_m=length_m,
                thickness_m=wall.thickness * mpp,
                end_kinds=(
                    junctions.end_kinds.get((wall.id, 0), FREE),
                    junctions.end_kinds.get((wall.id, 1), FREE),
                ),
                side_rooms=(_room_or_none(rooms[0]), _room_or_none(rooms[1])),
                boarded_sides=boarded,
                studs=framing.studs,
                openings=framing.openings,
                plate_courses=1 + options.top_plate_count,
            )
        )

    room_finishes = tuple(_room_finish(room, plan, opening_rooms, options) for room in plan.rooms)
    drywall = DrywallTakeoff(
        method=options.drywall_method,
        sheet_width_m=sheet_w,
        sheet_length_m=sheet_l,
        faces=tuple(faces),
        ceiling_area_m2=sum(room.ceiling_area_m2 for room in room_finishes),
    )
    stud_cuts, plate_cuts, header_cuts = _cutting_lists(wall_layouts, options)
    return Layout(
        unit_system=options.unit_system,
        metres_per_point=mpp,
        wall_height_m=options.wall_height_m,
        walls=tuple(wall_layouts),
        rooms=room_finishes,
        drywall=drywall,
        stud_cuts=stud_cuts,
        plate_cuts=plate_cuts,
        header_cuts=header_cuts,
        warnings=tuple(warnings),
    )


def _wall_options(wall: Wall, options: GeneratorOptions) -> GeneratorOptions:
    """The options with a corrected wall's own height, validated as the options are (its
    studs must fit the stock, its doors and windows under its plates)."""
    if wall.height_m is None:
        return options
    height = from_metres(wall.height_m, options.length_unit)
    try:
        return parse_options({**options_to_dict(options), "wall_height": height})
    except OptionError as exc:
        message = f"wall {wall.id} is {wall.height_m:g} m high: {exc.message}"
        raise OptionError(exc.field, message) from exc


def _boarded_sides(wall: Wall, rooms: tuple[str, str]) -> tuple[str, ...]:
    if wall.exterior is False:  # corrected to interior: both faces, whatever faces them
        return SIDES
    boarded = tuple(side for side, room in zip(SIDES, rooms, strict=True) if room != _OUTSIDE)
    # Corrected to exterior: the outer face is sheathing, not drywall; board the room side.
    return boarded[:1] if wall.exterior else boarded


def _along(wall: Wall, opening: Opening) -> float:
    """Opening centre along its wall (points), kept on the wall if drawn slightly past it."""
    return min(max(wall.project(opening.x, opening.y), 0.0), wall.length)


def _cutting_lists(
    walls: Sequence[WallLayout], options: GeneratorOptions
) -> tuple[CuttingPlan, CuttingPlan, CuttingPlan]:
    kerf = options.lumber.kerf_m
    plate_stock = options.plate_stock_m
    stud_pieces = [stud.length_m for wall in walls for stud in wall.studs]
    plate_pieces: list[float] = []
    header_pieces: list[float] = []
    for wall in walls:
        for _ in range(wall.plate_courses):
            plate_pieces += split_run(wall.length_m, plate_stock)
        for opening in wall.openings:
            plate_pieces += split_run(opening.sill_length_m, plate_stock)
            for _ in range(opening.header_plies):
                header_pieces += split_run(opening.header_length_m, plate_stock)
    return (
        cut_pieces(stud_pieces, options.stud_stock_m, kerf),
        cut_pieces(plate_pieces, plate_stock, kerf),
        cut_pieces(header_pieces, plate_stock, kerf),
    )


# Side classification results besides a room id.
_OUTSIDE = "\x00outside"
_UNKNOWN = "\x00unknown"  # no rooms in the graph and inside the hull: boarded, no room


def _room_or_none(value: str) -> str | None:
    return None if value in (_OUTSIDE, _UNKNOWN) else value


def _face_offset(wall: Wall) -> float:
    # Just beyond the face: half the thickness, plus a margin for polygon/face mismatch.
    return wall.thickness / 2 + max(1.0, wall.thickness / 2)


def _classify_sides(plan: Plan, walls: Sequence[Wall]) -> dict[str, tuple[str, str]]:
    result: dict[str, tuple[str, str]] = {}
    if not plan.rooms:
        hull = convex_hull([(w.x1, w.y1) for w in walls] + [(w.x2, w.y2) for w in walls])
        for wall in walls:
            sides = []
            for sign in (1, -1):
                x, y = wall.point_at(wall.length / 2, sign * _face_offset(wall))
                inside = len(hull) >= 3 and point_in_polygon(x, y, hull)
                sides.append(_UNKNOWN if inside else _OUTSIDE)
            result[wall.id] = (sides[0], sides[1])
        return result
    for wall in walls:
        sides = []
        for sign in (1, -1):
            found = _OUTSIDE
            for fraction in _SAMPLE_FRACTIONS:
                x, y = wall.point_at(wall.length * fraction, sign * _face_offset(wall))
                room = plan.room_at(x, y)
                if room is not None:
                    found = room.id
                    break
            sides.append(found)
        result[wall.id] = (sides[0], sides[1])
    return result


def _opening_rooms(plan: Plan, wall: Wall, opening: Opening) -> set[str]:
    s = wall.project(opening.x, opening.y)
    rooms = set()
    for sign in (1, -1):
        x, y = wall.point_at(s, sign * _face_offset(wall))
        room = plan.room_at(x, y)
        if room is not None:
            rooms.add(room.id)
    return rooms


def _room_finish(
    room: Room, plan: Plan, opening_rooms: dict[str, set[str]], options: GeneratorOptions
) -> RoomFinish:
    mpp = plan.metres_per_point
    door_width = 0.0
    openings_area = 0.0
    for opening in plan.openings:
        if room.id not in opening_rooms.get(opening.id, ()):
            continue
        width = opening.width * mpp
        if opening.kind == "window":
            openings_area += width * options.window_height_m
        else:
            door_width += width
            openings_area += width * options.door_height_m
    perimeter = room.perimeter * mpp
    return RoomFinish(
        room_id=room.id,
        label=room.label,
        flooring=room.flooring or options.flooring_for(room.label, room.kind),
        floor_area_m2=room.area * mpp * mpp,
        perimeter_m=perimeter,
        door_width_m=door_width,
        wall_area_m2=perimeter * options.wall_height_m,
        openings_area_m2=openings_area,
        coats=options.paint_coats,
        ceiling=options.ceilings if room.ceiling is None else room.ceiling,
        walls_painted=room.paint_walls,
    )
