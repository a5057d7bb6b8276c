"""Time the PDF -> SpatialGraph pipeline against a bare pdfminer.six parse of the same page.

    .venv/bin/python bench/bench_extract.py [--runs N] [--objects N] [--json OUT] [--profile]
        [--set-pages N] [--set-runs N] [--set-only]

"Bare" is what any pdfminer-based reader pays at least: ``PDFPageAggregator(laparams=None)``
driven by ``PDFPageInterpreter`` and its page fully consumed, i.e. the content stream
interpreted and every path and glyph turned into pdfminer layout objects, with no layout
analysis. (Not ``extract_pages(laparams=None)``: that substitutes the default ``LAParams()``
and so runs the text-box grouping, which is quadratic in the objects: ~40 s and 1.2 GB for
the large sheet, a baseline no reader of drawings needs.) Both are measured in
the same process on the same bytes, alternating after one untimed warm-up of each, so
machine noise hits both alike. Prints ms/page (median, min, max) for each sample style and
a large sheet, the ratio of medians (the table reports pipeline / bare of each run, median
(min-max)), and the peak RSS of this process, which the large sheet sets (it is read last
and is by far the biggest).

Memory for a page set (issue 3: "peak RSS under 300 MB for a 20-page set"): 20 sample
sheets (the sample plans in the CAD export styles, one page each) are extracted one after
the other in a fresh Python process that keeps every graph; its peak RSS (``ru_maxrss``)
is the figure, median (min-max) over ``--set-runs`` processes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pdfminer.converter import PDFPageAggregator
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

from floorplans.pipeline import extract_graph

SET_TARGET_MB = 300  # issue 3
# Linux carries a parent's peak RSS into its child's ru_maxrss across fork + exec, so the
# set child is started by this small launcher instead of by the (large) bench process:
# the child's ru_maxrss then starts from the launcher's ~10 MB, below its own imports.
LAUNCHER = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"


def bare_parse(pdf: bytes) -> None:
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=None)  # no layout analysis
    interpreter = PDFPageInterpreter(resources, device)
    for page in PDFPage.get_pages(io.BytesIO(pdf)):
        interpreter.process_page(page)
        for _ in device.get_result():
            pass


def _time(fn: Callable[[bytes], object], pdf: bytes) -> float:
    started = time.perf_counter()
    fn(pdf)
    return (time.perf_counter() - started) * 1000


def _mmm(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def measure(name: str, pdf: bytes, objects: int, runs: int) -> dict:
    bare_parse(pdf)  # warm-up, untimed: the first call of either pays for imports and caches
    extract_graph(pdf)
    ours, bare = [], []
    for _ in range(runs):
        bare.append(_time(bare_parse, pdf))
        ours.append(_time(extract_graph, pdf))
    return {
        "case": name,
        "objects": objects,
        "runs": runs,
        "pipeline_ms": _mmm(ours),
        "bare_ms": _mmm(bare),
        "ratio": statistics.median(ours) / statistics.median(bare),
        # pipeline / bare within each run (the two are timed back to back on the same bytes)
        "ratio_per_run": _mmm([o / b for o, b in zip(ours, bare, strict=True)]),
    }


def cases(large_objects: int) -> list[tuple[str, bytes, int]]:
    # Imported here so that the --set-child process loads only the pipeline.
    from floorplans.samples.catalog import demo_plan
    from floorplans.samples.render import STYLES, drawing_object_count, render_pdf

    plan = demo_plan()
    out = [(style, render_pdf(plan, style), drawing_object_count(plan, style)) for style in STYLES]
    return [*out, large_case(large_objects)]


def large_case(objects: int) -> tuple[str, bytes, int]:
    """The large sheet, last of ``cases`` (also the one ``--profile`` profiles)."""
    from floorplans.samples.large_sheet import large_sheet_plan
    from floorplans.samples.render import drawing_object_count, render_pdf

    large = large_sheet_plan(objects)
    return (
        "large double_line",
        render_pdf(large, "double_line"),
        drawing_object_count(large, "double_line"),
    )


def peak_rss_mb() -> float:
    """ru_maxrss of this process so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def set_child(folder: Path) -> None:
    """``--set-child``: extract every page of the set in this fresh process, keeping every
    graph (as one worker holding the whole set would); print the figures as JSON."""
    startup_mb = peak_rss_mb()
    started = time.perf_counter()
    graphs = [extract_graph(pdf.read_bytes()) for pdf in sorted(folder.glob("*.pdf"))]
    status = Path("/proc/self/status").read_text()
    hwm_kb = next(
        (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0
    )
    print(
        json.dumps(
            {
                "pages": len(graphs),
                "seconds": round(time.perf_counter() - started, 2),
                "startup_rss_mb": round(startup_mb, 1),
                "peak_rss_mb": round(peak_rss_mb(), 1),
                "vm_hwm_mb": round(hwm_kb / 1024, 1),  # the kernel's own peak: a cross-check
            }
        )
    )


def measure_set(pages: int, runs: int) -> dict:
    """Peak RSS of a fresh process extracting a `pages`-page set, `runs` times."""
    from bench.workloads import sample_sheets

    with tempfile.TemporaryDirectory(prefix="bench-extract-set-") as tmp:
        folder = Path(tmp)
        for i, (kind, pdf) in enumerate(sample_sheets(pages)):
            (folder / f"{i:03d}-{kind}.pdf").write_bytes(pdf)
        children = []
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", LAUNCHER, sys.executable, __file__, "--set-child", tmp],
                capture_output=True,
                text=True,
                check=True,
                timeout=300,
            )
            children.append(json.loads(out.stdout.strip().splitlines()[-1]))
    peaks = [c["peak_rss_mb"] for c in children]
    peak = _mmm(peaks)
    return {
        "pages": pages,
        "runs": children,
        "peak_rss_mb": peak,
        "target_mb": SET_TARGET_MB,
        "under_target": peak["max"] < SET_TARGET_MB,
    }


