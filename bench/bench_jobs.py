"""Job-layer overhead: N no-op jobs through the project's job layer vs N bare django-q2
``async_task`` no-ops on the same broker, with a real 2-worker ``qcluster``.

For each broker (Redis, then the ORM broker on PostgreSQL) one cluster is started and
runs alternate: bare, job layer, bare, job layer ... (``--runs`` of each). A run enqueues
N tasks as fast as one producer can while the cluster drains them, and measures:

* end-to-end seconds: first enqueue -> last task finished (throughput = N / that);
* enqueue latency: wall time of one ``async_task`` call / one ``job_create`` call
  (row INSERT + commit + enqueue);
* queue wait: enqueue -> start of the run (bare: the time ``noop`` ran minus django-q2's
  enqueue stamp; jobs: ``started_at - created_at``);
* CPU per task: the producer's (its enqueue calls) and the cluster's (the whole process
  tree over the run), which hold up on a shared machine where wall clock does not.

A third variant, the *floor*, makes the job layer's commits without the job layer (see
``run_floor``): its ratio to bare is what those commits cost on this machine.

Usage: python bench/bench_jobs.py [--n 1000] [--runs 3] [--json out.json] [--quick]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import (
    BENCH_REDIS_URL,
    PYTHON,
    ROOT,
    bench_cluster,
    bench_env,
    make_var_dir,
    prepare_django,
    scratch_database,
    wipe_jobs,
)
from bench.report import base_parser, load_average, log, percentile, spread, write_json
from harness.processes import wait_for

DB_NAME = "bench_jobs"
TARGET_RATIO = 1.5


def _ms(values) -> dict:
    return {
        "p50_ms": round(percentile(values, 50) * 1000, 3),
        "p95_ms": round(percentile(values, 95) * 1000, 3),
    }


def _produce(n: int, enqueue) -> tuple[float, float, list[float], float]:
    """Call ``enqueue()`` ``n`` times as fast as one producer can: (start time, producer
    seconds, wall time of each call, producer CPU seconds)."""
    latencies = []
    t0, cpu = time.time(), time.process_time()
    for _ in range(n):
        t = time.perf_counter()
        enqueue()
        latencies.append(time.perf_counter() - t)
    return t0, time.time() - t0, latencies, time.process_time() - cpu


def run_bare(n: int, timeout: float) -> dict:
    from django_q.models import Task
    from django_q.tasks import async_task

    from jobs.broker import enqueue_broker

    wipe_jobs(orm_queue=True)
    broker = enqueue_broker()
    produced = _produce(n, lambda: async_task("bench.tasks.noop", broker=broker))
    done = Task.objects.filter(func="bench.tasks.noop")
    wait_for(lambda: done.count() >= n, timeout, f"{n} bare tasks", interval=0.02)
    rows = list(done.values_list("started", "stopped", "result", "success"))
    assert all(row[3] for row in rows), "a bare no-op failed"
    end = max(row[1] for row in rows).timestamp()
    waits = [row[2] - row[0].timestamp() for row in rows]
    return _summary(n, end, produced, waits)


def run_jobs(n: int, timeout: float, user) -> dict:
    from django.db.models import Max

    from jobs.models import AsyncJob, JobAttempt, JobStatus, JobType
    from jobs.services import job_create

    wipe_jobs(orm_queue=True)
    produced = _produce(
        n, lambda: job_create(job_type=JobType.PROBE, owner=user, payload={"seconds": 0})
    )
    done = AsyncJob.objects.filter(status__in=(JobStatus.SUCCEEDED, JobStatus.FAILED))
    wait_for(lambda: done.count() >= n, timeout, f"{n} jobs", interval=0.02)
    assert AsyncJob.objects.filter(status=JobStatus.SUCCEEDED).count() == n, "a job failed"
    assert JobAttempt.objects.count() == n, "a job ran more than once"
    end = AsyncJob.objects.aggregate(end=Max("finished_at"))["end"].timestamp()
    waits = [
        (started - created).total_seconds()
        for created, started in AsyncJob.objects.values_list("created_at", "started_at")
    ]
    return _summary(n, end, produced, waits)


def run_floor(n: int, timeout: float, user) -> dict:
    """The floor: the job layer's commits and rows without the job layer. The producer
    INSERTs the same ``AsyncJob`` row (same indexes) and commits before the enqueue; the
    task moves it to running in one autocommit UPDATE and to succeeded in another, like
    the claim and ``succeed`` of a job with nothing to save. No attempt rows, no heartbeat
    thread, no registry or runner: what is left of the ratio is what the commits cost."""
    from django.db.models import Max
    from django_q.tasks import async_task

    from jobs.broker import enqueue_broker
    from jobs.models import AsyncJob, JobStatus, JobType

    wipe_jobs(orm_queue=True)
    broker = enqueue_broker()

    def enqueue():
        job = AsyncJob.objects.create(job_type=JobType.PROBE, owner=user, payload={"seconds": 0})
        async_task("bench.tasks.floor_task", str(job.id), broker=broker, save=False)

    produced = _produce(n, enqueue)
    done = AsyncJob.objects.filter(status=JobStatus.SUCCEEDED)
    wait_for(lambda: done.count() >= n, timeout, f"{n} floor tasks", interval=0.02)
    end = AsyncJob.objects.aggregate(end=Max("finished_at"))["end"].timestamp()
    waits = [
        (started - created).total_seconds()
        for created, started in AsyncJob.objects.values_list("created_at", "started_at")
    ]
    return _summary(n, end, produced, waits)


def _summary(n, end: float, produced, waits) -> dict:
    """The run's figures from its last task's end time and what ``_produce`` returned."""
    t0, enqueue_seconds, latencies, cpu = produced
    seconds = end - t0
    return {
        "n": n,
        "seconds": round(seconds, 4),
        "per_second": round(n / seconds, 1),
        "producer_seconds": round(enqueue_seconds, 4),
        "producer_cpu_ms_per_task": round(cpu * 1000 / n, 3),
        "enqueue": _ms(latencies),
        "queue_wait": _ms(waits),
    }


def _with_cluster_cpu(cluster, run, *args) -> dict:
    """``run(*args)``'s summary plus the cluster's CPU per task over it."""
    before = cluster.cpu_seconds()
    result = run(*args)
    spent = cluster.cpu_seconds() - before
    return {**result, "cluster_cpu_ms_per_task": round(spent * 1000 / result["n"], 3)}


def child(broker: str, n: int, runs: int, database_url: str) -> dict:
    """One broker's measurements, in its own process (settings are read at import)."""
    redis_url = BENCH_REDIS_URL if broker == "redis" else None
    var_dir = make_var_dir(f"jobs-{broker}")
    env = bench_env(database_url, redis_url, var_dir, Q_SAVE_LIMIT=0)
    user = prepare_django(env)
    cluster = bench_cluster(env, f"jobs-{broker}").start()
    timeout = max(120.0, n / 20)
    try:
        log(f"[{broker}] warm-up")
        run_bare(50, timeout)
        run_jobs(50, timeout, user)
        run_floor(50, timeout, user)
        bare, jobs, floor = [], [], []
        for i in range(runs):
            bare.append(_with_cluster_cpu(cluster, run_bare, n, timeout))
            log(f"[{broker}] run {i + 1} bare: {json.dumps(bare[-1])}")
            jobs.append(_with_cluster_cpu(cluster, run_jobs, n, timeout, user))
            log(f"[{broker}] run {i + 1} jobs: {json.dumps(jobs[-1])}")
            floor.append(_with_cluster_cpu(cluster, run_floor, n, timeout, user))
            log(f"[{broker}] run {i + 1} floor: {json.dumps(floor[-1])}")
    except Exception:
        log(cluster.output()[-3000:])
        raise
    finally:
        cluster.stop()
        wipe_jobs(orm_queue=True)
    return {"bare": bare, "jobs": jobs, "floor": floor}


