"""Stud layout of one wall: positions along its centreline, in metres from its start.

Rules, as a framer lays out a plate:

* End studs sit flush with each end (centres at t/2 and L - t/2, t = stud thickness).
* Common studs sit at k x spacing from the wall's start (k = 1, 2, ...), so sheet edges land
  on stud centres; one closer than a stud thickness to another stud (centres < 2t apart) is
  dropped: the neighbour carries the sheet edge and a sliver gap cannot be nailed.
* Each opening gets a jack (trimmer) and a king stud on both sides and a two-ply header of
  opening width + 2 jack thicknesses on the jacks. Common studs between the kings are dropped;
  those inside the rough opening come back as cripples above the header (when the gap to the
  top plates is at least MIN_CRIPPLE_M; smaller gaps are filled by the header) and, for
  windows, below a single flat sill. At least one cripple goes wherever cripples go.
* A T junction's partition channel adds two studs flanking the stem (see junctions.py); a
  corner backer is counted at the wall end it belongs to.
* Where a wall continues collinearly (drawn in pieces) one piece leaves out its end stud: the
  neighbour's end stud is shared.
* Walls shorter than two studs get a single stud.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .options import GeneratorOptions

END = "end"
COMMON = "common"
CORNER = "corner"
CHANNEL = "channel"
KING = "king"
JACK = "jack"
CRIPPLE = "cripple"
STUD_KINDS = (END, COMMON, CORNER, CHANNEL, KING, JACK, CRIPPLE)

MIN_CRIPPLE_M = 0.15  # ~6 in: below this a block is not worth cutting; a deeper header fills it
_EPS = 1e-9


@dataclass(frozen=True)
class Stud:
    position_m: float  # centre, along the centreline from the wall's start
    kind: str
    length_m: float
    bottom_m: float = 0.0  # height of the piece's foot above the floor (cripples, jacks)


@dataclass(frozen=True)
class OpeningSpec:
    """An opening as the framing sees it: centre along the wall and rough width."""

    id: str
    kind: str  # door | window
    centre_m: float
    width_m: float


@dataclass(frozen=True)
class FramedOpening:
    id: str
    kind: str
    centre_m: float
    width_m: float
    bottom_m: float  # rough opening bottom above the floor (0 for doors)
    top_m: float  # rough opening top above the floor
    header_length_m: float
    header_plies: int
    sill_length_m: float  # 0 for doors


@dataclass(frozen=True)
class WallFraming:
    studs: tuple[Stud, ...]
    openings: tuple[FramedOpening, ...]


def frame_wall(
    length_m: float,
    openings: Sequence[OpeningSpec],
    options: GeneratorOptions,
    corner_backer_ends: Sequence[int] = (),
    channel_positions_m: Sequence[float] = (),
    shared_ends: Sequence[int] = (),
) -> WallFraming:
    t = options.lumber.thickness_m
    full = options.stud_length_m
    bottom_plate_top = t
    if length_m < 2 * t:
        studs = [Stud(length_m / 2, END, full, bottom_plate_top)]
        studs += [Stud(length_m / 2, CORNER, full, bottom_plate_top) for _ in corner_backer_ends]
        return WallFraming(tuple(studs), ())

    # Studs that are fixed in place, in priority order: a later one overlapping an earlier one
    # is left out (e.g. a king that would sit on an end stud: the end stud is the king).
    ends = (t / 2, length_m - t / 2)
    fixed: list[Stud] = [
        Stud(position, END, full, bottom_plate_top)
        for end, position in enumerate(ends)
        if end not in shared_ends
    ]
    framed = [_frame_opening(spec, options) for spec in sorted(openings, key=lambda o: o.centre_m)]
    for opening in framed:
        half = opening.width_m / 2
        jack_length = opening.top_m - bottom_plate_top
        for side in (-1, 1):
            _place(fixed, Stud(opening.centre_m + side * (half + t / 2), JACK, jack_length, t), t)
        for side in (-1, 1):
            _place(fixed, Stud(opening.centre_m + side * (half + 1.5 * t), KING, full, t), t)
    depth = options.lumber.depth_m
    for position in channel_positions_m:
        for side in (-1, 1):
            _place(fixed, Stud(position + side * (depth / 2 + t / 2), CHANNEL, full, t), t)

    # Spans where common studs give way: between each opening's kings, each channel's studs.
    blocked = [
        (o.centre_m - o.width_m / 2 - 2 * t, o.centre_m + o.width_m / 2 + 2 * t) for o in framed
    ]
    blocked += [(p - depth / 2 - t, p + depth / 2 + t) for p in channel_positions_m]
    spacing = options.stud_spacing_m
    studs = list(fixed)
    layout_marks = [k * spacing for k in range(1, math.ceil(length_m / spacing) + 1)]
    for mark in layout_marks:
        if mark >= length_m - t / 2:
            break
        if any(low < mark < high for low, high in blocked):
            continue
        if all(abs(mark - stud.position_m) >= 2 * t - _EPS for stud in fixed):
            studs.append(Stud(mark, COMMON, full, t))
    for opening in framed:
        studs += _cripples(opening, layout_marks, options)
    studs += [Stud(ends[end], CORNER, full, t) for end in corner_backer_ends]
    studs.sort(key=lambda stud: (stud.position_m, STUD_KINDS.index(stud.kind)))
    return WallFraming(tuple(studs), tuple(framed))


def _place(fixed: list[Stud], stud: Stud, thickness_m: float) -> None:
    """Add a fixed stud unless it would overlap one already placed (touching is fine)."""
    if all(abs(other.position_m - stud.position_m) > thickness_m - 1e-6 for other in fixed):
        fixed.append(stud)


def _frame_opening(spec: OpeningSpec, options: GeneratorOptions) -> FramedOpening:
    t = options.lumber.thickness_m
    if spec.kind == "window":
        bottom = options.window_sill_height_m
        top = bottom + options.window_height_m
        sill = spec.width_m
    else:
        bottom, top, sill = 0.0, options.door_height_m, 0.0
    return FramedOpening(
        id=spec.id,
        kind=spec.kind,
        centre_m=spec.centre_m,
        width_m=spec.width_m,
        bottom_m=bottom,
        top_m=top,
        header_length_m=spec.width_m + 2 * t,
        header_plies=2,
        sill_length_m=sill,
    )


def _cripples(
    opening: FramedOpening, layout_marks: Sequence[float], options: GeneratorOptions
) -> list[Stud]:
    t = options.lumber.thickness_m
    low = opening.centre_m - opening.width_m / 2
    high = opening.centre_m + opening.width_m / 2
    # Layout marks whose stud fits wholly inside the rough opening (clear of the jacks).
    inside = [m for m in layout_marks if low + t / 2 - 1e-6 <= m <= high - t / 2 + 1e-6]
    marks = inside or [opening.centre_m]
    cripples: list[Stud] = []
    header_top = opening.top_m + options.lumber.header_depth_m
    above = options.under_top_plates_m - header_top
    if above >= MIN_CRIPPLE_M - _EPS:
        cripples += [Stud(m, CRIPPLE, above, header_top) for m in marks]
    if opening.sill_length_m > 0:
        below = opening.bottom_m - 2 * t  # bottom plate, then the sill under the opening
        if below > _EPS:
            cripples += [Stud(m, CRIPPLE, below, t) for m in marks]
    return cripples
