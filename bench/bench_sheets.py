"""Sheet classification: correct on every corpus page and generated sheet, and cheap.

    .venv/bin/python bench/bench_sheets.py [--json OUT] [--runs N]

1. Every page of the development corpus (var/realplans, skipped when absent) against the
   key in bench/realplans/sheet_kinds.json: kinds, and the pages a building BOM prices.
2. A generated set with every sheet kind, lettered and text-less, and a set titled in
   each other language titles are read in (German, French, Spanish, Italian, Dutch,
   Slovenian: ``SHEET_TITLES``), against their specs.
3. Cost: per page, classifying it against extracting it (`extract_graph`), the two
   alternated in the same run, median of N runs each; the target is <= 0.5x.
Needs no Django settings.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import base_parser, write_json  # noqa: E402
from floorplans.pipeline import PdfError, extract_graph  # noqa: E402
from floorplans.pipeline.limits import Limits  # noqa: E402
from floorplans.pipeline.sheet_content import open_pdf  # noqa: E402
from floorplans.pipeline.sheets import classify_page, classify_sheets, takeoff_pages  # noqa: E402
from floorplans.samples.drawing_set import (  # noqa: E402
    SHEET_TITLES,
    building_set,
    language_set,
    render_set,
)

CORPUS = ROOT / "var" / "realplans"
KEY = ROOT / "bench" / "realplans" / "sheet_kinds.json"
COST_TARGET = 0.5


def _median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _cost(name: str, data: bytes, page: int, runs: int) -> dict:
    with open_pdf(data) as document:
        classify = _median_seconds(lambda: classify_page(document, page, Limits()), runs)
    try:
        extract = _median_seconds(lambda: extract_graph(data, page), runs)
    except Exception as exc:  # a page the pipeline cannot read has no cost to compare
        error = exc.code if isinstance(exc, PdfError) else f"crash: {exc!r}"[:120]
        return {"sheet": f"{name} p{page}", "classify_s": round(classify, 4), "extract": error}
    return {
        "sheet": f"{name} p{page}",
        "classify_s": round(classify, 4),
        "extract_s": round(extract, 4),
        "ratio": round(classify / extract, 3),
    }


def corpus(runs: int) -> dict:
    if not CORPUS.is_dir():
        return {"skipped": f"{CORPUS} not found"}
    key = json.loads(KEY.read_text())["files"]
    pages, wrong, takeoff_wrong, costs = 0, [], [], []
    for name, expected in key.items():
        data = (CORPUS / name).read_bytes()
        sheets = list(classify_sheets(data))
        pages += len(sheets)
        for sheet, kind in zip(sheets, expected["kinds"], strict=True):
            print(f"  {name} p{sheet.page}: {sheet.kind:<22} {'; '.join(sheet.evidence)}")
            if sheet.kind != kind:
                wrong.append(f"{name} p{sheet.page}: {sheet.kind}, key {kind}")
        if takeoff_pages(sheets) != expected["takeoff"]:
            takeoff_wrong.append(f"{name}: {takeoff_pages(sheets)}, key {expected['takeoff']}")
        costs += [_cost(name, data, sheet.page, runs) for sheet in sheets]
    return {"pages": pages, "wrong": wrong, "takeoff_wrong": takeoff_wrong, "costs": costs}


def generated(runs: int) -> dict:
    specs = building_set(levels=2)
    specs += [spec for language in SHEET_TITLES for spec in language_set(language)]
    # Text-less last: the cost below times their plan, the 8th page from the end.
    specs += [replace(spec, lettered=False) for spec in building_set(levels=1)]
    data = render_set(specs)
    sheets = list(classify_sheets(data))
    wrong = [
        f"p{s.page} {'lettered' if spec.lettered else 'text-less'} {spec.kind}: {s.kind}"
        for s, spec in zip(sheets, specs, strict=True)
        if s.kind != spec.kind
    ]
    # Text-less sheets other than plans may stay unknown; a plan must never be missed
    # and nothing else may be taken off.
    missed_or_false = [
        f"p{s.page}: {spec.kind} -> {s.kind}"
        for s, spec in zip(sheets, specs, strict=True)
        if (s.kind == "floor_plan") != (spec.kind == "floor_plan")
    ]
    costs = [_cost("generated", data, page, runs) for page in (1, len(specs) - 8)]
    return {
        "pages": len(specs),
        "not_exact": wrong,
        "takeoff_errors": missed_or_false,
        "costs": costs,
    }


def summary_rows(result: dict, runs: int) -> list[dict]:
    """The rows run_all.py puts in the bench table."""
    real, made, cost = result["corpus"], result["generated"], result["cost_ratio"]
    if "skipped" in real:
        real_row = {"figure": "corpus pages classified as the key says", "value": "skipped",
                    "note": real["skipped"]}  # fmt: skip
    else:
        right, off = real["pages"] - len(real["wrong"]), len(real["takeoff_wrong"])
        real_row = {
            "figure": "corpus pages classified as the key says (kinds; pages taken off)",
            "value": f"{right}/{real['pages']}; takeoff pages wrong in {off} file(s)",
            "baseline": "bench/realplans/sheet_kinds.json",
            "target": "every page: " + ("meets" if not real["wrong"] else "MISSES"),
        }
    plans_ok = not made["takeoff_errors"]
    return [
        real_row,
        {
            "figure": f"generated set, {made['pages']} sheets: plans found, nothing else taken off",
            "value": "yes" if plans_ok else "NO",
            "note": f"{len(made['not_exact'])} text-less non-plan sheets left unknown",
            "target": "must be yes",
        },
        {
            "figure": "classifying a page, cost: median over pages (worst page)",
            "value": f"{cost['median']:.2f}x ({cost['max']:.2f}x)",
            "baseline": "extracting the same page, in the same run",
            "target": f"≤ {COST_TARGET}x on every page: "
            + ("meets" if cost["met_every_page"] else "MISSES"),
            "note": f"median of {runs} run(s) per page",
        },
    ]


def main() -> int:
    parser = base_parser(__doc__)
    parser.add_argument("--runs", type=int, help="timed runs per page (default 3; 2 with --quick)")
    args = parser.parse_args()
    runs = args.runs or (2 if args.quick else 3)
    result = {"corpus": corpus(runs), "generated": generated(runs)}
    ratios = [
        c["ratio"]
        for part in result.values()
        for c in part.get("costs", [])
        if c.get("ratio") is not None
    ]
    result["cost_ratio"] = {
        "median": statistics.median(ratios),
        "max": max(ratios),
        "target": COST_TARGET,
        "met_median": statistics.median(ratios) <= COST_TARGET,
        "met_every_page": max(ratios) <= COST_TARGET,
    }
    result["summary"] = summary_rows(result, runs)
    print(json.dumps(result, indent=2))
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
