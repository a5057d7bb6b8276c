"""Score the extraction pipeline on every sample plan in every CAD export style.

    .venv/bin/python bench/eval_extraction.py [--json OUT] [--style S ...] [--plan NAME ...]

Renders each plan with floorplans.samples, runs floorplans.pipeline.extract_graph on the
PDF bytes, compares the result with the exact ground truth and prints one table per style,
then a summary per style and overall. Needs no Django settings.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from floorplans.samples.catalog import sample_plans
from floorplans.samples.render import STYLES, ground_truth, render_pdf
from floorplans.samples.scoring import f1, score

try:
    from floorplans.pipeline import extract_graph
except ImportError as exc:  # the pipeline is written separately; say exactly what is missing
    sys.exit(f"cannot import floorplans.pipeline.extract_graph: {exc}")

EMPTY_GRAPH: dict = {"walls": [], "openings": [], "rooms": [], "scale": None}
# Targets, met by every style and by all styles together.
WALL_F1_TARGET = 0.97
ROOMS_TARGET = 0.90  # rooms matched / expected
DOORS_TARGET = 0.90  # door recall
SCALE_TARGET = 0.95  # scale read / sheets that print a scale note
HEADER = (
    f"{'plan':<28} {'wall P':>6} {'R':>6} {'F1':>6} {'thk err':>7} {'rooms':>7} "
    f"{'area err':>8} {'doors':>7} {'scale':>6} {'secs':>6}"
)


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _max(values: list[float | None]) -> float | None:
    return max((v for v in values if v is not None), default=None)


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else None


def run_case(plan_name: str, pdf: bytes, expected: dict) -> dict:
    started = time.perf_counter()
    error = None
    try:
        actual = extract_graph(pdf)
    except Exception as exc:  # a crash is a result too: score it as an empty graph
        actual, error = EMPTY_GRAPH, f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    return {
        "plan": plan_name,
        "seconds": seconds,
        "error": error,
        "scale_noted": bool((expected.get("scale") or {}).get("metres_per_point")),
        **score(expected, actual).as_dict(),
    }


def summarise(rows: list[dict]) -> dict:
    """Wall P/R are pooled over total lengths, so big plans weigh more than tiny ones."""
    actual = sum(r["wall_length_actual"] for r in rows)
    expected = sum(r["wall_length_expected"] for r in rows)
    precision = sum(r["wall_length_matched"] for r in rows) / actual if actual else 0.0
    recall = sum(r["wall_length_covered"] for r in rows) / expected if expected else 0.0
    return {
        "plan": "ALL",
        "wall_precision": precision,
        "wall_recall": recall,
        "wall_f1": f1(precision, recall),
        "thickness_error_pts": _mean([r["thickness_error_pts"] for r in rows]),
        "rooms_found": sum(r["rooms_found"] for r in rows),
        "rooms_expected": sum(r["rooms_expected"] for r in rows),
        "room_area_error_pct": _mean([r["room_area_error_pct"] for r in rows]),
        "doors_found": sum(r["doors_found"] for r in rows),
        "doors_expected": sum(r["doors_expected"] for r in rows),
        "scale_found": sum(bool(r["scale_found"]) for r in rows),
        "scale_cases": len(rows),
        # "where a note exists": sheets that print a scale note, and how many were read
        "scale_noted": sum(r["scale_noted"] for r in rows),
        "scale_found_noted": sum(r["scale_noted"] and bool(r["scale_found"]) for r in rows),
        "scale_error_max": _max([r["scale_error"] for r in rows]),
        "seconds": sum(r["seconds"] for r in rows),
        "errors": sum(r.get("error") is not None for r in rows),
    }


def _share(found: int, expected: int) -> float | None:
    return found / expected if expected else None


def _verdict(label: str, value: float | None, target: float) -> str:
    if value is None:
        return f"{label}: n/a"
    return f"{label}: {'meets' if value >= target else 'MISSES'}"


def summary_rows(name: str, agg: dict) -> list[dict]:
    """The two rows run_all.py puts in the bench table for one style (or OVERALL)."""
    rooms = _share(agg["rooms_found"], agg["rooms_expected"])
    doors = _share(agg["doors_found"], agg["doors_expected"])
    scale = _share(agg["scale_found_noted"], agg["scale_noted"])
    thickness = _fmt(agg["thickness_error_pts"], ".3f")
    area = _fmt(agg["room_area_error_pct"], ".2f")
    scale_error = agg["scale_error_max"]
    notes = []
    if agg["scale_noted"] < agg["scale_cases"]:
        notes.append(f"{agg['scale_cases'] - agg['scale_noted']} sheet(s) print no scale note")
    if scale_error is not None:
        notes.append(f"worst scale error {scale_error * 100:.3g} %")
    if agg["errors"]:
        notes.append(f"{agg['errors']} extraction(s) CRASHED")
    return [
        {
            "figure": f"{name}: walls P / R / F1 (length-pooled); thickness error",
            "value": f"{agg['wall_precision']:.3f} / {agg['wall_recall']:.3f} / "
            f"{agg['wall_f1']:.3f}; {thickness} pt",
            "baseline": "ground truth",
            "target": _verdict(f"F1 ≥ {WALL_F1_TARGET}", agg["wall_f1"], WALL_F1_TARGET),
        },
        {
            "figure": f"{name}: rooms matched (area error) / doors found / scale read where noted",
            "value": f"{agg['rooms_found']}/{agg['rooms_expected']} (area error {area} %) / "
            f"{agg['doors_found']}/{agg['doors_expected']} / "
            f"{agg['scale_found_noted']}/{agg['scale_noted']}",
            "baseline": "ground truth",
            "target": "; ".join(
                [
                    _verdict(f"rooms ≥ {ROOMS_TARGET:.0%}", rooms, ROOMS_TARGET),
                    _verdict(f"doors ≥ {DOORS_TARGET:.0%}", doors, DOORS_TARGET),
                    _verdict(f"scale ≥ {SCALE_TARGET:.0%}", scale, SCALE_TARGET),
                ]
            ),
            "note": "; ".join(notes),
        },
    ]


def format_row(row: dict) -> str:
    scale = (
        f"{row['scale_found']}/{row['scale_cases']}"
        if "scale_cases" in row
        else ("yes" if row["scale_found"] else "no")
    )
    area_error = _fmt(row["room_area_error_pct"], ".1f") + "%"
    line = (
        f"{row['plan'][:28]:<28} {row['wall_precision']:>6.3f} {row['wall_recall']:>6.3f} "
        f"{row['wall_f1']:>6.3f} {_fmt(row['thickness_error_pts'], '.2f'):>7} "
        f"{row['rooms_found']:>3}/{row['rooms_expected']:<3} {area_error:>8} "
        f"{row['doors_found']:>3}/{row['doors_expected']:<3} {scale:>6} {row['seconds']:>6.2f}"
    )
    return line + (f"  ERROR {row['error'][:60]}" if row.get("error") else "")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="also write every row and summary here")
    parser.add_argument("--style", action="append", choices=STYLES, help="only these styles")
    parser.add_argument("--plan", action="append", help="only plans whose name contains this")
    parser.add_argument("--seed", type=int, default=0, help="seed for the randomised styles")
    args = parser.parse_args()

    styles = args.style or list(STYLES)
    plans = [
        p
        for p in sample_plans()
        if not args.plan or any(s.lower() in p.name.lower() for s in args.plan)
    ]
    results: dict[str, list[dict]] = {}
    for style in styles:
        rows = []
        for plan in plans:
            pdf = render_pdf(plan, style, seed=args.seed)
            rows.append(run_case(plan.name, pdf, ground_truth(plan, style)))
        results[style] = rows
        print(f"\n== {style}\n{HEADER}")
        for row in rows:
            print(format_row(row))
        print(format_row(summarise(rows)))

    summaries = {style: summarise(rows) for style, rows in results.items()}
    overall = summarise([row for rows in results.values() for row in rows])
    print(f"\n== summary by style\n{HEADER.replace('plan', 'style', 1)}")
    for style, summary in summaries.items():
        print(format_row({**summary, "plan": style}))
    print(format_row({**overall, "plan": "OVERALL"}))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        table = [row for style, agg in summaries.items() for row in summary_rows(style, agg)]
        table += summary_rows("OVERALL", overall)
        payload = {
            "results": results,
            "by_style": summaries,
            "overall": overall,
            "summary": table,
        }
        args.json.write_text(json.dumps(payload, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
