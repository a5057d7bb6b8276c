"""Assemble the SpatialGraph (docs/spatialgraph.schema.json) from the stage results."""

from __future__ import annotations

import math
from dataclasses import dataclass

from floorplans.spatialgraph import SCHEMA_VERSION, Room, Scale, SpatialGraph

from .primitives import PagePrimitives
from .review import Review
from .rooms import WallRect
from .scale import ScaleResult
from .stamped_rooms import StampedRoom


@dataclass(slots=True)
class PlacedOpening:
    kind: str
    wall_index: int
    x: float
    y: float
    width: float


def _r(value: float) -> float:
    return round(value, 2)


def scale_record(scale: ScaleResult | None) -> Scale | None:
    if scale is None:
        return None
    out: Scale = {
        "metres_per_point": round(scale.metres_per_point, 8),
        "source": scale.source,
        "text": scale.text,
    }
    if scale.evidence:
        out["evidence"] = list(scale.evidence)
    return out


def _room(index: int, room: StampedRoom) -> Room:
    out: Room = {
        "id": f"r{index}",
        "label": room.label,
        "kind": room.kind,
        "polygon": [[_r(x), _r(y)] for x, y in room.polygon.exterior.coords[:-1]],
        "area_pts2": _r(room.polygon.area),
        "perimeter_pts": _r(room.polygon.length),
    }
    if room.printed_area_m2 is not None:
        out["printed_area_m2"] = round(room.printed_area_m2, 2)
    out["confidence"] = room.confidence
    out["evidence"] = room.evidence
    return out


def build_graph(
    page: PagePrimitives,
    scale: ScaleResult | None,
    walls: list[WallRect],
    openings: list[PlacedOpening],
    rooms: list[StampedRoom],
    warnings: list[str],
    review: Review,
) -> SpatialGraph:
    return {
        "schema_version": SCHEMA_VERSION,
        "page": {
            "index": page.index,
            "width": _r(page.width),
            "height": _r(page.height),
            "rotation": page.rotation,
        },
        "scale": scale_record(scale),
        "walls": [
            {
                "id": f"w{i}",
                "x1": _r(w.x1),
                "y1": _r(w.y1),
                "x2": _r(w.x2),
                "y2": _r(w.y2),
                "length_pts": _r(math.hypot(w.x2 - w.x1, w.y2 - w.y1)),
                "thickness": _r(w.thickness),
            }
            for i, w in enumerate(walls, start=1)
        ],
        "openings": [
            {
                "id": f"o{i}",
                "wall_id": f"w{o.wall_index + 1}",
                "kind": o.kind,
                "x": _r(o.x),
                "y": _r(o.y),
                "width_pts": _r(o.width),
            }
            for i, o in enumerate(openings, start=1)
        ],
        "rooms": [_room(i, r) for i, r in enumerate(rooms, start=1)],
        "warnings": warnings,
        "review_required": review.required,
        "review_reasons": review.reasons,
        "coverage": review.coverage,
    }