def aggregate(raw: dict) -> dict:
    def figure(runs, *path):
        values = []
        for run in runs:
            value = run
            for key in path:
                value = value[key]
            values.append(value)
        return spread(values)

    out = {}
    for name in ("bare", "jobs", "floor"):
        runs = raw[name]
        out[name] = {
            "seconds": figure(runs, "seconds"),
            "per_second": figure(runs, "per_second"),
            "enqueue_p50_ms": figure(runs, "enqueue", "p50_ms"),
            "enqueue_p95_ms": figure(runs, "enqueue", "p95_ms"),
            "queue_wait_p50_ms": figure(runs, "queue_wait", "p50_ms"),
            "queue_wait_p95_ms": figure(runs, "queue_wait", "p95_ms"),
            "producer_cpu_ms_per_task": figure(runs, "producer_cpu_ms_per_task"),
            "cluster_cpu_ms_per_task": figure(runs, "cluster_cpu_ms_per_task"),
        }

    def ratio(name):
        pairs = zip(raw["bare"], raw[name], strict=True)
        return spread([round(x["seconds"] / b["seconds"], 3) for b, x in pairs])

    out["ratio_jobs_over_bare"] = ratio("jobs")
    out["ratio_floor_over_bare"] = ratio("floor")
    out["target_ratio"] = TARGET_RATIO
    out["meets_target"] = out["ratio_jobs_over_bare"]["median"] <= TARGET_RATIO
    return out


def main() -> int:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--brokers", default="redis,orm")
    parser.add_argument("--child", choices=("redis", "orm"), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        result = child(args.child, args.n, args.runs, args.database_url)
        args.child_out.write_text(json.dumps(result))
        return 0

    started = time.monotonic()
    results = {"n": args.n, "runs": args.runs, "workers": 2, "load_before": load_average()}
    with scratch_database(DB_NAME) as database_url:
        for broker in args.brokers.split(","):
            out = make_var_dir("jobs-out") / f"{broker}.json"
            log(f"== {broker} broker: {args.runs} x {args.n} bare no-ops vs {args.n} jobs")
            subprocess.run(
                [PYTHON, __file__, "--child", broker, "--n", str(args.n), "--runs",
                 str(args.runs), "--database-url", database_url, "--child-out", str(out)],
                cwd=ROOT, check=True, timeout=900,
            )  # fmt: skip
            raw = json.loads(out.read_text())
            results[broker] = {"raw": raw, **aggregate(raw)}
            agg = results[broker]
            log(
                f"== {broker}: bare {agg['bare']['per_second']['median']:.0f}/s, "
                f"jobs {agg['jobs']['per_second']['median']:.0f}/s, ratio "
                f"{agg['ratio_jobs_over_bare']['median']:.2f}x "
                f"(min {agg['ratio_jobs_over_bare']['min']:.2f}, "
                f"max {agg['ratio_jobs_over_bare']['max']:.2f}; target <= {TARGET_RATIO}x); "
                "floor (same commits, no job layer) "
                f"{agg['ratio_floor_over_bare']['median']:.2f}x; "
                "cluster CPU ms/task bare / jobs / floor "
                + " / ".join(
                    f"{agg[name]['cluster_cpu_ms_per_task']['median']:.2f}"
                    for name in ("bare", "jobs", "floor")
                )
            )
    results["load_after"] = load_average()
    results["elapsed_seconds"] = round(time.monotonic() - started, 1)
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
