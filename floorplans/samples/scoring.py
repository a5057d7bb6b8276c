"""Compare an extracted SpatialGraph with the expected one.

Walls are scored by length, not by count: an extractor may split or merge centrelines
differently and still be right. A piece of an actual centreline counts when it lies within
(expected thickness / 2 + 3 pt) of an expected centreline and runs roughly parallel to it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from shapely import STRtree, union_all
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from floorplans.samples.plan import lines_of

WALL_SLACK_PTS = 3.0
PARALLEL_DEGREES = 10.0
ROOM_IOU = 0.8


@dataclass(frozen=True)
class Score:
    wall_precision: float
    wall_recall: float
    wall_f1: float
    thickness_error_pts: float | None  # length-weighted mean absolute error over matched walls
    wall_length_expected: float
    wall_length_actual: float
    wall_length_matched: float  # of the actual walls
    wall_length_covered: float  # of the expected walls
    rooms_expected: int
    rooms_found: int
    rooms_labelled: int  # matched rooms whose label also matches
    room_area_error_pct: float | None  # mean over matched rooms
    doors_expected: int
    doors_found: int
    windows_expected: int
    windows_found: int
    scale_found: bool
    scale_error: float | None  # relative error of metres_per_point

    def as_dict(self) -> dict:
        return asdict(self)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _wall_lines(graph: dict) -> list[tuple[LineString, float]]:
    lines = []
    for wall in graph.get("walls") or []:
        line = LineString([(wall["x1"], wall["y1"]), (wall["x2"], wall["y2"])])
        if line.length > 0:
            lines.append((line, float(wall.get("thickness") or 0.0)))
    return lines


def _angle(line: LineString) -> float:
    (x1, y1), (x2, y2) = line.coords
    return math.degrees(math.atan2(y2 - y1, x2 - x1)) % 180.0


def _parallel(a: LineString, b: LineString) -> bool:
    diff = abs(_angle(a) - _angle(b))
    return min(diff, 180.0 - diff) <= PARALLEL_DEGREES


def _project(line: LineString, piece: BaseGeometry) -> list[tuple[float, float]]:
    """Intervals of `line` (distance along it) that `piece` lies beside."""
    spans = []
    for part in lines_of(piece):
        if part.length > 0:
            ends = sorted(line.project(part.interpolate(t, normalized=True)) for t in (0.0, 1.0))
            spans.append((ends[0], ends[1]))
    return spans


def _union_length(spans: list[tuple[float, float]]) -> float:
    total, end = 0.0, -math.inf
    for lo, hi in sorted(spans):
        if hi > end:
            total += hi - max(lo, end)
            end = hi
    return total


def _score_walls(expected: dict, actual: dict) -> dict:
    exp, act = _wall_lines(expected), _wall_lines(actual)
    zones = [line.buffer(t / 2 + WALL_SLACK_PTS) for line, t in exp]
    tree = STRtree(zones)
    covered: list[list[tuple[float, float]]] = [[] for _ in exp]
    matched = 0.0
    weighted_error = weight = 0.0
    for line, thickness in act:
        pieces = []
        for i in tree.query(line):
            e_line, e_thickness = exp[i]
            if not _parallel(line, e_line):
                continue
            piece = line.intersection(zones[i])
            if piece.is_empty or piece.length == 0:
                continue
            pieces.append(piece)
            covered[i] += _project(e_line, piece)
            weighted_error += abs(thickness - e_thickness) * piece.length
            weight += piece.length
        if pieces:
            matched += union_all(pieces).length  # pieces overlap where expected zones meet
    expected_len = sum(line.length for line, _ in exp)
    actual_len = sum(line.length for line, _ in act)
    covered_len = sum(_union_length(spans) for spans in covered)
    precision = matched / actual_len if actual_len else 0.0
    recall = covered_len / expected_len if expected_len else 1.0
    return {
        "wall_precision": precision,
        "wall_recall": recall,
        "wall_f1": f1(precision, recall),
        "thickness_error_pts": weighted_error / weight if weight else None,
        "wall_length_expected": expected_len,
        "wall_length_actual": actual_len,
        "wall_length_matched": matched,
        "wall_length_covered": covered_len,
    }


def _polygon(room: dict) -> Polygon:
    polygon = Polygon(room.get("polygon") or [])
    return polygon if polygon.is_valid else polygon.buffer(0)


def _score_rooms(expected: dict, actual: dict) -> dict:
    exp = [(r, _polygon(r)) for r in expected.get("rooms") or []]
    act = [(r, _polygon(r)) for r in actual.get("rooms") or []]
    pairs = []
    for i, (_, ep) in enumerate(exp):
        for j, (_, ap) in enumerate(act):
            if ep.intersects(ap):
                iou = ep.intersection(ap).area / ep.union(ap).area
                if iou >= ROOM_IOU:
                    pairs.append((iou, i, j))
    used_e, used_a, errors, labelled = set(), set(), [], 0
    for _, i, j in sorted(pairs, reverse=True):
        if i in used_e or j in used_a:
            continue
        used_e.add(i)
        used_a.add(j)
        (er, ep), (ar, ap) = exp[i], act[j]
        # Compare the reported areas (what an estimator reads), falling back to the polygons.
        want, got = er.get("area_pts2") or ep.area, ar.get("area_pts2") or ap.area
        errors.append(abs(got - want) / want * 100)
        labelled += (er.get("label") or "").strip().upper() == (
            ar.get("label") or ""
        ).strip().upper()
    return {
        "rooms_expected": len(exp),
        "rooms_found": len(used_e),
        "rooms_labelled": labelled,
        "room_area_error_pct": sum(errors) / len(errors) if errors else None,
    }


def _count_openings(expected: dict, actual: dict, kind: str) -> tuple[int, int]:
    """(expected, matched): an actual opening matches within half the expected width."""
    exp = [o for o in expected.get("openings") or [] if o.get("kind") == kind]
    act = [o for o in actual.get("openings") or [] if o.get("kind") == kind]
    pairs = sorted(
        (math.hypot(e["x"] - a["x"], e["y"] - a["y"]), i, j)
        for i, e in enumerate(exp)
        for j, a in enumerate(act)
    )
    used_e, used_a = set(), set()
    for distance, i, j in pairs:
        if i not in used_e and j not in used_a and distance <= exp[i]["width_pts"] / 2:
            used_e.add(i)
            used_a.add(j)
    return len(exp), len(used_e)


def score(expected: dict, actual: dict) -> Score:
    doors_expected, doors_found = _count_openings(expected, actual, "door")
    windows_expected, windows_found = _count_openings(expected, actual, "window")
    want = (expected.get("scale") or {}).get("metres_per_point")
    got = (actual.get("scale") or {}).get("metres_per_point")
    scale_found = bool(got) and got > 0
    return Score(
        **_score_walls(expected, actual),
        **_score_rooms(expected, actual),
        doors_expected=doors_expected,
        doors_found=doors_found,
        windows_expected=windows_expected,
        windows_found=windows_found,
        scale_found=scale_found,
        scale_error=abs(got - want) / want if scale_found and want else None,
    )
