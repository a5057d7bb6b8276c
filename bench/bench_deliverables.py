"""Benchmark: corrections, the marked-up PDF and the Excel workbook.

    python bench/bench_deliverables.py [--runs 9] [--json OUT]

* Corrections: ``revision_create`` with 50 operations on the synthetic 300-wall / 40-room
  graph of bench_takeoff (apply, store revisions 0 and 1 in the database) plus re-pricing
  the new revision (build_layout + price_bom, what the generate job does) - the service
  time of a correction. Baseline, alternating in the same run: plain pricing of the same
  graph. Target: under 100 ms.
* Markup: ``markup_pdf`` of the generator's large (VA-size) sheet of 30,000+ objects with
  its takeoff (the generator's ground-truth graph of the sheet). Baseline: copying the
  same page unchanged with the same library (pypdf PdfReader -> PdfWriter.add_page ->
  write). Target: <= 1.5x. The output is checked to hold the original page content byte
  for byte, plus the overlay.
* Workbook: ``bom_to_xlsx`` of a 2,000-line BOM. Baseline: ``bom_to_csv`` of the same BOM.
  Target: under 1 s.

Corrections use a scratch SQLite database in a temporary folder (the embedded default);
nothing else touches a database.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_takeoff import summary, synthetic_graph, timed_pair
from bench.environment import BENCH_SECRET, prepare_django

CORRECTION_TARGET_MS = 100.0
MARKUP_TARGET_RATIO = 1.5
XLSX_TARGET_MS = 1000.0
XLSX_LINES = 2000
LARGE_SHEET_OBJECTS = 30000


def fifty_operations(graph: dict[str, Any]) -> list[dict[str, Any]]:
    """A realistic mix: renames, finishes, wall types, exclusions, added walls, merges."""
    rooms = [r["id"] for r in graph["rooms"]]
    walls = [w["id"] for w in graph["walls"]]
    ops: list[dict[str, Any]] = [{"op": "set_scale", "text": "1:50"}]
    ops += [{"op": "rename_room", "room": r, "label": f"ROOM {r}"} for r in rooms[:10]]
    ops += [{"op": "set_room_finish", "room": r, "flooring": "vinyl"} for r in rooms[10:20]]
    ops += [{"op": "set_wall_type", "wall": w, "exterior": False} for w in walls[:10]]
    ops += [{"op": "exclude_wall", "wall": w} for w in walls[100:105]]
    ops += [{"op": "exclude_room", "room": r} for r in rooms[20:25]]
    ops += [{"op": "add_wall", "x1": 50.0 + 200 * n, "y1": 10.0, "x2": 50.0 + 200 * n,
             "y2": 60.0, "thickness": 4.0} for n in range(5)]  # fmt: skip
    # Neighbours in the grid (10 columns): r26+r27, r29+r30, r32+r33.
    ops += [{"op": "merge_rooms", "rooms": [rooms[n], rooms[n + 1]]} for n in (25, 28, 31)]
    ops.append({"op": "split_room", "room": rooms[35], "line": [[1000, 525], [1200, 525]]})
    assert len(ops) == 50, len(ops)
    return ops


def bench_corrections(runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-deliverables-") as tmp:
        user = prepare_django(
            {"SECRET_KEY": BENCH_SECRET, "VAR_DIR": tmp,
             "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3"}
        )  # fmt: skip
        from floorplans.catalogue import catalogue_items
        from floorplans.models import Floorplan, FloorplanStatus
        from floorplans.revisions import revision_create
        from floorplans.takeoff import build_layout, parse_options, price_bom

        graph = synthetic_graph()
        operations = fifty_operations(graph)
        options = parse_options({})
        catalogue = catalogue_items()
        plans = iter(
            [
                Floorplan.objects.create(
                    owner=user,
                    name=f"p{n}",
                    graph=graph,
                    sha256="0" * 64,
                    status=FloorplanStatus.PROCESSED,
                )
                for n in range(runs + 1)
            ]
        )

        def correct_and_price(_) -> None:
            plan = next(plans)
            revision_create(floorplan=plan, operations=operations, author=user)
            price_bom(build_layout(plan.graph, options), catalogue, options)

        def plain_pricing(_) -> None:
            price_bom(build_layout(graph, options), catalogue, options)

        ours, base = timed_pair(correct_and_price, None, plain_pricing, None, runs)
    return {
        "walls": len(graph["walls"]),
        "operations": len(operations),
        "runs": runs,
        "correction": summary(ours),
        "baseline_pricing": summary(base),
        "ratio_per_run": summary([o / b for o, b in zip(ours, base, strict=True)], ""),
        "target_ms": CORRECTION_TARGET_MS,
        "within_target": statistics.median(ours) < CORRECTION_TARGET_MS,
    }


def bench_markup(runs: int) -> dict[str, Any]:
    from pypdf import PdfReader, PdfWriter

    from floorplans.samples.large_sheet import large_sheet_plan
    from floorplans.samples.render import drawing_object_count, ground_truth, render_pdf
    from floorplans.takeoff import build_layout, parse_options
    from floorplans.takeoff.markup import SheetMarkup, markup_pdf
    from floorplans.takeoff.takeoff_items import takeoff_items

    plan = large_sheet_plan(LARGE_SHEET_OBJECTS)
    pdf = render_pdf(plan, "double_line")  # what render_large_sheet draws
    objects = drawing_object_count(plan, "double_line")
    # The generator's exact graph of the sheet (what extraction finds, without its time).
    graph = ground_truth(plan, "double_line")
    items = takeoff_items(graph, build_layout(graph, parse_options({})))
    sheet = SheetMarkup(0, items, "bench", (("Total", "0.00 USD"),))

    def copy_page(_) -> int:
        writer = PdfWriter()
        writer.add_page(PdfReader(io.BytesIO(pdf)).pages[0])
        out = io.BytesIO()
        writer.write(out)
        return len(out.getvalue())

    ours, base = timed_pair(lambda _: markup_pdf(pdf, [sheet]), None, copy_page, None, runs)
    marked = PdfReader(io.BytesIO(markup_pdf(pdf, [sheet]))).pages[0].get_contents().get_data()
    original = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    ratios = [o / b for o, b in zip(ours, base, strict=True)]
    return {
        "objects": objects,
        "rooms": len(graph["rooms"]),
        "walls": len(graph["walls"]),
        "pdf_bytes": len(pdf),
        "runs": runs,
        "markup": summary(ours),
        "baseline_copy": summary(base),
        "ratio_per_run": summary(ratios, ""),
        "original_content_kept": original.strip() in marked,
        "overlay_bytes": len(marked) - len(original),
        "target_ratio": MARKUP_TARGET_RATIO,
        "within_target": statistics.median(ratios) <= MARKUP_TARGET_RATIO,
    }


def bench_xlsx(runs: int) -> dict[str, Any]:
    from floorplans.takeoff import (
        DEFAULT_CATALOGUE,
        bom_to_csv,
        build_layout,
        parse_options,
        price_bom,
    )
    from floorplans.takeoff.bom_workbook import bom_to_xlsx
    from floorplans.takeoff.takeoff_items import takeoff_items

    graph = synthetic_graph()
    options = parse_options({})
    layout = build_layout(graph, options)
    priced = price_bom(layout, DEFAULT_CATALOGUE, options)
    lines = (priced.lines * (XLSX_LINES // len(priced.lines) + 1))[:XLSX_LINES]
    bom = replace(priced, lines=tuple(lines))
    items = takeoff_items(graph, layout)
    info = {"Project": "bench", "Revision": 0}
    ours, base = timed_pair(lambda _: bom_to_xlsx(bom, items, info), None, bom_to_csv, bom, runs)
    return {
        "lines": len(bom.lines),
        "rooms": len(items.rooms),
        "walls": len(items.walls),
        "runs": runs,
        "xlsx": summary(ours),
        "baseline_csv": summary(base),
        "ratio_per_run": summary([o / b for o, b in zip(ours, base, strict=True)], ""),
        "target_ms": XLSX_TARGET_MS,
        "within_target": statistics.median(ours) < XLSX_TARGET_MS,
    }


def _mmm(figures: dict[str, float], unit: str) -> dict[str, float]:
    suffix = f"_{unit}" if unit else ""
    return {key: figures[f"{key}{suffix}"] for key in ("median", "min", "max")}


def table_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    c, m, x = result["corrections"], result["markup"], result["xlsx"]

    def verdict(part):
        return "meets" if part["within_target"] else "MISSES"

    return [
        {
            "figure": f"{c['operations']} corrections on a {c['walls']}-wall graph "
            "(revision_create) + re-pricing",
            **_mmm(c["correction"], "ms"),
            "unit": "ms",
            "baseline": f"plain pricing of the graph ({c['baseline_pricing']['median_ms']:.1f} ms)",
            "ratio": _mmm(c["ratio_per_run"], ""),
            "target": f"< {CORRECTION_TARGET_MS:.0f} ms: {verdict(c)}",
            "note": f"{c['runs']} runs, alternating; SQLite",
        },
        {
            "figure": f"markup.pdf of the large sheet ({m['objects']:,} objects, "
            f"{m['rooms']} rooms)",
            **_mmm(m["markup"], "ms"),
            "unit": "ms",
            "baseline": f"pypdf copy of the page ({m['baseline_copy']['median_ms']:.0f} ms)",
            "ratio": _mmm(m["ratio_per_run"], ""),
            "target": f"<= {MARKUP_TARGET_RATIO}x: {verdict(m)}",
            "note": f"{m['runs']} runs, alternating; original content kept: "
            f"{'yes' if m['original_content_kept'] else 'NO'}",
        },
        {
            "figure": f"export.xlsx of a {x['lines']:,}-line BOM",
            **_mmm(x["xlsx"], "ms"),
            "unit": "ms",
            "baseline": f"CSV of the same BOM ({x['baseline_csv']['median_ms']:.1f} ms)",
            "ratio": _mmm(x["ratio_per_run"], ""),
            "target": f"< {XLSX_TARGET_MS:,.0f} ms: {verdict(x)}",
            "note": f"{x['runs']} runs, alternating",
        },
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON here")
    args = parser.parse_args()
    started = time.perf_counter()
    result = {
        "benchmark": "deliverables",
        "corrections": bench_corrections(args.runs),
        "markup": bench_markup(args.runs),
        "xlsx": bench_xlsx(args.runs),
    }
    result["summary"] = table_rows(result)
    for row in result["summary"]:
        print(
            f"{row['figure']}: median {row['median']:,.1f} {row['unit']} (min {row['min']:,.1f}, "
            f"max {row['max']:,.1f}); {row['ratio']['median']:.2f}x {row['baseline']}; "
            f"{row['target']}; {row['note']}"
        )
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
