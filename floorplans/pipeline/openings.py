"""Doors (a wall gap with a swing arc) and windows (thin parallel lines across a wall gap).

Both are found as spans on a host wall's line; the caller bridges the wall across them so
the centreline runs through its openings, as estimators measure walls.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

import shapely

from .faces import FaceLine, face_line, from_frame, to_frame
from .offset_index import OffsetIndex
from .primitives import Curve, Segment
from .wall_cleanup import centrelines, footprints
from .wall_detection import WallPiece

SWING_ANGLE_RANGE = (25.0, 120.0)  # a 90-degree swing, or a leaf drawn 30-45 degrees open
WINDOW_MIN_LINES = 2
# A swing flattened to a polyline: at least this many edges, each at most this share of
# the radius long, every point within this share of the radius of one circle.
MIN_ARC_EDGES = 5
MAX_ARC_EDGE = 0.35
ARC_TOLERANCE = 0.05
# An opening whose strip is more than this share inside other walls is over solid wall.
SOLID_SHARE = 0.3
# Glazing lines on one line (within this share of the thickest wall) whose ends are at most
# MULLION_SHARE of it apart are one line broken at a mullion.
MULLION_DRIFT = 0.05
MULLION_SHARE = 0.5


@dataclass(slots=True)
class OpeningSpan:
    kind: str  # "door" | "window"
    angle_key: int
    offset: float  # host wall centreline offset
    t0: float
    t1: float
    thickness: float  # host wall thickness

    @property
    def width(self) -> float:
        return self.t1 - self.t0


def _circumcentre(a: tuple, b: tuple, c: tuple) -> tuple[float, float] | None:
    d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]))
    if abs(d) < 1e-9:
        return None
    sa, sb, sc = a[0] ** 2 + a[1] ** 2, b[0] ** 2 + b[1] ** 2, c[0] ** 2 + c[1] ** 2
    ux = (sa * (b[1] - c[1]) + sb * (c[1] - a[1]) + sc * (a[1] - b[1])) / d
    uy = (sa * (c[0] - b[0]) + sb * (a[0] - c[0]) + sc * (b[0] - a[0])) / d
    return ux, uy


def polyline_arcs(segments: list[Segment]) -> list[Curve]:
    """Door swings that an export flattened into runs of short straight edges.

    PDF printers and some CAD plotters write every arc as a polyline; a run of at least
    ``MIN_ARC_EDGES`` short edges of one path, end to end, whose points all lie on one
    circle is read as the curve it was. Longer edges (a leaf drawn in the same path) end
    a run."""
    arcs: list[Curve] = []
    run: list[tuple[float, float]] = []
    previous: Segment | None = None

    def flush() -> None:
        if len(run) - 1 >= MIN_ARC_EDGES and _on_one_circle(run):
            arcs.append(Curve(list(run), previous.width if previous else 0.0, path_id))
        run.clear()

    path_id = -1
    for s in segments:
        joined = (
            previous is not None
            and s.path_id == previous.path_id
            and (s.x1, s.y1) == (previous.x2, previous.y2)
        )
        if not joined:
            flush()
        path_id = s.path_id
        if not run:
            run.append((s.x1, s.y1))
        run.append((s.x2, s.y2))
        previous = s
    flush()
    return arcs


def _on_one_circle(points: list[tuple[float, float]]) -> bool:
    centre = _circumcentre(points[0], points[len(points) // 2], points[-1])
    if centre is None:
        return False
    radius = math.dist(centre, points[0])
    return all(
        abs(math.dist(centre, p) - radius) <= ARC_TOLERANCE * radius for p in points
    ) and all(math.dist(a, b) <= MAX_ARC_EDGE * radius for a, b in pairwise(points))


def _in_band(piece: WallPiece, x: float, y: float, slack: float) -> bool:
    _, n = to_frame(piece.angle_key, x, y)
    return abs(n - piece.offset) <= piece.thickness / 2 + slack


def find_doors(
    curves: list[Curve], pieces: list[WallPiece], width_range: tuple[float, float]
) -> list[OpeningSpan]:
    if not pieces:
        return []
    tree = shapely.STRtree(centrelines(pieces))
    material = footprints(pieces)
    doors: list[OpeningSpan] = []
    for curve in curves:
        pts = curve.points
        if len(pts) < 3:
            continue
        start, middle, end = pts[0], pts[len(pts) // 2], pts[-1]
        centre = _circumcentre(start, middle, end)
        if centre is None:
            continue
        radius = math.dist(centre, start)
        if not width_range[0] <= radius <= width_range[1]:
            continue
        a0 = math.atan2(start[1] - centre[1], start[0] - centre[0])
        a1 = math.atan2(end[1] - centre[1], end[0] - centre[0])
        sweep = abs(math.degrees((a1 - a0 + math.pi) % (2 * math.pi) - math.pi))
        if not SWING_ANGLE_RANGE[0] <= sweep <= SWING_ANGLE_RANGE[1]:
            continue
        door = _door_on_wall(centre, (start, end), radius, pieces, tree, material)
        if door is not None:
            doors.append(door)
    return doors


def _door_on_wall(
    hinge: tuple[float, float],
    ends: tuple[tuple[float, float], tuple[float, float]],
    radius: float,
    pieces: list[WallPiece],
    tree: shapely.STRtree,
    material: list[shapely.Geometry],
) -> OpeningSpan | None:
    """The arc end that lies on a wall (with the hinge) marks the closed leaf: the opening.

    A leaf drawn open flat against a wall puts the other arc end on a wall too; that
    reading is the one whose opening would lie over another wall's solid material."""
    near = tree.query(shapely.Point(hinge).buffer(radius * 1.5))
    best: tuple[float, OpeningSpan] | None = None
    for closed in ends:
        for i in near:
            piece = pieces[int(i)]
            slack = 0.25 * piece.thickness + 1.0
            if not (_in_band(piece, *hinge, slack) and _in_band(piece, *closed, slack)):
                continue
            t_hinge, _ = to_frame(piece.angle_key, *hinge)
            t_closed, _ = to_frame(piece.angle_key, *closed)
            lo, hi = min(t_hinge, t_closed), max(t_hinge, t_closed)
            if hi - lo < 0.7 * radius:
                continue  # this end is the open leaf's tip, not the closed position
            if min(hi, piece.t1) - max(lo, piece.t0) > 0.3 * radius:
                continue  # a door sits in a gap of its wall, not over solid wall
            distance = max(piece.t0 - hi, lo - piece.t1, 0.0)
            span = OpeningSpan("door", piece.angle_key, piece.offset, lo, hi, piece.thickness)
            if _over_solid_wall(span, int(i), pieces, tree, material):
                continue
            if distance <= radius + 3 * piece.thickness and (best is None or distance < best[0]):
                best = (distance, span)
    return best[1] if best else None


