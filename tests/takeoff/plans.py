"""SpatialGraph builders for the takeoff tests (hand-sized plans with round numbers)."""

from __future__ import annotations

from typing import Any

INCH_PER_POINT = 0.0254  # 1 pt = 1 in: imperial hand arithmetic reads straight off the plan
CM_PER_POINT = 0.01  # 1 pt = 1 cm


def graph(
    walls: list[dict[str, Any]],
    openings: list[dict[str, Any]] | None = None,
    rooms: list[dict[str, Any]] | None = None,
    metres_per_point: float | None = INCH_PER_POINT,
) -> dict[str, Any]:
    scale = None
    if metres_per_point is not None:
        scale = {"metres_per_point": metres_per_point, "source": "override", "text": "test"}
    return {
        "schema_version": 1,
        "page": {"index": 0, "width": 1224.0, "height": 792.0, "rotation": 0},
        "scale": scale,
        "walls": walls,
        "openings": openings or [],
        "rooms": rooms or [],
        "warnings": [],
    }


def wall(wall_id: str, x1: float, y1: float, x2: float, y2: float, thickness: float = 4.5):
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    return {
        "id": wall_id,
        "x1": x1,
        "y1": y1,
        "x2": x2,
        "y2": y2,
        "length_pts": length,
        "thickness": thickness,
    }


def opening(opening_id: str, wall_id: str, kind: str, x: float, y: float, width: float):
    return {"id": opening_id, "wall_id": wall_id, "kind": kind, "x": x, "y": y, "width_pts": width}


def room(room_id: str, label: str, x0: float, y0: float, x1: float, y1: float):
    """Axis-aligned room; polygon follows the walls' inner faces."""
    width, height = x1 - x0, y1 - y0
    return {
        "id": room_id,
        "label": label,
        "polygon": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
        "area_pts2": width * height,
        "perimeter_pts": 2 * (width + height),
    }


def two_room_plan(metres_per_point: float) -> dict[str, Any]:
    """600 x 400 pt outline split at x=300 by an interior wall; walls 10 pt thick.

    BEDROOM (left) has a 120 pt window in the top wall at x=150; a 90 pt door in the
    interior wall at y=200 joins it to the KITCHEN (right). The interior wall's ends sit on
    the top and bottom walls' centrelines: two T junctions; the outline has four corners.
    """
    walls = [
        wall("w1", 0, 0, 600, 0, 10),
        wall("w2", 600, 0, 600, 400, 10),
        wall("w3", 600, 400, 0, 400, 10),
        wall("w4", 0, 400, 0, 0, 10),
        wall("w5", 300, 0, 300, 400, 10),
    ]
    openings = [
        opening("o1", "w1", "window", 150, 0, 120),
        opening("o2", "w5", "door", 300, 200, 90),
    ]
    rooms = [room("r1", "BEDROOM", 5, 5, 295, 395), room("r2", "KITCHEN", 305, 5, 595, 395)]
    return graph(walls, openings, rooms, metres_per_point)
