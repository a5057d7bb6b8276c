"""Turn raw wall pieces into walls: merge, drop what is not a wall, snap junctions."""

from __future__ import annotations

import math
from collections import defaultdict

import shapely

from .faces import bucket_angle, from_frame, to_frame
from .offset_index import MovingOffsetIndex, OffsetIndex
from .wall_detection import WallPiece, typical_thickness

# Pieces on one line whose thickness differs by less than this ratio are the same wall.
SAME_THICKNESS_RATIO = 1.35
# Thinner than this share of the sheet's typical wall is a door leaf or a window sill.
MIN_THICKNESS_SHARE = 0.25
# Thicker than this many typical walls is the strip between a wall and its dimension line,
# or a band of a legend; exterior walls are rarely more than three partitions thick.
MAX_THICKNESS_FACTOR = 4.0
# A piece no longer than this many of its thicknesses is a column (or a jamb), not a run.
COLUMN_MAX_LENGTH = 2.5
# Strips of a line hatch: this many side by side at least, their widths and spacing equal
# within this share of the spacing.
HATCH_MIN_BANDS = 3
HATCH_TOLERANCE = 0.15
# ... and staggered strips no longer than this many spacings (a coarse hatch in a thin band).
HATCH_STRIP_MAX_LENGTH = 2.0


def _same_line_reach(thickness: float) -> float:
    """How far across from a piece ``thickness`` thick another can be and still be on its
    line (``_same_line``: the thicker is at most SAME_THICKNESS_RATIO of it), and a
    little more for rounding."""
    return 1.01 * max(1.0, 0.2 * SAME_THICKNESS_RATIO * thickness)


def _same_line(a: WallPiece, b: WallPiece) -> bool:
    thick = max(a.thickness, b.thickness)
    return (
        a.angle_key == b.angle_key
        and abs(a.offset - b.offset) <= max(1.0, 0.2 * thick)
        and thick <= SAME_THICKNESS_RATIO * min(a.thickness, b.thickness)
    )


def _reaches(run: WallPiece, piece: WallPiece, max_gap_factor: float, max_gap: float) -> bool:
    """Does ``piece`` continue ``run`` across at most the gap a merge may bridge?"""
    gap = max(max_gap_factor * max(run.thickness, piece.thickness), max_gap)
    return _same_line(run, piece) and piece.t0 <= run.t1 + gap


def merge_collinear_pieces(
    pieces: list[WallPiece], max_gap_factor: float, max_gap: float = 0.0
) -> list[WallPiece]:
    """Join pieces of one wall split at junctions or openings.

    The gap bridged is up to ``max_gap_factor`` thicknesses, or ``max_gap`` points when
    that is more (an opening's width: rooms close along the wall line across it). A gap
    wider than a junction is an opening only while a jamb stands free: when both pieces
    end on walls running through the line, each wall stopped at a crossing wall and the
    gap between those crossings is a room's open side (two stubs that merely lie in line
    across a verandah), not a hole in one wall.
    """
    crossing = _CrossingWalls(pieces) if max_gap > 0 else None
    by_angle: dict[int, list[WallPiece]] = defaultdict(list)
    for piece in pieces:
        by_angle[piece.angle_key].append(piece)
    merged: list[WallPiece] = []
    for group in by_angle.values():
        group.sort(key=lambda p: p.t0)
        runs: list[WallPiece] = []
        near = MovingOffsetIndex(_same_line_reach(max(p.thickness for p in group)))
        for piece in group:
            # The nearest run in line: a gap never reaches past a stub to an earlier one.
            k = max(
                (
                    k
                    for k in near.near(piece.offset)
                    if _reaches(runs[k], piece, max_gap_factor, max_gap)
                ),
                key=lambda k: runs[k].t1,
                default=None,
            )
            run = runs[k] if k is not None else None
            if run is None or (
                piece.t0 > run.t1 + max_gap_factor * max(run.thickness, piece.thickness)
                and crossing is not None
                and crossing.at(run, run.t1)
                and crossing.at(piece, piece.t0)
            ):
                runs.append(WallPiece(**{f: getattr(piece, f) for f in piece.__slots__}))
                near.add(piece.offset)
                continue
            was = run.offset
            weight = run.length + piece.length
            if weight > 0:
                run.offset = (run.offset * run.length + piece.offset * piece.length) / weight
                run.thickness = (
                    run.thickness * run.length + piece.thickness * piece.length
                ) / weight
            run.t1 = max(run.t1, piece.t1)
            near.move(k, was, run.offset)
        merged.extend(runs)
    return merged