def _over_solid_wall(
    span: OpeningSpan,
    host: int,
    pieces: list[WallPiece],
    tree: shapely.STRtree,
    material: list[shapely.Geometry],
) -> bool:
    """Most of the opening's strip lies inside other walls: no gap to put a door in."""
    strip = shapely.buffer(
        shapely.LineString(
            [from_frame(span.angle_key, t, span.offset) for t in (span.t0, span.t1)]
        ),
        span.thickness / 2,
        cap_style="flat",
    )
    reach = strip.buffer(max(p.thickness for p in pieces) / 2)  # the tree holds centrelines
    others = [material[int(j)] for j in tree.query(reach) if int(j) != host]
    covered = shapely.union_all(others).intersection(strip).area if others else 0.0
    return covered > SOLID_SHARE * strip.area


def find_windows(
    segments: list[Segment], pieces: list[WallPiece], width_range: tuple[float, float]
) -> list[OpeningSpan]:
    """Groups of thin lines with a common extent, inside a wall's band, next to a wall end."""
    if not pieces:
        return []
    thickest = max(p.thickness for p in pieces)
    thin = [
        face_line(s, False)
        for s in segments
        if not (s.fill or s.dashed or s.width >= 0.5 * thickest)
    ]
    # Each pane is at least as wide as the narrowest window: shorter lines in a row are
    # dashes (AutoCAD writes a hidden beam's line dash by dash), not glazing.
    thin = [line for line in thin if width_range[0] <= line.length <= width_range[1]]
    material = shapely.STRtree(footprints(pieces, grow=1.0))
    joined = _across_mullions(thin, MULLION_DRIFT * thickest, MULLION_SHARE * thickest, material)
    groups: dict[tuple[int, int, int], list[FaceLine]] = defaultdict(list)
    for line in thin + joined:
        if line.length <= width_range[1]:
            groups[(line.angle_key, round(line.t0), round(line.t1))].append(line)
    by_angle: dict[int, list[WallPiece]] = defaultdict(list)
    for piece in pieces:
        by_angle[piece.angle_key].append(piece)
    ends = {key: _WallEnds(group) for key, group in by_angle.items()}
    windows: list[OpeningSpan] = []
    for (key, _, _), lines in groups.items():
        if len(lines) < WINDOW_MIN_LINES or key not in ends:
            continue
        lines.sort(key=lambda ln: ln.offset)
        t0, t1 = lines[0].t0, lines[0].t1
        hosts: list[tuple[WallPiece, set[int], float]] = []
        for piece in ends[key].near(t0, t1):
            if min(abs(piece.t1 - t0), abs(piece.t0 - t1)) > 1.5 * piece.thickness:
                continue
            band = [ln for ln in lines if abs(ln.offset - piece.offset) < piece.thickness / 2 - 0.3]
            # No early exit: walls on opposite sides often have windows at the same span.
            if len(band) >= WINDOW_MIN_LINES and _walled_at_both_ends(piece, t0, t1, material):
                middle = (band[0].offset + band[-1].offset) / 2
                hosts.append((piece, {id(ln) for ln in band}, abs(piece.offset - middle)))
        # Lines that several pieces could host belong to the wall they are centred in, not
        # to a column or a pier set thicker in the same line (its band holds them too).
        taken: set[int] = set()
        for piece, band, _ in sorted(hosts, key=lambda h: h[2]):
            if not band & taken:
                taken |= band
                windows.append(OpeningSpan("window", key, piece.offset, t0, t1, piece.thickness))
    return _distinct(windows)


