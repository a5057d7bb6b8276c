"""Benchmark: layout + priced BOM for a synthetic 300-wall, 40-room plan.

    python bench/bench_takeoff.py [--runs 15] [--cli-runs 3] [--json OUT]

The generator is timed end to end (build_layout + price_bom + bom_to_csv) from the graph
dict. A baseline measured in the same process and run, alternating with it - json.loads of
the graph plus shapely geometry for every wall and room, the least any geometric consumer
of the graph does - turns machine speed into a ratio that is comparable across machines.
Target: median under 200 ms.

Then the whole command line, ``manage.py takeoff sample.pdf --catalogue default --format
json`` on the sample plan (the demo house that ``load_sample`` ingests): a fresh process
that starts Python and Django, extracts the page, lays it out and prints the priced BOM.
Target: under 2 s (2,000 ms). Its baseline, alternating with it, is ``manage.py version`` (the same
interpreter and Django start-up, nothing else), so the difference is the takeoff's own.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shapely.geometry import LineString, Polygon

from bench.environment import ROOT
from floorplans.takeoff import (
    DEFAULT_CATALOGUE,
    bom_to_csv,
    build_layout,
    parse_options,
    price_bom,
)

TARGET_MS = 200.0
CLI_TARGET_MS = 2000.0
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


def _ms(fn: Any, arg: Any) -> float:
    start = time.perf_counter()
    fn(arg)
    return (time.perf_counter() - start) * 1000


def timed_pair(fn: Any, arg: Any, base: Any, base_arg: Any, runs: int) -> tuple[list, list]:
    """`runs` timings (ms) of `fn(arg)` and of the baseline `base(base_arg)`, alternating
    after one untimed warm-up of each (imports, caches), so drift hits both alike."""
    fn(arg)
    base(base_arg)
    samples, baseline = [], []
    for _ in range(runs):
        samples.append(_ms(fn, arg))
        baseline.append(_ms(base, base_arg))
    return samples, baseline


def run_command(argv: list[str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *argv],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=120,
    )


def time_cli(runs: int) -> dict[str, Any]:
    """Wall time (ms) of ``manage.py takeoff`` on the sample plan vs ``manage.py version``."""
    from floorplans.samples.catalog import demo_plan
    from floorplans.samples.render import render_pdf

    with tempfile.TemporaryDirectory(prefix="bench-takeoff-") as tmp:
        pdf = Path(tmp) / "sample-house.pdf"
        pdf.write_bytes(render_pdf(demo_plan(), "double_line"))
        takeoff = ["takeoff", str(pdf), "--catalogue", "default", "--format", "json"]
        ours, bare = timed_pair(run_command, takeoff, run_command, ["version"], runs)
    return {
        "command": "manage.py takeoff sample-house.pdf --catalogue default --format json",
        "runs": runs,
        "takeoff": summary(ours),
        "baseline_version": summary(bare),
        "ratio_per_run": summary([o / b for o, b in zip(ours, bare, strict=True)], ""),
        "target_ms": CLI_TARGET_MS,
        "within_target": statistics.median(ours) < CLI_TARGET_MS,
    }


def summary(samples: list[float], unit: str = "ms") -> dict[str, float]:
    suffix = f"_{unit}" if unit else ""
    return {
        f"median{suffix}": round(statistics.median(samples), 3),
        f"min{suffix}": round(min(samples), 3),
        f"max{suffix}": round(max(samples), 3),
    }


def table_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows run_all.py puts in the bench table."""

    def mmm(figures: dict[str, float], unit: str) -> dict[str, float]:
        suffix = f"_{unit}" if unit else ""
        return {key: figures[f"{key}{suffix}"] for key in ("median", "min", "max")}

    takeoff, base = result["takeoff"], result["baseline_json_shapely"]
    verdict = "meets" if result["within_target"] else "MISSES"
    rows = [
        {
            "figure": f"layout + priced BOM + CSV, {result['walls']}-wall / {result['rooms']}-"
            f"room graph ({result['studs']} studs)",
            **mmm(takeoff, "ms"),
            "unit": "ms",
            "baseline": f"json.loads + shapely walls/rooms ({base['median_ms']:.1f} ms)",
            "ratio": mmm(result["ratio_per_run"], ""),
            "target": f"< {TARGET_MS:.0f} ms: {verdict}",
            "note": f"{result['runs']} runs, alternating",
        }
    ]
    cli = result.get("cli")
    if cli:
        verdict = "meets" if cli["within_target"] else "MISSES"
        rows.append(
            {
                "figure": "manage.py takeoff of the sample plan, end to end (fresh process)",
                **mmm(cli["takeoff"], "ms"),
                "unit": "ms",
                "baseline": f"manage.py version ({cli['baseline_version']['median_ms']:.0f} ms)",
                "ratio": mmm(cli["ratio_per_run"], ""),
                "target": f"< {CLI_TARGET_MS:,.0f} ms: {verdict}",
                "note": f"{cli['runs']} runs, alternating; --catalogue default --format json",
            }
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--cli-runs", type=int, default=3, help="runs of manage.py takeoff (0: skip it)"
    )
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON here")
    args = parser.parse_args()

    graph = synthetic_graph()
    text = json.dumps(graph)
    samples, base_samples = timed_pair(run_takeoff, graph, run_baseline, text, args.runs)
    takeoff, baseline = summary(samples), summary(base_samples)
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
        "ratio_per_run": summary([t / b for t, b in zip(samples, base_samples, strict=True)], ""),
        "target_ms": TARGET_MS,
        "within_target": takeoff["median_ms"] < TARGET_MS,
    }
    if args.cli_runs > 0:
        result["cli"] = time_cli(args.cli_runs)
    result["summary"] = table_rows(result)
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
    cli = result.get("cli")
    if cli:
        ours, bare = cli["takeoff"], cli["baseline_version"]
        print(
            f"  {cli['command']}: median {ours['median_ms']:.0f} ms  min {ours['min_ms']:.0f}"
            f"  max {ours['max_ms']:.0f}  (target < {CLI_TARGET_MS:.0f} ms: "
            f"{'ok' if cli['within_target'] else 'MISSED'}); manage.py version median "
            f"{bare['median_ms']:.0f} ms; {cli['runs']} runs"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["within_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
