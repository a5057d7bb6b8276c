"""Benchmark: layout + priced BOM for a synthetic 300-wall, 40-room plan.

    python bench/bench_takeoff.py [--runs 15] [--json OUT]

The generator is timed end to end (build_layout + price_bom + bom_to_csv) from the graph
dict. A baseline measured in the same process and run - json.loads of the graph plus
shapely geometry for every wall and room, the least any geometric consumer of the graph
does - turns machine speed into a ratio that is comparable across machines. Target: median
under 200 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shapely.geometry import LineString, Polygon

from floorplans.takeoff import (
    DEFAULT_CATALOGUE,
    bom_to_csv,
    build_layout,
    parse_options,
    price_bom,
)

TARGET_MS = 200.0
COLUMNS, ROWS = 10, 4  # 40 rooms
CELL_W, CELL_H = 200.0, 150.0  # points; at 1/4 in = 1 ft: about 11.1 x 8.3 ft rooms
THICKNESS = 6.0
PIECES_PER_EDGE = 3  # drafting software often breaks long walls into segments
STUBS = 18  # short partitions (closets) off horizontal walls, each a T junction
METRES_PER_POINT = 0.3048 / 18  # 1/4 in = 1 ft: 18 pt of paper per foot


def synthetic_graph() -> dict[str, Any]:
    walls: list[dict[str, Any]] = []
    openings: list[dict[str, Any]] = []
    rooms: list[dict[str, Any]] = []

    def add_edge(x1: float, y1: float, x2: float, y2: float, exterior: bool) -> None:
        for piece in range(PIECES_PER_EDGE):
            a, b = piece / PIECES_PER_EDGE, (piece + 1) / PIECES_PER_EDGE
            wall_id = f"w{len(walls) + 1}"
            sx, sy = x1 + (x2 - x1) * a, y1 + (y2 - y1) * a
            ex, ey = x1 + (x2 - x1) * b, y1 + (y2 - y1) * b
            walls.append(
                {
                    "id": wall_id,
                    "x1": sx,
                    "y1": sy,
                    "x2": ex,
                    "y2": ey,
                    "length_pts": abs(ex - sx) + abs(ey - sy),
                    "thickness": THICKNESS,
                }
            )
            if piece == 1:  # middle piece: a window outside, a door inside
                openings.append(
                    {
                        "id": f"o{len(openings) + 1}",
                        "wall_id": wall_id,
                        "kind": "window" if exterior else "door",
                        "x": (sx + ex) / 2,
                        "y": (sy + ey) / 2,
                        "width_pts": 30.0 if exterior else 27.0,
                    }
                )

    for row in range(ROWS + 1):
        for column in range(COLUMNS):
            y = row * CELL_H
            add_edge(column * CELL_W, y, (column + 1) * CELL_W, y, row in (0, ROWS))
    for column in range(COLUMNS + 1):
        for row in range(ROWS):
            x = column * CELL_W
            add_edge(x, row * CELL_H, x, (row + 1) * CELL_H, column in (0, COLUMNS))
    for stub in range(STUBS):
        column, row = stub % COLUMNS, 1 + stub // COLUMNS
        x, y = column * CELL_W + CELL_W * 0.8, row * CELL_H
        walls.append(
            {
                "id": f"w{len(walls) + 1}",
                "x1": x,
                "y1": y,
                "x2": x,
                "y2": y + 40.0,
                "length_pts": 40.0,
                "thickness": THICKNESS,
            }
        )
    labels = ["BEDROOM", "KITCHEN", "BATH", "LIVING", "WC", "LAUNDRY", "HALL", "OFFICE"]
    half = THICKNESS / 2
    for row in range(ROWS):
        for column in range(COLUMNS):
            x0, y0 = column * CELL_W + half, row * CELL_H + half
            x1, y1 = (column + 1) * CELL_W - half, (row + 1) * CELL_H - half
            rooms.append(
                {
                    "id": f"r{len(rooms) + 1}",
                    "label": labels[len(rooms) % len(labels)],
                    "polygon": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
                    "area_pts2": (x1 - x0) * (y1 - y0),
                    "perimeter_pts": 2 * ((x1 - x0) + (y1 - y0)),
                }
            )
    return {
        "schema_version": 1,
        "page": {"index": 0, "width": 2200.0, "height": 700.0, "rotation": 0},
        "scale": {"metres_per_point": METRES_PER_POINT, "source": "text", "text": '1/4"=1\'-0"'},
        "walls": walls,
        "openings": openings,
        "rooms": rooms,
        "warnings": [],
    }


def run_takeoff(graph: dict[str, Any]) -> int:
    options = parse_options({})
    layout = build_layout(graph, options)
    bom = price_bom(layout, DEFAULT_CATALOGUE, options)
    return len(bom_to_csv(bom))


def run_baseline(text: str) -> int:
    graph = json.loads(text)
    shapes = [LineString([(w["x1"], w["y1"]), (w["x2"], w["y2"])]) for w in graph["walls"]]
    shapes += [Polygon(r["polygon"]) for r in graph["rooms"]]
    return len(shapes)


def timed(fn: Any, arg: Any, runs: int) -> list[float]:
    fn(arg)  # warm-up: imports, caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(arg)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(samples), 3),
        "min_ms": round(min(samples), 3),
        "max_ms": round(max(samples), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON here")
    args = parser.parse_args()

    graph = synthetic_graph()
    text = json.dumps(graph)
    takeoff = summary(timed(run_takeoff, graph, args.runs))
    baseline = summary(timed(run_baseline, text, args.runs))
    ratio = takeoff["median_ms"] / baseline["median_ms"]
    layout = build_layout(graph, parse_options({}))
    result = {
        "benchmark": "takeoff_layout_bom",
        "walls": len(graph["walls"]),
        "rooms": len(graph["rooms"]),
        "openings": len(graph["openings"]),
        "studs": sum(layout.stud_counts().values()),
        "runs": args.runs,
        "takeoff": takeoff,
        "baseline_json_shapely": baseline,
        "ratio_to_baseline": round(ratio, 2),
        "target_ms": TARGET_MS,
        "within_target": takeoff["median_ms"] < TARGET_MS,
    }
    print(
        f"takeoff ({result['walls']} walls, {result['rooms']} rooms, {result['openings']} "
        f"openings, {result['studs']} studs), {args.runs} runs"
    )
    print(
        f"  layout+BOM+CSV  median {takeoff['median_ms']:.1f} ms  min {takeoff['min_ms']:.1f}"
        f"  max {takeoff['max_ms']:.1f}  (target < {TARGET_MS:.0f} ms: "
        f"{'ok' if result['within_target'] else 'MISSED'})"
    )
    print(
        f"  baseline (json.loads + shapely walls/rooms)  median {baseline['median_ms']:.2f} ms"
        f"  min {baseline['min_ms']:.2f}  max {baseline['max_ms']:.2f}"
    )
    print(f"  ratio takeoff / baseline = {ratio:.1f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["within_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