class _CrossingWalls:
    """Walls that run through a wall line: they reach past both of its faces."""

    def __init__(self, pieces: list[WallPiece]) -> None:
        self.pieces = list(pieces)
        self.tree = shapely.STRtree(centrelines(self.pieces))

    def at(self, host: WallPiece, t: float) -> bool:
        """A wall crosses ``host``'s line where ``host`` ends at ``t`` (within the crossing
        wall's half thickness and one of ``host``'s)."""
        tip = shapely.Point(from_frame(host.angle_key, t, host.offset))
        for j in self.tree.query(tip.buffer(3 * host.thickness + 2)):
            other = self.pieces[int(j)]
            if _nearly_parallel(host, other):
                continue
            t_hit, s_hit = _intersection_t(host, other), _intersection_t(other, host)
            if t_hit is None or s_hit is None:
                continue
            if (
                abs(t_hit - t) <= other.thickness / 2 + host.thickness
                and other.t0 <= s_hit - host.thickness
                and other.t1 >= s_hit + host.thickness
            ):
                return True
        return False


def centreline(piece: WallPiece) -> tuple[float, float, float, float]:
    x1, y1 = from_frame(piece.angle_key, piece.t0, piece.offset)
    x2, y2 = from_frame(piece.angle_key, piece.t1, piece.offset)
    return x1, y1, x2, y2


def centrelines(pieces: list[WallPiece]) -> list[shapely.LineString]:
    """Each piece's centreline as a shapely line, in the order of ``pieces``."""
    if not pieces:
        return []  # shapely cannot shape an empty coordinate array
    return list(shapely.linestrings([[c[:2], c[2:]] for c in map(centreline, pieces)]))


def footprints(
    pieces: list[WallPiece], grow: float = 0.0, cap_style: str = "flat"
) -> list[shapely.Geometry]:
    widths = [p.thickness / 2 + grow for p in pieces]
    return list(shapely.buffer(centrelines(pieces), widths, cap_style=cap_style))


def drop_non_walls(pieces: list[WallPiece]) -> list[WallPiece]:
    """Drop marks inside walls (hatch, window lines), thin leaves, and isolated fragments."""
    if not pieces:
        return []
    typical = typical_thickness(pieces)
    pieces = [
        p
        for p in pieces
        if MIN_THICKNESS_SHARE * typical <= p.thickness <= MAX_THICKNESS_FACTOR * typical
    ]
    pieces.sort(key=lambda p: (-p.thickness, -p.length))
    # Square caps cover the corner squares, where hatch lines also run.
    shapes = footprints(pieces, grow=1.0, cap_style="square")
    tree = shapely.STRtree(shapes)
    keep: list[bool] = [True] * len(pieces)
    for i, line in enumerate(centrelines(pieces)):
        for j in tree.query(line, predicate="within"):
            if j < i and keep[j]:
                keep[i] = False  # lies inside a thicker (or equal, longer) wall
                break
    return [p for p, k in zip(pieces, keep, strict=True) if k]


def drop_furnishings(pieces: list[WallPiece], max_opening: float) -> list[WallPiece]:
    """Drop what stands against walls or repeats like stair treads or hatching: none of it
    is wall.

    A wall never runs alongside another wall touching it face to face; a bed head, pillows,
    a counter, a wardrobe or shelving does. The wall it stands against may be broken by
    openings up to ``max_opening`` points wide (a bed under a window), so it is judged by
    the whole line of its pieces. Three or more strips of one length, thickness and
    spacing side by side are the treads of a stair (or a bench's slats); three or more
    strips as wide as the spacing between them are the bands of a line hatch (a kitchen
    slab, a paved floor), whatever their lengths.
    """
    by_angle: dict[int, list[WallPiece]] = defaultdict(list)
    for piece in pieces:
        by_angle[piece.angle_key].append(piece)
    dropped: set[int] = set()
    for group in by_angle.values():
        dropped.update(id(p) for p in _against_longer(group, max_opening))
        dropped.update(id(p) for p in _treads(group))
        dropped.update(id(p) for p in _hatch_bands(group))
    return [p for p in pieces if id(p) not in dropped]


def wall_lines(pieces: list[WallPiece], max_gap: float) -> list[list[WallPiece]]:
    """The pieces grouped into wall lines: on one line, of one thickness, chained across
    gaps (openings) of up to ``max_gap``."""
    by_angle: dict[int, list[WallPiece]] = defaultdict(list)
    for piece in pieces:
        by_angle[piece.angle_key].append(piece)
    lines: list[list[WallPiece]] = []
    for group in by_angle.values():
        ordered = sorted(group, key=lambda p: p.t0)
        near = OffsetIndex([p.offset for p in ordered])
        placed: set[int] = set()
        for i, p in enumerate(ordered):
            if id(p) in placed:
                continue
            line, end = [p], p.t1
            later = sorted(j for j in near.near(p.offset, _same_line_reach(p.thickness)) if j > i)
            for q in (ordered[j] for j in later):
                if id(q) not in placed and q.t0 <= end + max_gap and _same_line(p, q):
                    line.append(q)
                    end = max(end, q.t1)
            placed.update(id(q) for q in line)
            lines.append(line)
    return lines


