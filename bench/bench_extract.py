"""Time the PDF -> SpatialGraph pipeline against a bare pdfminer.six parse of the same page.

    .venv/bin/python bench/bench_extract.py [--runs N] [--objects N] [--json OUT] [--profile]

"Bare" is what any pdfminer-based reader pays at least: ``extract_pages(pdf,
laparams=None)`` fully consumed, i.e. the content stream interpreted and every path and
glyph turned into pdfminer layout objects, with no layout analysis. Both are measured in
the same process on the same bytes, alternating, so machine noise hits both alike.
Prints ms/page (median, min, max) for each sample style and a large sheet, the ratio of
medians, and peak RSS.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pdfminer.high_level import extract_pages

from floorplans.pipeline import extract_graph
from floorplans.samples.catalog import demo_plan
from floorplans.samples.large_sheet import large_sheet_plan
from floorplans.samples.render import STYLES, drawing_object_count, render_pdf


def bare_parse(pdf: bytes) -> None:
    for page in extract_pages(io.BytesIO(pdf), laparams=None):
        for _ in page:
            pass


def _time(fn: Callable[[bytes], object], pdf: bytes) -> float:
    started = time.perf_counter()
    fn(pdf)
    return (time.perf_counter() - started) * 1000


def measure(name: str, pdf: bytes, objects: int, runs: int) -> dict:
    ours, bare = [], []
    for _ in range(runs):
        bare.append(_time(bare_parse, pdf))
        ours.append(_time(extract_graph, pdf))
    return {
        "case": name,
        "objects": objects,
        "pipeline_ms": {"median": statistics.median(ours), "min": min(ours), "max": max(ours)},
        "bare_ms": {"median": statistics.median(bare), "min": min(bare), "max": max(bare)},
        "ratio": statistics.median(ours) / statistics.median(bare),
    }


def cases(large_objects: int) -> list[tuple[str, bytes, int]]:
    plan = demo_plan()
    out = [(style, render_pdf(plan, style), drawing_object_count(plan, style)) for style in STYLES]
    large = large_sheet_plan(large_objects)
    out.append(
        (
            "large double_line",
            render_pdf(large, "double_line"),
            drawing_object_count(large, "double_line"),
        )
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--objects", type=int, default=20_000, help="size of the large sheet")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--profile", action="store_true", help="profile the large sheet")
    args = parser.parse_args()

    rows = [measure(name, pdf, n, args.runs) for name, pdf, n in cases(args.objects)]
    print(f"{'case':<20} {'objects':>8} {'pipeline ms (min-max)':>26} {'bare ms':>9} {'ratio':>6}")
    for r in rows:
        p, b = r["pipeline_ms"], r["bare_ms"]
        spread = f"{p['median']:.0f} ({p['min']:.0f}-{p['max']:.0f})"
        print(
            f"{r['case']:<20} {r['objects']:>8} {spread:>26} {b['median']:>9.0f} {r['ratio']:>6.2f}"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mb:.0f} MB (runs per case: {args.runs})")
    if args.json:
        args.json.write_text(json.dumps({"cases": rows, "peak_rss_mb": peak_mb}, indent=2))
    if args.profile:
        _, pdf, _ = cases(args.objects)[-1]
        profiler = cProfile.Profile()
        profiler.runcall(extract_graph, pdf)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