def summary(rows: list[dict], objects: int, peak_mb: float | None, page_set: dict) -> list:
    """The rows run_all.py puts in the bench table."""
    out = [
        {
            "figure": f"{r['case']} ({r['objects']:,} objects), pipeline ms/page",
            **r["pipeline_ms"],
            "unit": "ms",
            "baseline": f"bare pdfminer parse ({r['bare_ms']['median']:.0f} ms)",
            "ratio": r["ratio_per_run"],
            "note": f"{r['runs']} runs, alternating",
        }
        for r in rows
    ]
    if peak_mb is not None:
        out.append(
            {
                "figure": f"peak RSS, large {objects:,}-object sheet (bench process)",
                "value": round(peak_mb, 1),  # one process, one figure
                "unit": "MB",
                "note": "ru_maxrss of the bench process after all cases (the large sheet is "
                "the biggest)",
            }
        )
    if page_set:
        peak = page_set["peak_rss_mb"]
        startup = statistics.median(c["startup_rss_mb"] for c in page_set["runs"])
        verdict = "meets" if page_set["under_target"] else "MISSES"
        out.append(
            {
                "figure": f"peak RSS, {page_set['pages']}-page set (fresh process)",
                **peak,
                "unit": "MB",
                "baseline": f"{startup:.0f} MB after imports",
                "target": f"< {SET_TARGET_MB} MB: {verdict}",
                "note": f"{page_set['pages']} sample sheets extracted in one process, every "
                f"graph kept; {len(page_set['runs'])} run(s)",
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--objects", type=int, default=20_000, help="size of the large sheet")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--profile", action="store_true", help="profile the large sheet")
    parser.add_argument("--set-pages", type=int, default=20, help="pages in the memory set")
    parser.add_argument("--set-runs", type=int, default=3, help="fresh processes for the set")
    parser.add_argument("--set-only", action="store_true", help="only the page-set memory figure")
    parser.add_argument("--set-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.set_child:
        set_child(args.set_child)
        return

    rows, peak_mb = [], None
    if not args.set_only:
        rows = [measure(name, pdf, n, args.runs) for name, pdf, n in cases(args.objects)]
        print(
            f"{'case':<20} {'objects':>8} {'pipeline ms (min-max)':>26} {'bare ms':>9} {'ratio':>6}"
        )
        for r in rows:
            p, b = r["pipeline_ms"], r["bare_ms"]
            spread = f"{p['median']:.0f} ({p['min']:.0f}-{p['max']:.0f})"
            print(
                f"{r['case']:<20} {r['objects']:>8} {spread:>26} {b['median']:>9.0f} "
                f"{r['ratio']:>6.2f}"
            )
        # Measured before the page set below, which is rendered in this process.
        peak_mb = peak_rss_mb()
        print(
            f"peak RSS (this process, set by the large {args.objects:,}-object sheet) "
            f"{peak_mb:.0f} MB (runs per case: {args.runs})"
        )
    page_set = measure_set(args.set_pages, args.set_runs) if args.set_runs > 0 else {}
    if page_set:
        peak = page_set["peak_rss_mb"]
        print(
            f"peak RSS, {args.set_pages}-page set in a fresh process: {peak['median']:.0f} MB "
            f"({peak['min']:.0f}-{peak['max']:.0f}, {args.set_runs} run(s); target < "
            f"{SET_TARGET_MB} MB: {'meets' if page_set['under_target'] else 'MISSES'})"
        )
    if args.json:
        result = {
            "cases": rows,
            "peak_rss_mb": peak_mb,
            "peak_rss_case": f"large {args.objects:,}-object sheet (whole bench process)",
            "page_set": page_set,
            "summary": summary(rows, args.objects, peak_mb, page_set),
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    if args.profile:
        _, pdf, _ = large_case(args.objects)
        profiler = cProfile.Profile()
        profiler.runcall(extract_graph, pdf)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