def _line_spans(group: list[WallPiece], max_gap: float) -> dict[int, tuple[float, float]]:
    """The span of each piece's wall line, by ``id`` of the piece."""
    spans = {}
    for line in wall_lines(group, max_gap):
        span = (min(p.t0 for p in line), max(p.t1 for p in line))
        spans.update((id(p), span) for p in line)
    return spans


def _against_longer(group: list[WallPiece], max_opening: float) -> list[WallPiece]:
    """Pieces whose line runs face to face along a line at least half as long again; a
    piece is judged by its whole line, so a wall's stub beside a window is not furniture
    in front of the bed that stands under the window."""
    spans = _line_spans(group, max_opening)
    near = OffsetIndex([p.offset for p in group])
    thickest = max((p.thickness for p in group), default=0.0)
    out = []
    for p in group:
        p0, p1 = spans[id(p)]
        # Face to face: no further across than both half thicknesses and the widest gap.
        reach = (p.thickness + thickest) / 2 + max(2.0, 0.6 * p.thickness) + 1.0
        for q in (group[j] for j in near.near(p.offset, reach)):
            # Distance between the facing faces: about zero, or a headboard's width.
            between = abs(p.offset - q.offset) - (p.thickness + q.thickness) / 2
            slack = max(1.0, 0.2 * min(p.thickness, q.thickness))
            q0, q1 = spans[id(q)]
            if (
                q is not p
                and q1 - q0 > 1.5 * (p1 - p0)
                and -slack <= between <= max(2.0, 0.6 * min(p.thickness, q.thickness))
                and min(p1, q1) - max(p0, q0) >= 0.8 * (p1 - p0)
            ):
                out.append(p)
                break
    return out


def _treads(group: list[WallPiece]) -> list[WallPiece]:
    near = OffsetIndex([p.offset for p in group])
    out = []
    for p in group:
        alike = [
            q
            for q in (group[j] for j in near.near(p.offset, 6 * p.thickness + 1.0))
            if abs(q.t0 - p.t0) <= 0.5 * p.thickness
            and abs(q.t1 - p.t1) <= 0.5 * p.thickness
            and abs(q.thickness - p.thickness) <= 0.2 * p.thickness
            and abs(q.offset - p.offset) <= 6 * p.thickness
        ]
        if len(alike) >= 3:
            out.append(p)
    return out