def _across_mullions(
    lines: list[FaceLine], drift: float, gap: float, material: shapely.STRtree
) -> list[FaceLine]:
    """Lines that continue one another end to end on one line, joined: each run of two or more.

    CAD window blocks draw every pane between mullions on its own, so across a window of
    several panes no single glazing line reaches both jambs; the joined run does. Where
    they meet in a wall (a partition between two rooms' windows), they are two windows."""
    runs: list[FaceLine] = []
    ordered = sorted(lines, key=lambda ln: (ln.angle_key, ln.offset))
    start = 0
    for i in range(1, len(ordered) + 1):
        if i < len(ordered) and (
            ordered[i].angle_key == ordered[i - 1].angle_key
            and ordered[i].offset - ordered[i - 1].offset <= drift
        ):
            continue
        runs += _runs_along(sorted(ordered[start:i], key=lambda ln: ln.t0), gap, material)
        start = i
    return runs


def _runs_along(lines: list[FaceLine], gap: float, material: shapely.STRtree) -> list[FaceLine]:
    """The runs of ``lines`` (on one line, by their start) that leave gaps of at most
    ``gap``, outside walls, and join two or more of them."""
    runs: list[FaceLine] = []
    run: list[FaceLine] = []
    end, longest = -math.inf, 0.0
    for line in [*lines, None]:
        if run and (line is None or _apart(end, line, gap, material)):
            first = run[0]
            # A line drawn twice, or over a shorter one, is no longer for it: not a run.
            if end - first.t0 > longest + gap:
                offset = sum(ln.offset for ln in run) / len(run)
                runs.append(FaceLine(first.angle_key, offset, first.t0, end, first.width, False))
            run, end, longest = [], -math.inf, 0.0
        if line is not None:
            run.append(line)
            end, longest = max(end, line.t1), max(longest, line.length)
    return runs


def _apart(end: float, line: FaceLine, gap: float, material: shapely.STRtree) -> bool:
    """``line`` does not continue a run that ends at ``end``: too far on, or met in a wall."""
    if line.t0 > end + gap:
        return True
    meeting = shapely.Point(from_frame(line.angle_key, (end + line.t0) / 2, line.offset))
    return len(material.query(meeting, predicate="intersects")) > 0


class _WallEnds:
    """The walls of one direction by where they end, for the spans they may frame."""

    def __init__(self, walls: list[WallPiece]) -> None:
        self.walls = walls
        self.reach = 1.5 * max(w.thickness for w in walls) + 1.0  # and a margin
        self.ends = OffsetIndex([w.t1 for w in walls])
        self.starts = OffsetIndex([w.t0 for w in walls])

    def near(self, t0: float, t1: float) -> list[WallPiece]:
        """In their given order, the walls that may end within 1.5 of their thicknesses of
        the span's start, or start as near its end (and maybe a few more)."""
        found = set(self.ends.near(t0, self.reach)) | set(self.starts.near(t1, self.reach))
        return [self.walls[i] for i in sorted(found)]


def _walled_at_both_ends(piece: WallPiece, t0: float, t1: float, material: shapely.STRtree) -> bool:
    """A window sits between two stretches of wall; dimension extension lines end in the air."""
    slack = 1.5 * piece.thickness
    ends = [shapely.Point(from_frame(piece.angle_key, t, piece.offset)) for t in (t0, t1)]
    return all(len(material.query(end.buffer(slack), predicate="intersects")) for end in ends)


def _distinct(spans: list[OpeningSpan]) -> list[OpeningSpan]:
    """One window per wall gap: spans on one wall line that overlap are the same window.

    Exports draw a window's lines with slightly different ends, or twice, and a gap may be
    found from the walls on both sides of it; each reading lands on the same gap.
    """
    out: list[OpeningSpan] = []
    # Only spans of one direction can be one gap: each is compared with those alone.
    kept_by_angle: dict[int, list[OpeningSpan]] = defaultdict(list)
    for span in sorted(spans, key=lambda s: -s.width):
        kept = kept_by_angle[span.angle_key]
        if not any(_same_gap(span, other) for other in kept):
            out.append(span)
            kept.append(span)
    return out


def _same_gap(a: OpeningSpan, b: OpeningSpan) -> bool:
    overlap = min(a.t1, b.t1) - max(a.t0, b.t0)
    return (
        a.angle_key == b.angle_key
        and abs(a.offset - b.offset) <= max(a.thickness, b.thickness) / 2
        and overlap > 0.5 * min(a.width, b.width)
    )


def bridging_pieces(openings: list[OpeningSpan]) -> list[WallPiece]:
    """Wall material to lay across each opening so its wall becomes one piece again."""
    return [WallPiece(o.angle_key, o.offset, o.t0, o.t1, o.thickness, "opening") for o in openings]
