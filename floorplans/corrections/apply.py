"""The correction operations (DESIGN.md "Corrections and deliverables") and how each one
changes a SpatialGraph.

Sizes are never stored in metres: they follow from the points and `metres_per_point`, so
`set_scale` only replaces the scale and every area and length is recomputed on pricing.
Excluded rooms and walls stay in the graph flagged `excluded` (the marked-up PDF strikes
them through); the takeoff skips them. Ids are those of the graph the operations apply
to; an operation may refer to an id an earlier one in the same list created.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from floorplans.pipeline import parse_scale
from floorplans.takeoff.options import FLOORING_MATERIALS

from .room_shapes import area_and_perimeter, merged_outline, split_outline

MAX_OPERATIONS = 500
MAX_LINE_POINTS = 100
MAX_LABEL = 100
MAX_WALL_THICKNESS_PTS = 100.0
WALL_HEIGHT_RANGE_M = (1.8, 4.8)  # the generator's wall_height range (options.py)
MIN_GAP_PTS = 1.0  # merge bridges the thickest wall plus this much drawing slack


class InvalidOperation(ValueError):
    """Operation number `index` (from 0) cannot be applied; the message says why."""

    def __init__(self, index: int, op: Any, message: str) -> None:
        name = op if isinstance(op, str) else "?"
        super().__init__(f"operations[{index}] ({name}): {message}")
        self.index = index
        self.message = message


class _Refused(ValueError):
    """Raised inside an operation; apply_operations adds which operation it was."""


Graph = dict[str, Any]
Operation = dict[str, Any]


def apply_operations(graph: Graph, operations: Sequence[Any]) -> tuple[Graph, list[str]]:
    """A corrected copy of `graph` and what each operation changed, in order."""
    if not isinstance(operations, list) or not operations:
        raise InvalidOperation(0, None, "send a non-empty list of operations")
    if len(operations) > MAX_OPERATIONS:
        raise InvalidOperation(
            MAX_OPERATIONS, None, f"at most {MAX_OPERATIONS} operations per revision"
        )
    result = copy.deepcopy(graph)
    changes = []
    for index, operation in enumerate(operations):
        name = operation.get("op") if isinstance(operation, dict) else None
        handler = OPERATIONS.get(name) if isinstance(name, str) else None
        if handler is None:
            known = ", ".join(OPERATIONS)
            raise InvalidOperation(index, name, f"unknown operation; use one of {known}")
        try:
            changes.append(handler(result, operation))
        except _Refused as exc:
            raise InvalidOperation(index, name, str(exc)) from None
    return result, changes


# --- reading an operation's fields ------------------------------------------------------


def _field(operation: Operation, key: str) -> Any:
    if key not in operation:
        raise _Refused(f"'{key}' is required")
    return operation[key]


def _number(operation: Operation, key: str, low: float, high: float) -> float:
    value = _field(operation, key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Refused(f"'{key}' must be a number")
    if not low <= value <= high:
        raise _Refused(f"'{key}' must be between {low:g} and {high:g}")
    return float(value)


def _flag(operation: Operation, key: str) -> bool:
    value = operation[key]
    if not isinstance(value, bool):
        raise _Refused(f"'{key}' must be true or false")
    return value


def _text(operation: Operation, key: str, limit: int = MAX_LABEL) -> str:
    value = _field(operation, key)
    if not isinstance(value, str) or not value.strip() or not value.isprintable():
        raise _Refused(f"'{key}' must be printable, non-empty text")
    if len(value) > limit:
        raise _Refused(f"'{key}' must be at most {limit} characters")
    return value.strip()


def _points(operation: Operation, key: str, graph: Graph, count: int | None = None) -> list:
    value = _field(operation, key)
    wanted = f"exactly {count}" if count else f"2 to {MAX_LINE_POINTS}"
    if not isinstance(value, list) or not (
        len(value) == count if count else 2 <= len(value) <= MAX_LINE_POINTS
    ):
        raise _Refused(f"'{key}' must be a list of {wanted} [x, y] points")
    width, height = _page_size(graph)
    points = []
    for point in value:
        if not (isinstance(point, list) and len(point) == 2):
            raise _Refused(f"'{key}' must be a list of [x, y] points")
        # A little off the page is fine (a split line drawn past the walls), far off is not.
        x = _number({"x": point[0]}, "x", -width, 2 * width)
        y = _number({"y": point[1]}, "y", -height, 2 * height)
        points.append([x, y])
    return points


def _page_size(graph: Graph) -> tuple[float, float]:
    page = graph.get("page") or {}
    return float(page.get("width") or 1e5), float(page.get("height") or 1e5)


def _item(graph: Graph, collection: str, operation: Operation, key: str) -> dict[str, Any]:
    ref = _field(operation, key)
    kind = collection[:-1]
    for item in graph.get(collection, []):
        if item.get("id") == ref:
            if item.get("excluded"):
                raise _Refused(f"{kind} {ref} is excluded")
            return item
    raise _Refused(f"there is no {kind} {ref!r} in this revision")


def _next_id(graph: Graph, collection: str, prefix: str) -> str:
    numbers = [
        int(match.group(1))
        for item in graph.get(collection, [])
        if (match := re.fullmatch(rf"{prefix}(\d+)", str(item.get("id"))))
    ]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _label(room: dict[str, Any]) -> str:
    return room.get("label") or room["id"]


# --- the operations ---------------------------------------------------------------------


def set_scale(graph: Graph, operation: Operation) -> str:
    if "text" in operation:
        text = _text(operation, "text", 60)
        mpp = parse_scale(text)
        if mpp is None:
            raise _Refused(f"'{text}' is not a drawing scale (try 1:50 or 1/4\"=1'-0\")")
    else:
        (x1, y1), (x2, y2) = _points(operation, "points", graph, count=2)
        distance = _number(operation, "distance_m", 0.01, 10_000)
        span = math.hypot(x2 - x1, y2 - y1)
        if span < 1:
            raise _Refused("the two points must be at least 1 pt apart")
        mpp = distance / span
        text = f"{distance:g} m measured over {span:.1f} pt"
    old = (graph.get("scale") or {}).get("metres_per_point")
    graph["scale"] = {"metres_per_point": mpp, "source": "correction", "text": text}
    if not old:
        return f"scale set to {text}"
    return f"scale set to {text}: lengths x{mpp / old:.4g}, areas x{(mpp / old) ** 2:.4g}"


def rename_room(graph: Graph, operation: Operation) -> str:
    room = _item(graph, "rooms", operation, "room")
    label = _text(operation, "label")
    before = _label(room)
    room["label"] = label
    room.pop("kind", None)  # read from the old label; stale now
    return f"room {room['id']} renamed {before} -> {label}"


def merge_rooms(graph: Graph, operation: Operation) -> str:
    refs = _field(operation, "rooms")
    if not isinstance(refs, list) or len(refs) < 2 or len(set(map(str, refs))) != len(refs):
        raise _Refused("'rooms' must list at least two different room ids")
    rooms = [_item(graph, "rooms", {"room": ref}, "room") for ref in refs]
    thickest = max((float(w.get("thickness") or 0) for w in graph.get("walls", [])), default=0)
    outline = merged_outline([r["polygon"] for r in rooms], thickest / 2 + MIN_GAP_PTS)
    if outline is None:
        raise _Refused(f"rooms {', '.join(refs)} are not next to each other")
    keep = rooms[0]
    # Areas add up exactly (the walls between them stay, unless excluded on their own);
    # the outline is for drawing and for finding which room a wall faces.
    keep["polygon"] = outline
    keep["area_pts2"] = sum(float(r["area_pts2"]) for r in rooms)
    keep["perimeter_pts"] = sum(float(r["perimeter_pts"]) for r in rooms)
    keep["merged_from"] = [r["id"] for r in rooms]
    for key in ("printed_area_m2", "confidence"):
        keep.pop(key, None)  # described one of the parts, not the whole
    gone = {r["id"] for r in rooms[1:]}
    graph["rooms"] = [r for r in graph["rooms"] if r.get("id") not in gone]
    return f"rooms {', '.join(_label(r) for r in rooms)} merged into {keep['id']}"


def split_room(graph: Graph, operation: Operation) -> str:
    room = _item(graph, "rooms", operation, "room")
    line = _points(operation, "line", graph)
    pieces = split_outline(room["polygon"], line)
    if len(pieces) < 2:
        raise _Refused(f"the line does not cut room {room['id']} in two; draw it wall to wall")
    ids = [f"{room['id']}{chr(ord('a') + n)}" for n in range(len(pieces))]
    taken = {r.get("id") for r in graph["rooms"]}
    if taken & set(ids):
        raise _Refused(f"room ids {', '.join(sorted(taken & set(ids)))} already exist")
    new_rooms = []
    for new_id, polygon in zip(ids, pieces, strict=True):
        area, perimeter = area_and_perimeter(polygon)
        piece = {
            k: v for k, v in room.items() if k not in ("printed_area_m2", "confidence", "evidence")
        }
        piece.update(
            id=new_id, polygon=polygon, area_pts2=area, perimeter_pts=perimeter,
            split_from=room["id"],
        )  # fmt: skip
        new_rooms.append(piece)
    at = graph["rooms"].index(room)
    graph["rooms"][at : at + 1] = new_rooms
    return f"room {_label(room)} ({room['id']}) split into {', '.join(ids)}"


def exclude_room(graph: Graph, operation: Operation) -> str:
    room = _item(graph, "rooms", operation, "room")
    room["excluded"] = True
    return f"room {_label(room)} ({room['id']}) excluded from the takeoff"


def exclude_wall(graph: Graph, operation: Operation) -> str:
    wall = _item(graph, "walls", operation, "wall")
    wall["excluded"] = True
    return f"wall {wall['id']} excluded from the takeoff (with its openings)"


def add_wall(graph: Graph, operation: Operation) -> str:
    width, height = _page_size(graph)
    x1, x2 = (_number(operation, key, 0, width) for key in ("x1", "x2"))
    y1, y2 = (_number(operation, key, 0, height) for key in ("y1", "y2"))
    thickness = _number(operation, "thickness", 0.1, MAX_WALL_THICKNESS_PTS)
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 1:
        raise _Refused("the wall must be at least 1 pt long")
    wall_id = _next_id(graph, "walls", "w")
    graph.setdefault("walls", []).append(
        {"id": wall_id, "x1": x1, "y1": y1, "x2": x2, "y2": y2,
         "length_pts": round(length, 3), "thickness": thickness, "added": True}
    )  # fmt: skip
    return f"wall {wall_id} added ({length:.1f} pt long, {thickness:g} pt thick)"


def set_room_finish(graph: Graph, operation: Operation) -> str:
    room = _item(graph, "rooms", operation, "room")
    if not any(key in operation for key in ("flooring", "paint", "ceiling")):
        raise _Refused("give at least one of 'flooring', 'paint' (walls), 'ceiling'")
    finishes = dict(room.get("finishes") or {})
    if "flooring" in operation:
        flooring = operation["flooring"]
        if flooring not in FLOORING_MATERIALS:
            raise _Refused(f"'flooring' must be one of {', '.join(FLOORING_MATERIALS)}")
        finishes["flooring"] = flooring
    for key in ("paint", "ceiling"):
        if key in operation:
            finishes[key] = _flag(operation, key)
    room["finishes"] = finishes
    said = ", ".join(f"{key} {value}" for key, value in finishes.items())
    return f"room {_label(room)} ({room['id']}) finishes: {said}"


def set_wall_type(graph: Graph, operation: Operation) -> str:
    wall = _item(graph, "walls", operation, "wall")
    said = []
    if "exterior" in operation:
        wall["exterior"] = _flag(operation, "exterior")
        said.append("exterior" if wall["exterior"] else "interior")
    if "height_m" in operation:
        wall["height_m"] = _number(operation, "height_m", *WALL_HEIGHT_RANGE_M)
        said.append(f"{wall['height_m']:g} m high")
    if not said:
        raise _Refused("give 'exterior' (true or false) and/or 'height_m'")
    return f"wall {wall['id']} set {', '.join(said)}"


OPERATIONS: dict[str, Callable[[Graph, Operation], str]] = {
    "set_scale": set_scale,
    "rename_room": rename_room,
    "merge_rooms": merge_rooms,
    "split_room": split_room,
    "exclude_room": exclude_room,
    "exclude_wall": exclude_wall,
    "add_wall": add_wall,
    "set_room_finish": set_room_finish,
    "set_wall_type": set_wall_type,
}
