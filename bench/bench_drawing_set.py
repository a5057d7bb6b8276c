"""A generated 60-page drawing set through a real 2-worker cluster, production config.

    .venv/bin/python bench/bench_drawing_set.py [--json OUT] [--pages 60] [--levels 8]
        [--redis URL] [--quick]

Upload (the service the API calls) -> the set's job classifies every page -> one ingest
child per floor-plan sheet on 2 workers -> the building BOM. Measured:
- time to the building BOM, and its phases (classification, sheet ingests, pricing);
- the baseline, in the same run: the same set taken off sequentially in this process
  (what `manage.py takeoff SET --page all` does), and the ratio cluster / sequential;
- peak RSS of every cluster process (sampled every 0.2 s), target < 300 MB per worker;
- every plan sheet ingested exactly once: one floor plan, one child job with exactly
  one attempt, one BOM snapshot per sheet.
PostgreSQL scratch database `bench_drawing_sets`; the Redis db given (default
``BENCH_REDIS_DB``) is flushed. ``--quick``: 30 pages, 4 levels.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import (
    BENCH_REDIS_URL,
    bench_cluster,
    bench_env,
    make_var_dir,
    prepare_django,
    scratch_database,
)
from bench.report import base_parser, log, write_json
from harness.processes import Cluster, wait_for

RSS_TARGET_MB = 300


class RssSampler:
    """Peak resident memory of each process of a cluster's tree, sampled in a thread."""

    def __init__(self, cluster: Cluster, interval: float = 0.2) -> None:
        self.cluster, self.interval = cluster, interval
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.wait(self.interval):
            for pid in self.cluster.tree():
                try:
                    rss = psutil.Process(pid).memory_info().rss
                except psutil.NoSuchProcess:
                    continue
                self.peak[pid] = max(self.peak.get(pid, 0), rss)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def build_set(pages: int, levels: int) -> tuple[bytes, int]:
    from dataclasses import replace

    from floorplans.samples.catalog import sample_plans
    from floorplans.samples.drawing_set import building_set, render_set

    specs = building_set(levels=levels, pages=pages)
    plans = sample_plans()[1:]
    # Levels differ, as a building's do: the house, the flat and the offices in turn.
    specs = [
        replace(s, plan=plans[i % len(plans)]) if s.kind == "floor_plan" else s
        for i, s in enumerate(specs)
    ]
    return render_set(specs), sum(1 for s in specs if s.kind == "floor_plan")


def sequential_baseline(data: bytes) -> float:
    """The whole set taken off in this one process, no jobs: classify, extract, price."""
    from django.conf import settings

    from floorplans.catalogue import catalogue_items
    from floorplans.pipeline.sheets import classify_sheets, takeoff_pages
    from floorplans.takeoff import build_layout, parse_options, price_bom
    from floorplans.takeoff.building_bom import SheetBom, combine_boms
    from floorplans.vision import extract_configured

    started = time.perf_counter()
    options, catalogue = parse_options({}), catalogue_items()
    pages = takeoff_pages(list(classify_sheets(data)))
    boms = []
    for page in pages:
        graph = extract_configured(data, page=page, scale_text=None)
        layout = build_layout(graph, options)
        boms.append(
            SheetBom(str(page), price_bom(layout, catalogue, options, settings.TAKEOFF_CURRENCY))
        )
    combine_boms(boms)
    return time.perf_counter() - started


