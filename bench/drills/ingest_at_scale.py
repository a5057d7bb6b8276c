"""Drill: 200 mixed ingests through one 2-worker cluster, uploads in object storage.

The uploads (generated sheets in every export style, every 20th the large sheet) go
through the real upload service into an S3 bucket on a real S3-compatible server
(moto's server mode, its own process); the cluster is told the bucket and gets a
MEDIA_ROOT of its own, so it shares no disk with the uploading process. Measured: jobs/s
from the first upload to the last job finished, p50/p95 run time (started -> finished)
and queue-to-finish time, and the RSS of each task worker, sampled every second: when
the first job finished, at half-way, at the end, and after its warm-up (the first sample
after it finished its first large sheet, whose graph sets the allocator's high-water
mark). Target: no worker grows by more than 10 % from its warm-up to the end (a leak
keeps growing there); start-to-end growth is reported too, one-time step included.
Every job must succeed exactly once.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills.drill import Drill, RecoveryLoop
from bench.drills.drill_common import drill_args
from bench.job_accounting import poll_states
from bench.report import percentile
from bench.workloads import sample_sheets
from harness.processes import S3Server

RSS_GROWTH_TARGET = 0.10


def mixed_sheets(count: int, large_every: int) -> list[tuple[str, bytes]]:
    from floorplans.samples.large_sheet import large_sheet_plan
    from floorplans.samples.render import render_pdf

    plan = large_sheet_plan()
    small = iter(sample_sheets(count - count // large_every))
    # Each large sheet drawn with its own seed: identical bytes would reuse the graph.
    return [
        ("large double_line", render_pdf(plan, "double_line", seed=i))
        if i % large_every == large_every - 1
        else next(small)
        for i in range(count)
    ]


def worker_rss_mb(cluster) -> dict[int, float]:
    import psutil

    out = {}
    for pid in cluster.task_worker_pids():
        try:
            out[pid] = round(psutil.Process(pid).memory_info().rss / 2**20, 1)
        except psutil.NoSuchProcess:
            continue
    return out


def rss_after_first_large(large_ids, samples, start: dict) -> dict[int, float]:
    """Each worker's RSS in the first sample after it finished its first large sheet (its
    start RSS if it never ran one)."""
    from jobs.models import AttemptOutcome, JobAttempt

    first_large = {}
    done = JobAttempt.objects.filter(job_id__in=large_ids, outcome=AttemptOutcome.SUCCEEDED)
    for worker, finished in done.order_by("finished_at").values_list("worker", "finished_at"):
        first_large.setdefault(int(worker.rsplit(":", 1)[1]), finished.timestamp())
    warm = dict(start)
    for pid, since in first_large.items():
        later = [sample[pid] for at, sample in samples if at >= since and pid in sample]
        if later:
            warm[pid] = later[0]
    return warm


def main() -> int:
    args = drill_args(__doc__, {"jobs": 60}, jobs=(int, 200), large_every=(int, 20))
    s3 = S3Server()
    try:
        # Production's redelivery delay: the drills' 20 s would hand a queue that waits
        # minutes to the broker again and again (harmless, but not what is measured here).
        env = {**s3.env(), "MEDIA_ROOT": "/nonexistent", "JOB_REDELIVER_AFTER_SECONDS": 900}
        with Drill("ingest_at_scale", args, **env) as drill:
            return run(drill, args, s3)
    finally:
        s3.stop()


def run(drill, args, s3) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from floorplans.services import floorplan_create
    from jobs.models import AsyncJob

    # The cluster boots while the sheets are drawn: neither is inside the timed window,
    # which opens at the first upload, once the cluster is ready.
    cluster = drill.cluster(wait=False)
    files = mixed_sheets(args.jobs, args.large_every)
    drill.note(f"{len(files)} sheets ({args.jobs // args.large_every} large), bucket {s3.bucket}")
    cluster.wait_ready()
    drill.note("cluster ready")
    started = time.monotonic()
    ids = []
    for i, (kind, data) in enumerate(files):
        upload = SimpleUploadedFile(f"{kind}-{i}.pdf", data, "application/pdf")
        ids.append(floorplan_create(owner=drill.user, upload=upload).job.id)
    drill.note(f"uploaded {len(ids)} in {time.monotonic() - started:.1f} s; objects: "
               f"{len(s3.keys())}")  # fmt: skip
    rss, samples = {}, []  # samples: (wall clock, {pid: MB}) every second
    with RecoveryLoop() as recovery:
        while True:
            done = (poll_states(ids) or (0, {}))[0]
            if not samples or time.time() - samples[-1][0] >= 1:
                samples.append((time.time(), worker_rss_mb(cluster)))
            if done >= 1 and "start" not in rss:
                rss["start"] = samples[-1][1]
            if done >= len(ids) // 2 and "middle" not in rss:
                rss["middle"] = samples[-1][1]
            if done >= len(ids) or time.monotonic() - started > 900:
                break
            time.sleep(0.2)
        rss["end"] = worker_rss_mb(cluster)
        wall = time.monotonic() - started
    large = [
        job_id for job_id, (kind, _) in zip(ids, files, strict=True) if kind.startswith("large")
    ]
    rss["after_first_large"] = rss_after_first_large(large, samples, rss["start"])
    drill.note(f"all finished in {wall:.1f} s; recovery: {recovery.totals}; RSS MB {rss}")
    jobs = AsyncJob.objects.filter(id__in=ids)
    run_s = [(j.finished_at - j.started_at).total_seconds() for j in jobs if j.started_at]
    total_s = [(j.finished_at - j.created_at).total_seconds() for j in jobs if j.finished_at]

    def growth(since: str) -> dict:
        return {
            pid: round(rss["end"][pid] / mb - 1, 3)
            for pid, mb in rss.get(since, {}).items()
            if pid in rss["end"]
        }

    worst = max(growth("after_first_large").values(), default=None)
    figures = {
        "jobs_per_second": round(len(ids) / wall, 2),
        "run_p50_s": round(percentile(run_s, 50), 2),
        "run_p95_s": round(percentile(run_s, 95), 2),
        "queued_to_finished_p50_s": round(percentile(total_s, 50), 1),
        "queued_to_finished_p95_s": round(percentile(total_s, 95), 1),
        "worker_rss_mb": rss,
        # Start to end includes the one-time step when a worker first meets the large
        # sheet (the allocator keeps the peak of its graph); after that, growth is a leak.
        "worker_rss_growth": growth("start"),
        "worker_rss_growth_after_warm_up": growth("after_first_large"),
        "worker_rss_growth_second_half": growth("middle"),
        "worst_rss_growth_after_warm_up": worst,
        "rss_target_met": worst is not None and worst <= RSS_GROWTH_TARGET,
        "objects_in_bucket": len(s3.keys()),
    }
    drill.note(f"figures: {figures}")
    return drill.finish(
        ids, drill.served_without_restart(drill.probe()), **figures, recovery=recovery.totals
    )


if __name__ == "__main__":
    sys.exit(main())
