"""Find wall pieces (centreline + thickness) in the three ways CAD programs draw walls.

* double lines: two parallel faces, paired nearest-first by offset and overlap;
* filled polygons (with holes): their edges paired the same way, kept where the strip
  between them is filled;
* single heavy strokes: the stroke width is the wall thickness.

Hatch lines, window lines and other marks inside a wall are removed later
(``wall_cleanup``); tile grids and title-block rows are rejected here because the strip
between two of their lines is crossed by a lattice or holds text, unlike a wall's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import shapely

from .dashed_outlines import drop_dash_outlined
from .faces import FaceLine, direction_key, face_line, from_frame, merge_collinear, to_frame
from .primitives import PagePrimitives, Segment

MERGE_OFFSET_TOLERANCE = 0.6  # points: duplicated / fragmented faces lie on one line
MERGE_GAP_TOLERANCE = 1.0
HEAVY_FACTOR = 3.0  # a wall stroke is this many times heavier than the sheet's thin lines
FACE_PEN_SHARE = 0.05
THINNER_THAN_FACE_PEN = 0.6  # lines below this share of the face pen are not wall faces
# A heavier line inside a wall strip no longer than this many strip widths is a dash.
MAX_DASH_LENGTH = 2.0
MAX_FILL_SAMPLES = 200  # points tested along one filled strip
MAX_LATTICE_DENSITY = 0.25  # crossings per wall thickness of length: a tile grid, not a wall
OUTLINED_POCHE_SHARE = 0.5  # of a pair's length filled between its faces: outlined poché
# Heavy single strokes are drawn symbolically: no thinner than this, whatever the scale says.
MIN_STROKE_WALL_PTS = 2.0
# A line that stroke walls run into (T junctions) is a wall drawn with a lighter pen when it
# is at least this many of their thicknesses long.
JUNCTION_LINE_MIN_LENGTH = 3.0
# CAD layers whose names say they hold no walls: furniture, fixtures, doors and windows,
# stairs, floor finishes, planting, text and dimensions (English, Spanish, French, German,
# Italian, Dutch, Norwegian, Slovenian names seen in exports; OPR, oprema: equipment).
# Walls' poché often sits on an unnamed or numbered layer, so only what a layer's name rules
# out is left out.
NOT_WALL_LAYER = re.compile(
    r"(?<![a-z])fur|mobil|mueble|meuble|möbel|mobili|meubel|arred|(?<![a-z])opr(?![a-z])|oprem|bed|"
    r"sofa|chair|table|car\b|vehic|toilet|sanit|plumb|fixt|equip|applian|door|puert|porte|"
    r"tür|deur|win|vent|fenêtre|fenster|stair|step|escal|treppe|floor|piso|sol\b|boden|pavim|"
    r"vloer|gulv|tile|textur|grass|plant|veg|tree|arbol|landsc|text|anno|dim|cota|arrow|"
    r"level|grid|title|sheet|marco",
    re.IGNORECASE,
)
# CAD layers whose names say they hold walls (English, Italian, Spanish, French, German,
# Dutch, Norwegian): the pen they are drawn with is the sheet's wall pen.
WALL_LAYER = re.compile(
    r"wall|mur(?:[oise]|atur[ae])?\b|muur|pared|parete|w[aä]nd|vegg", re.IGNORECASE
)


@dataclass(slots=True)
class WallPiece:
    angle_key: int
    offset: float  # the centreline's offset in its direction frame (see ``faces``)
    t0: float
    t1: float
    thickness: float
    source: str  # "pair" | "fill" | "stroke"

    @property
    def length(self) -> float:
        return self.t1 - self.t0


@dataclass(frozen=True)
class ThicknessRange:
    minimum: float  # points
    maximum: float


def heavy_stroke_threshold(segments: list[Segment], minimum_thickness: float) -> float:
    """Stroke width from which a single line is a wall, judged against the sheet's own pens.

    Walls are the heavy ink: several times the thin pens (the 20th percentile by drawn
    length), or, on a sparse sheet drawn with few pens, the heaviest pen that draws a fair
    share of it. Either way no thinner than a wall can be.
    """
    widths = sorted(
        (s.width, abs(s.x2 - s.x1) + abs(s.y2 - s.y1)) for s in segments if s.stroke and not s.fill
    )
    if not widths:
        return float("inf")
    thin = _pen_at_share(widths, 0.2)
    heaviest = _pen_at_share(widths[::-1], FACE_PEN_SHARE)
    return max(min(HEAVY_FACTOR * max(thin, 0.1), heaviest), minimum_thickness)


def _pen_at_share(widths: list[tuple[float, float]], share: float) -> float:
    """The width reached after ``share`` of the drawn length, walking ``widths`` in order."""
    total = sum(length for _, length in widths)
    running = 0.0
    for width, length in widths:
        running += length
        if running >= share * total:
            return width
    return widths[-1][0]


def face_pen_width(lines: list[FaceLine], sheet_size: float) -> float:
    """The pen that draws wall faces: the heaviest one that draws a fair share of the sheet.

    CAD standards draw cut walls heavier than furniture, tiles, hatch and dimensions, so
    lines much thinner than this pen never pair into walls. Sheet borders and title-block
    frames (lines spanning half the sheet) are often heavier still, so they do not count.
    """
    stroked = sorted(
        ((ln.width, ln.length) for ln in lines if not ln.filled and ln.length < sheet_size / 2),
        reverse=True,
    )
    return _pen_at_share(stroked, FACE_PEN_SHARE) if stroked else 0.0


def _same_pen(a: float, b: float) -> bool:
    """Both faces of a wall come from one CAD pen; allow only rounding differences."""
    return abs(a - b) <= 0.02 + 0.05 * max(a, b)


def _subtract(
    lo: float, hi: float, claimed: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    parts = [(lo, hi)]
    for c0, c1 in claimed:
        parts = [
            piece
            for p0, p1 in parts
            for piece in (
                ((p0, p1),) if c1 <= p0 or c0 >= p1 else ((p0, min(p1, c0)), (max(p0, c1), p1))
            )
            if piece[1] - piece[0] > 1e-6
        ]
    return parts


class StripJudge:
    """Decides whether the strip between two parallel lines looks like the inside of a wall."""

    def __init__(self, page: PagePrimitives, min_face_width: float = 0.0) -> None:
        self.segments = page.segments
        self.min_face_width = min_face_width
        coords = np.array([(s.x1, s.y1, s.x2, s.y2) for s in page.segments] or [(0, 0, 0, 0)])
        self.segment_tree = shapely.STRtree(shapely.linestrings(coords.reshape(-1, 2, 2)))
        points = np.array([(c.x, c.y) for c in page.chars] or [(-1e9, -1e9)])
        self.text_tree = shapely.STRtree(shapely.points(points))
        self.text_keys = [direction_key(c.dx, c.dy) for c in page.chars]
        self.fills = [_fill_geometry(f.rings) for f in page.fills]
        self.fill_tree = shapely.STRtree(self.fills) if self.fills else None
        self._face_lines: dict[int, FaceLine] = {}  # a segment is judged in many strips

    def face_line(self, i: int) -> FaceLine:
        """Segment ``i`` as a face line (read only: shared by every strip that asks)."""
        if (line := self._face_lines.get(i)) is None:
            line = self._face_lines[i] = face_line(self.segments[i], False)
        return line

    def strip(self, key: int, n0: float, n1: float, t0: float, t1: float) -> shapely.Polygon:
        return shapely.Polygon(
            [from_frame(key, t0, n0), from_frame(key, t1, n0), from_frame(key, t1, n1),
             from_frame(key, t0, n1)]
        )  # fmt: skip

    def filled_runs(
        self, key: int, n0: float, n1: float, t0: float, t1: float
    ) -> list[tuple[float, float]]:
        """Stretches of the strip's midline inside a filled shape.

        A filled wall with a window is one polygon whose outline runs past the window; only
        the stretches on either side of it are wall.
        """
        if self.fill_tree is None:
            return []
        step = max((n1 - n0) / 2, (t1 - t0) / MAX_FILL_SAMPLES, 0.5)
        ts = np.arange(t0 + step / 2, t1, step)
        points = shapely.points([from_frame(key, t, (n0 + n1) / 2) for t in ts])
        inside = np.zeros(len(ts), dtype=bool)
        inside[np.unique(self.fill_tree.query(points, predicate="intersects")[0])] = True
        runs: list[tuple[float, float]] = []
        start = None
        for k, hit in enumerate([*inside.tolist(), False]):
            if hit and start is None:
                start = k
            elif not hit and start is not None:
                runs.append((max(t0, ts[start] - step / 2), min(t1, ts[k - 1] + step / 2)))
                start = None
        return runs

    def _inner_parallel(
        self, s: Segment, key: int, t0: float, t1: float, gap: float
    ) -> tuple[float, float] | None:
        """The stretch of the strip a parallel line inside it runs along, if it is more than
        a stub. A core or finish line drawn inside the wall with a finer pen does not count."""
        if s.stroke and not s.fill and s.width < self.min_face_width:
            return None
        (a, _), (b, _) = to_frame(key, s.x1, s.y1), to_frame(key, s.x2, s.y2)
        s0, s1 = min(a, b), max(a, b)
        return (s0, s1) if min(s1, t1) - max(s0, t0) > 0.5 * gap else None

    def empty_runs(
        self, key: int, n0: float, n1: float, t0: float, t1: float, pen: float
    ) -> list[tuple[float, float]]:
        """The stretches of the strip (between faces drawn with `pen`) that look like the
        inside of a wall.

        A window drawn in a thin double-line wall puts its glazing lines, in the faces' pen
        or finer, inside the strip for the window's width only: the wall is the strip
        either side of them (as a filled wall is cut at its window), not nothing. A
        heavier line or a filled edge inside means another wall: no stretch is a wall. A
        heavier dash does not (a centre or insulation line, which AutoCAD writes one path
        per dash): the wall is the strip between its dashes, as beside a window's glazing.
        """
        gap = n1 - n0
        inner = self.strip(key, n0 + 0.2 * gap, n1 - 0.2 * gap, t0, t1)
        inside = []
        for i in self.segment_tree.query(inner, predicate="intersects"):
            s = self.segments[int(i)]
            turn = (self.face_line(int(i)).angle_key - key) % 360
            parallel = min(turn, 360 - turn) <= 2 and not s.dashed
            if parallel and (stretch := self._inner_parallel(s, key, t0, t1, gap)):
                dash = stretch[1] - stretch[0] <= MAX_DASH_LENGTH * gap
                if s.fill or not (dash or _same_pen(max(s.width, pen), pen)):
                    return []
                inside.append(stretch)
        return [
            (a, b)
            for a, b in _subtract(t0, t1, inside)
            if b - a >= 0.75 * gap and self.is_empty_strip(key, n0, n1, a, b)
        ]

    def is_empty_strip(self, key: int, n0: float, n1: float, t0: float, t1: float) -> bool:
        gap = n1 - n0
        inner = self.strip(key, n0 + 0.2 * gap, n1 - 0.2 * gap, t0, t1)
        along = [
            i
            for i in self.text_tree.query(inner, predicate="intersects")
            if self.text_keys and _parallel(self.text_keys[int(i)], key)
        ]
        if len(along) >= 2:
            return False  # title-block rows and stacked dimensions: text runs along them
        # Perpendicular lines crossing the strip, counted once per position (exports
        # duplicate lines) and not at its ends, where jamb lines close a wall legitimately.
        crossings: set[int] = set()
        for i in self.segment_tree.query(inner, predicate="intersects"):
            s = self.segments[int(i)]
            sa = self.face_line(int(i))
            turn = (sa.angle_key - key) % 360
            if min(turn, 360 - turn) <= 2 and not s.dashed:
                # A parallel line inside the strip (a heavy wall stroke, a filled wall's
                # edge) means the two lines are on opposite sides of something else.
                if self._inner_parallel(s, key, t0, t1, gap):
                    return False
                continue
            if abs(turn - 180) > 20 or sa.length < 0.6 * gap:
                continue  # poché speckle and short hatch dashes do not cross the strip
            t, _ = to_frame(key, (s.x1 + s.x2) / 2, (s.y1 + s.y2) / 2)
            if t0 + 0.5 * gap < t < t1 - 0.5 * gap:
                crossings.add(round(t))
        return len(crossings) < 3 or len(crossings) < MAX_LATTICE_DENSITY * (t1 - t0) / gap


def _parallel(a: int, b: int) -> bool:
    """Two direction buckets within 15 degrees of each other."""
    turn = (a - b) % 360
    return min(turn, 360 - turn) <= 30


def _fill_geometry(rings: list[list[tuple[float, float]]]) -> shapely.Geometry:
    shape = shapely.Polygon()
    for ring in rings:
        if len(ring) >= 3:
            shape = shape.symmetric_difference(shapely.make_valid(shapely.Polygon(ring)))
    return shape


def pair_faces(
    lines: list[FaceLine], thickness: ThicknessRange, judge: StripJudge
) -> list[WallPiece]:
    """Pair parallel faces nearest-first; each stretch of a face pairs at most once.

    A face bounds one wall: once paired, the same stretch never pairs again on its other
    side, or the strip between a wall and its dimension line would become a wall too.
    """
    buckets: dict[tuple[int, bool], list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        buckets[(line.angle_key, line.filled)].append(i)
    candidates: list[tuple[float, int, int]] = []
    for members in buckets.values():
        members.sort(key=lambda i: lines[i].offset)
        for pos, i in enumerate(members):
            a = lines[i]
            for j in members[pos + 1 :]:
                b = lines[j]
                gap = b.offset - a.offset
                if gap > thickness.maximum:
                    break
                if gap < thickness.minimum or not _same_pen(a.width, b.width):
                    continue
                if min(a.t1, b.t1) - max(a.t0, b.t0) >= 0.75 * gap:
                    candidates.append((gap, i, j))
    candidates.sort()
    claimed: dict[int, list[tuple[float, float]]] = defaultdict(list)
    pieces: list[WallPiece] = []
    for gap, i, j in candidates:
        a, b = lines[i], lines[j]
        lo, hi = max(a.t0, b.t0), min(a.t1, b.t1)
        for t0, t1 in _subtract(lo, hi, claimed[i] + claimed[j]):
            if t1 - t0 < 0.75 * gap:
                continue
            key, n0, n1 = a.angle_key, a.offset, b.offset
            if a.filled:
                stretches = judge.filled_runs(key, n0, n1, t0, t1)
            else:
                stretches = judge.empty_runs(key, n0, n1, t0, t1, a.width)
            for s0, s1 in stretches:
                if s1 - s0 < 0.75 * gap:
                    continue
                claimed[i].append((s0, s1))
                claimed[j].append((s0, s1))
                source = (
                    "fill" if a.filled or _filled_between(judge, key, n0, n1, s0, s1) else "pair"
                )
                pieces.append(WallPiece(key, (n0 + n1) / 2, s0, s1, gap, source))
    return pieces


def _filled_between(
    judge: StripJudge, key: int, n0: float, n1: float, t0: float, t1: float
) -> bool:
    """Outlined poché: two stroked faces with a filled strip between them.

    CAD programs draw such a wall twice (the hatch and its outline, often on different
    layers); both readings are one wall in the poché style.
    """
    covered = sum(r1 - r0 for r0, r1 in judge.filled_runs(key, n0, n1, t0, t1))
    return covered >= OUTLINED_POCHE_SHARE * (t1 - t0)


def detect_wall_pieces(page: PagePrimitives, thickness: ThicknessRange) -> list[WallPiece]:
    segments = wall_layer_segments(page)
    heavy = heavy_stroke_threshold(segments, min(thickness.minimum, MIN_STROKE_WALL_PTS))
    faces: list[FaceLine] = []
    strokes: list[FaceLine] = []
    dashed: list[FaceLine] = []
    for s in segments:
        if s.x1 == s.x2 and s.y1 == s.y2:
            continue
        if s.dashed:
            dashed.append(face_line(s, False))
            continue
        if s.fill:
            faces.append(face_line(s, True))
        elif s.width >= heavy and s.width <= thickness.maximum:
            strokes.append(face_line(s, False))
        elif s.stroke:
            faces.append(face_line(s, False))
    faces = drop_dash_outlined(faces, dashed)
    faces = merge_collinear(faces, MERGE_OFFSET_TOLERANCE, MERGE_GAP_TOLERANCE)
    named = [face_line(s, False) for s in _on_wall_layers(page, segments) if s.stroke]
    min_face_width = THINNER_THAN_FACE_PEN * face_pen_width(
        named or faces, max(page.width, page.height)
    )
    pieces = pair_faces(
        [ln for ln in faces if ln.filled or ln.width >= min_face_width],
        thickness,
        StripJudge(page, min_face_width),
    )
    stroke_pieces = [
        WallPiece(line.angle_key, line.offset, line.t0, line.t1, line.width, "stroke")
        for line in merge_collinear(strokes, MERGE_OFFSET_TOLERANCE, MERGE_GAP_TOLERANCE)
        if line.length >= line.width
    ]
    sheet = max(page.width, page.height)
    lighter = [ln for ln in faces if not ln.filled and ln.length < sheet / 2]
    return pieces + stroke_pieces + junction_lines(stroke_pieces, lighter)


def wall_layer_segments(page: PagePrimitives) -> list[Segment]:
    """The edges that may be walls: all but those on layers named for something else.

    Layers are the drafter's own statement of what an edge is, stronger than any pen or
    geometry rule: a bed on the ``Furniture`` layer is never a wall, however it is drawn.
    """
    if not page.path_layers:
        return page.segments
    ruled_out = {pid for pid, name in page.path_layers.items() if NOT_WALL_LAYER.search(name)}
    return [s for s in page.segments if s.path_id not in ruled_out]


def _on_wall_layers(page: PagePrimitives, segments: list[Segment]) -> list[Segment]:
    """The edges on layers named for walls. Where a sheet names them, their pen is the
    wall pen, whatever other pens draw more: an AutoCAD sheet plotted without lineweights
    draws its walls in hairlines beside dimensions and hatch in a plotted 0.5 mm pen."""
    named = {pid for pid, name in page.path_layers.items() if WALL_LAYER.search(name)}
    return [s for s in segments if s.path_id in named]


def junction_lines(walls: list[WallPiece], lines: list[FaceLine]) -> list[WallPiece]:
    """Lighter lines that stroke walls end on (T junctions): walls of the same network.

    Sparse sheets draw the outline with one pen and the partitions with a heavier one; the
    partitions' ends landing inside the outline are the evidence that it is a wall too.
    A door leaf or a counter touches a wall with its own end, never the other way round.
    """
    if not walls or not lines:
        return []
    ends = [
        [from_frame(ln.angle_key, ln.t0, ln.offset), from_frame(ln.angle_key, ln.t1, ln.offset)]
        for ln in lines
    ]
    tree = shapely.STRtree(shapely.linestrings(ends))
    promoted: dict[int, float] = {}
    for wall in walls:
        reach = wall.thickness / 2 + 1.0
        for t_end in (wall.t0, wall.t1):
            x, y = from_frame(wall.angle_key, t_end, wall.offset)
            for i in tree.query(shapely.Point(x, y), predicate="dwithin", distance=reach):
                line = lines[int(i)]
                turn = (line.angle_key - wall.angle_key) % 360
                if (
                    min(turn, 360 - turn) < 40
                    or line.length < JUNCTION_LINE_MIN_LENGTH * wall.thickness
                ):
                    continue
                t, _ = to_frame(line.angle_key, x, y)
                if line.t0 + wall.thickness < t < line.t1 - wall.thickness:
                    promoted[int(i)] = max(promoted.get(int(i), 0.0), wall.thickness)
    return [
        WallPiece(lines[i].angle_key, lines[i].offset, lines[i].t0, lines[i].t1, thick, "stroke")
        for i, thick in promoted.items()
    ]


def typical_thickness(pieces: list[WallPiece]) -> float:
    """Length-weighted median thickness: what most of the drawn wall length measures."""
    ordered = sorted((p.thickness, p.length) for p in pieces)
    half, running = sum(length for _, length in ordered) / 2, 0.0
    for thickness, length in ordered:
        running += length
        if running >= half:
            return thickness
    return 0.0
