"""Assemble the SpatialGraph (docs/spatialgraph.schema.json) from the stage results."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .primitives import PagePrimitives
from .rooms import RoomRegion, WallRect
from .scale import ScaleResult

SCHEMA_VERSION = 1


@dataclass(slots=True)
class PlacedOpening:
    kind: str
    wall_index: int
    x: float
    y: float
    width: float


def _r(value: float) -> float:
    return round(value, 2)


def build_graph(
    page: PagePrimitives,
    scale: ScaleResult | None,
    walls: list[WallRect],
    openings: list[PlacedOpening],
    rooms: list[RoomRegion],
    warnings: list[str],
) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "page": {
            "index": page.index,
            "width": _r(page.width),
            "height": _r(page.height),
            "rotation": page.rotation,
        },
        "scale": None
        if scale is None
        else {
            "metres_per_point": round(scale.metres_per_point, 8),
            "source": scale.source,
            "text": scale.text,
        },
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
        "rooms": [
            {
                "id": f"r{i}",
                "label": r.label,
                "polygon": [[_r(x), _r(y)] for x, y in r.polygon.exterior.coords[:-1]],
                "area_pts2": _r(r.polygon.area),
                "perimeter_pts": _r(r.polygon.length),
            }
            for i, r in enumerate(rooms, start=1)
        ],
        "warnings": warnings,
    }