def run_through_cluster(user, data: bytes, expected_plans: int, env: dict) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from floorplans import drawing_set_services
    from floorplans.models import BOM, BuildingBOM, Floorplan
    from jobs.models import AsyncJob, JobAttempt

    cluster = bench_cluster(env, "drawing-set").start()
    try:
        with RssSampler(cluster) as rss:
            started = time.perf_counter()
            upload = SimpleUploadedFile("set.pdf", data, content_type="application/pdf")
            result = drawing_set_services.drawing_set_create(owner=user, upload=upload)
            parent = result.job

            def parent_waiting():
                parent.refresh_from_db()
                return parent.awaits_children or parent.status in ("succeeded", "failed")

            wait_for(parent_waiting, 600, "the set's pages to be classified", interval=0.1)
            classified = time.perf_counter()

            def parent_done():
                parent.refresh_from_db()
                return parent.status in ("succeeded", "failed", "canceled")

            wait_for(parent_done, 1200, "every sheet to be ingested", interval=0.2)
            ingested = time.perf_counter()
            request = drawing_set_services.building_bom_request(
                drawing_set=result.drawing_set, owner=user, options={}
            )
            job = request.job

            def bom_done():
                job.refresh_from_db()
                return job.status in ("succeeded", "failed")

            wait_for(bom_done, 600, "the building BOM", interval=0.1)
            finished = time.perf_counter()
    finally:
        cluster.stop()
    children = AsyncJob.objects.filter(parent=parent)
    floorplans = Floorplan.objects.filter(sheet__drawing_set=result.drawing_set)
    once = {
        "plan_sheets_expected": expected_plans,
        "floorplans": floorplans.count(),
        "processed": floorplans.filter(status="processed").count(),
        "children": children.count(),
        "child_attempts": JobAttempt.objects.filter(job__parent=parent).count(),
        "children_with_one_attempt": children.filter(attempts=1).count(),
        "sheet_boms": BOM.objects.filter(floorplan__in=floorplans).count(),
        "building_boms": BuildingBOM.objects.filter(drawing_set=result.drawing_set).count(),
    }
    once["met"] = (
        once["floorplans"] == once["processed"] == once["children"] == once["child_attempts"]
        == once["children_with_one_attempt"] == once["sheet_boms"] == expected_plans
        and once["building_boms"] == 1
    )  # fmt: skip
    peaks_mb = sorted((round(v / 2**20, 1) for v in rss.peak.values()), reverse=True)
    return {
        "parent_status": parent.status,
        "parent_error": parent.error_message,
        "bom_job_status": job.status,
        "seconds_to_building_bom": round(finished - started, 2),
        "phases_s": {
            "classify": round(classified - started, 2),
            "ingest_sheets": round(ingested - classified, 2),
            "price_building": round(finished - ingested, 2),
        },
        "peak_rss_mb_per_process": peaks_mb,
        "peak_worker_rss_mb": peaks_mb[0] if peaks_mb else None,
        "rss_target_mb": RSS_TARGET_MB,
        "rss_met": bool(peaks_mb) and peaks_mb[0] < RSS_TARGET_MB,
        "exactly_once": once,
    }


def summary_rows(result: dict) -> list[dict]:
    """The rows run_all.py puts in the bench table."""
    once = result["exactly_once"]
    return [
        {
            "figure": f"{result['pages']}-page set, {result['floor_plan_sheets']} floor plans, "
            "upload to building BOM",
            "value": result["seconds_to_building_bom"],
            "unit": "s",
            "ratio": result["ratio_cluster_to_sequential"],
            "baseline": f"the same takeoff sequentially in one process "
            f"({result['sequential_baseline_s']} s)",
            "note": f"{result['workers']} workers; phases {result['phases_s']}",
        },
        {
            "figure": "peak RSS of any cluster process",
            "value": result["peak_worker_rss_mb"],
            "unit": "MB",
            "target": f"< {RSS_TARGET_MB} MB: " + ("meets" if result["rss_met"] else "MISSES"),
        },
        {
            "figure": "every plan sheet ingested once (one floor plan, child, attempt, BOM)",
            "value": "yes" if once["met"] else "NO",
            "note": f"{once['children_with_one_attempt']}/{once['plan_sheets_expected']} children "
            f"with one attempt; building BOM {result['bom_job_status']}",
            "target": "must be yes",
        },
    ]


def main() -> int:
    parser = base_parser(__doc__)
    parser.add_argument("--pages", type=int, help="pages in the set (default 60; 30 quick)")
    parser.add_argument("--levels", type=int, help="floor-plan sheets (default 8; 4 quick)")
    parser.add_argument("--redis", default=BENCH_REDIS_URL)
    args = parser.parse_args()
    args.pages = args.pages or (30 if args.quick else 60)
    args.levels = args.levels or (4 if args.quick else 8)
    var = make_var_dir("drawing-set")
    with scratch_database("bench_drawing_sets") as url:
        env = bench_env(url, args.redis, var, Q_WORKERS=2)
        user = prepare_django(env)
        data, plans = build_set(args.pages, args.levels)
        log(f"set: {args.pages} pages, {plans} floor plans, {len(data) / 2**20:.1f} MB")
        baseline = sequential_baseline(data)
        log(f"sequential baseline: {baseline:.1f} s")
        result = run_through_cluster(user, data, plans, env)
        from django.db import connections

        connections.close_all()  # the scratch database is dropped next
    result |= {
        "pages": args.pages,
        "floor_plan_sheets": plans,
        "pdf_mb": round(len(data) / 2**20, 2),
        "workers": 2,
        "sequential_baseline_s": round(baseline, 2),
        "ratio_cluster_to_sequential": round(result["seconds_to_building_bom"] / baseline, 2),
    }
    for key, value in result.items():
        log(f"{key}: {value}")
    result["summary"] = summary_rows(result)
    write_json(args.json, result)
    return 0 if result["exactly_once"]["met"] and result["bom_job_status"] == "succeeded" else 1


if __name__ == "__main__":
    sys.exit(main())