def _hatch_bands(group: list[WallPiece]) -> list[WallPiece]:
    """Strips between neighbouring lines of one regular series of parallel lines.

    Each pair of neighbouring hatch lines looks like a thin double-line wall, and pairing
    takes them one strip, or every other strip, at a time: the strips are as wide as the
    line spacing and lie one or two spacings apart, overlapping along their length; where
    a 45 degree hatch is coarse for the band it fills (the poché of a thin wall), the
    strips are short and staggered along the band, less than a spacing apart. Walls never
    come three abreast like that (a wall's faces are two lines, not a series; the pieces
    of a wall that steps aside abut, but are long).
    """
    parent = list(range(len(group)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, p in enumerate(group):
        for j in range(i + 1, len(group)):
            q = group[j]
            spacing = (p.thickness + q.thickness) / 2
            step = abs(p.offset - q.offset) / spacing
            overlap = min(p.t1, q.t1) - max(p.t0, q.t0)
            short = max(p.length, q.length) <= HATCH_STRIP_MAX_LENGTH * spacing
            if (
                abs(p.thickness - q.thickness) <= HATCH_TOLERANCE * spacing
                and min(abs(step - 1), abs(step - 2)) <= HATCH_TOLERANCE
                and (overlap > 0 or (short and overlap > -spacing))
            ):
                parent[root(i)] = root(j)
    series: dict[int, list[WallPiece]] = defaultdict(list)
    for i, p in enumerate(group):
        series[root(i)].append(p)
    return [
        p
        for members in series.values()
        if len({round(m.offset / m.thickness) for m in members}) >= HATCH_MIN_BANDS
        for p in members
    ]


def snap_junctions(pieces: list[WallPiece]) -> None:
    """Extend wall ends to the centreline of the wall they run into (L and T junctions)."""
    geoms = centrelines(pieces)
    tree = shapely.STRtree(geoms)
    for i, piece in enumerate(pieces):
        for end in (0, 1):
            t_end = piece.t0 if end == 0 else piece.t1
            ex, ey = from_frame(piece.angle_key, t_end, piece.offset)
            best: float | None = None
            for j in tree.query(shapely.Point(ex, ey).buffer(3 * piece.thickness + 2)):
                other = pieces[int(j)]
                if j == i or _nearly_parallel(piece, other):
                    continue  # parallel walls never meet end to side
                reach = other.thickness / 2 + 2 * piece.thickness + 2
                if shapely.distance(geoms[int(j)], shapely.Point(ex, ey)) > reach:
                    continue
                t_hit = _intersection_t(piece, other)
                if (
                    t_hit is not None
                    and abs(t_hit - t_end) <= reach
                    and (best is None or abs(t_hit - t_end) < abs(best - t_end))
                ):
                    best = t_hit
            if best is not None:
                if end == 0:
                    piece.t0 = min(best, piece.t1)
                else:
                    piece.t1 = max(best, piece.t0)


def close_open_corners(pieces: list[WallPiece]) -> None:
    """Two walls that stop short of the corner they make (an L whose corner square was
    not drawn as a piece of either): extend both to where their centrelines cross.

    A free end lies on the other wall's line; the other wall's nearest end is a few of its
    thicknesses from the crossing (it may already end on a third wall there)."""
    geoms = centrelines(pieces)
    tree = shapely.STRtree(geoms)
    for i, piece in enumerate(pieces):
        for end in (0, 1):
            t_end = piece.t0 if end == 0 else piece.t1
            tip = shapely.Point(from_frame(piece.angle_key, t_end, piece.offset))
            nearby = [int(j) for j in tree.query(tip.buffer(4 * piece.thickness + 2))]
            nearby = [j for j in nearby if j != i]
            if any(shapely.distance(geoms[j], tip) <= pieces[j].thickness for j in nearby):
                continue  # already joined
            for j in nearby:
                other = pieces[j]
                if _nearly_parallel(piece, other):
                    continue
                t_hit, s_hit = _intersection_t(piece, other), _intersection_t(other, piece)
                if t_hit is None or s_hit is None or abs(t_hit - t_end) > other.thickness:
                    continue
                short = 4 * other.thickness + 2
                if 0 < other.t0 - s_hit <= short:
                    other.t0 = s_hit
                elif 0 < s_hit - other.t1 <= short:
                    other.t1 = s_hit
                else:
                    continue
                if end == 0:
                    piece.t0 = min(t_hit, piece.t1)
                else:
                    piece.t1 = max(t_hit, piece.t0)
                break


def walls_through_columns(pieces: list[WallPiece]) -> list[WallPiece]:
    """Carry each wall through the column set in its line: the column's own reading is a
    short piece as thick as the column, and would lend that thickness (and its offset) to
    whatever continues the line, such as a ventilator bridged to it. The wall is the line
    of the thinner piece that stops at the column; the column stays as it is, a pier
    standing into the room."""
    added = []
    for column in pieces:
        if column.length > COLUMN_MAX_LENGTH * column.thickness:
            continue
        for wall in pieces:
            if (
                wall.angle_key == column.angle_key
                and SAME_THICKNESS_RATIO * wall.thickness < column.thickness
                and abs(wall.offset - column.offset) <= column.thickness / 2
                and min(abs(wall.t1 - column.t0), abs(wall.t0 - column.t1)) <= wall.thickness
            ):
                through = (column.t0, column.t1, wall.thickness, wall.source)
                added.append(WallPiece(wall.angle_key, wall.offset, *through))
                break
    return pieces + added


def _nearly_parallel(a: WallPiece, b: WallPiece) -> bool:
    difference = (a.angle_key - b.angle_key) % 360  # buckets are half degrees over 180°
    return min(difference, 360 - difference) < 20


def _intersection_t(piece: WallPiece, other: WallPiece) -> float | None:
    """Where ``piece``'s centreline crosses ``other``'s, as a distance along ``piece``."""
    c, s = bucket_angle(piece.angle_key)
    oc, os_ = bucket_angle(other.angle_key)
    denominator = c * os_ - s * oc
    if abs(denominator) < math.sin(math.radians(10)):
        return None
    # Point on piece: P(t) = t*d - n*perp; solve to_frame_other(P(t)).n == other.offset.
    px, py = from_frame(piece.angle_key, 0.0, piece.offset)
    _, n_at_zero = to_frame(other.angle_key, px, py)
    # d/dt of n in other's frame is -c*os_ + s*oc = -denominator.
    return (n_at_zero - other.offset) / denominator
