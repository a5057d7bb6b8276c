"""Scale-out: the same jobs drained by 1, 2 and 4 ``qcluster`` processes acting as
separate machines (own process tree, own environment and VAR_DIR, the same Redis queue
and PostgreSQL database), 2 workers each.

Three scenarios. *waiting*: probe jobs that sleep 100 ms (a remote call, I/O): whether
the job layer itself has a central bottleneck; 1, 2 and 4 clusters (targets >= 1.9x and
>= 3.6x one cluster). *waiting_s3*: the same with uploads in object storage, as machines
without a shared disk have them: every cluster is told a bucket on a real S3-compatible
server (moto's, started here) and given no MEDIA_ROOT, and each probe first reads a 1 KiB
object from the bucket (``jobs.probe``), then sleeps; same clusters, same targets.
*cpu*: no-op jobs, 1 and 2 clusters: what a second cluster adds on the same cores when
the work itself is CPU (on a 2-core machine: nothing, by design).

The jobs are created in one transaction while the cluster(s) start; the commit, once
every cluster is up, enqueues them all (``on_commit``). Drain throughput = N / (last
finished_at - first started_at), so start-up time is not counted. Afterwards it proves
every job ran exactly once: one JobAttempt per job, all succeeded.

Usage: python bench/scale_out.py [--runs 3] [--json out.json] [--quick]
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import (
    BENCH_REDIS_URL,
    bench_cluster,
    bench_env,
    make_var_dir,
    prepare_django,
    scratch_database,
    wipe_jobs,
)
from bench.job_accounting import create_jobs, wait_all_finished
from bench.report import base_parser, load_average, log, spread, write_json
from harness.processes import Cluster, S3Server

DB_NAME = "bench_scale"
# name: (job payload, jobs per run, cluster counts, {clusters: target ratio})
SCENARIOS = {
    "waiting": ({"seconds": 0.1}, 400, (1, 2, 4), {2: 1.9, 4: 3.6}),
    "waiting_s3": ({"seconds": 0.1}, 200, (1, 2, 4), {2: 1.9, 4: 3.6}),
    # 1,000 no-ops drain in 7-9 s at a steady 116-142/s on the idle machine; 2,000 took
    # twice that for the same rate, plus 10 s more of job creation per run.
    "cpu": ({"seconds": 0}, 1000, (1, 2), {}),
}
IN_OBJECT_STORAGE = {"waiting_s3"}
MACHINES = 4


class PidWatcher:
    """Remembers which cluster each process belonged to (workers are recycled every
    200 tasks, so a job's worker pid may be gone by the time we look)."""

    def __init__(self, clusters: list[Cluster]) -> None:
        self.clusters, self.owner = clusters, {}
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop_event.wait(0.1):
            for cluster in self.clusters:
                for pid in cluster.tree():
                    self.owner.setdefault(pid, cluster.label)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        self.thread.join(5)


@dataclass(frozen=True)
class ObjectStorage:
    envs: list[dict]  # the machines' environments, told the bucket
    read: dict  # the payload keys that make a probe read the object stored there
    server: S3Server


def cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def busy_share(since) -> float:
    """The share of this machine's CPU time busy since ``since`` (``psutil.cpu_times()``),
    whoever used it: the shared cores are what the clusters (and the S3 server) split."""
    now = psutil.cpu_times()
    total = sum(now) - sum(since)
    idle = now.idle + getattr(now, "iowait", 0) - since.idle - getattr(since, "iowait", 0)
    return round(1 - idle / total, 2) if total else 0.0


def one_run(
    n_clusters: int, n: int, payload: dict, user, envs: list[dict], s3_pid: int | None = None
) -> dict:
    from django.db import transaction
    from django.db.models import Max, Min

    from jobs.models import AsyncJob, JobAttempt, JobStatus

    wipe_jobs()
    clusters = [bench_cluster(envs[i], f"machine-{i + 1}") for i in range(n_clusters)]
    try:
        with PidWatcher(clusters) as watcher:
            # The rows are committed, and so enqueued (on_commit), only once every cluster
            # is up, so neither boots while the other already drains.
            with transaction.atomic():
                ids, _ = create_jobs(user, n, payload)
                for cluster in clusters:
                    cluster.start(wait=False)
                for cluster in clusters:
                    cluster.wait_ready()
            cpu_at_commit = psutil.cpu_times()
            s3_cpu_at_commit = cpu_seconds(s3_pid) if s3_pid else None
            finished = wait_all_finished(ids, timeout=max(300, n / 5), interval=0.2)
            cpu_busy = busy_share(cpu_at_commit)
        if not finished:
            raise RuntimeError(f"not drained in time: {n_clusters} cluster(s)")
    finally:
        for cluster in clusters:
            cluster.stop()
    span = AsyncJob.objects.aggregate(a=Min("started_at"), b=Max("finished_at"))
    seconds = (span["b"] - span["a"]).total_seconds()
    attempts = Counter(JobAttempt.objects.values_list("job_id", flat=True))
    outcomes = Counter(JobAttempt.objects.values_list("outcome", flat=True))
    per_machine = Counter(
        watcher.owner.get(int(w.rsplit(":", 1)[1]), "unknown")
        for w in JobAttempt.objects.values_list("worker", flat=True)
    )
    succeeded = AsyncJob.objects.filter(status=JobStatus.SUCCEEDED).count()
    first_ms, rest_ms = run_times_ms()
    proof = {
        "jobs": n,
        "succeeded": succeeded,
        "jobs_with_exactly_one_attempt": sum(1 for i in ids if attempts.get(i) == 1),
        "attempt_outcomes": dict(outcomes),
    }
    proof["exactly_once"] = (
        succeeded == n and proof["jobs_with_exactly_one_attempt"] == n and len(attempts) == n
    )
    run = {
        "clusters": n_clusters,
        "seconds": round(seconds, 3),
        "per_second": round(n / seconds, 1),
        "jobs_per_machine": dict(per_machine),
        "machine_cpu_busy": cpu_busy,
        # A worker's first job pays its one-time set-up (an S3 client: ~0.25 s of CPU).
        "run_ms_p50_first_job_per_worker": first_ms,
        "run_ms_p50_other_jobs": rest_ms,
        "proof": proof,
    }
    if s3_pid:
        run["s3_server_cpu_seconds"] = round(cpu_seconds(s3_pid) - s3_cpu_at_commit, 2)
    return run


def run_times_ms() -> tuple[float | None, float | None]:
    """Median run time (started to finished) of each worker's first job, of the others."""
    from jobs.models import JobAttempt

    first, rest, seen = [], [], set()
    rows = JobAttempt.objects.order_by("started_at").values_list(
        "worker", "started_at", "finished_at"
    )
    for worker, started, finished in rows:
        (rest if worker in seen else first).append((finished - started).total_seconds() * 1000)
        seen.add(worker)
    return tuple(round(statistics.median(x), 1) if x else None for x in (first, rest))


@contextlib.contextmanager
def in_object_storage(envs: list[dict]):
    """The machines' environments with uploads in a bucket on a fresh S3 server and no
    MEDIA_ROOT to fall back on, and a probe object stored there."""
    from django.core.files.storage import storages

    from jobs.probe import store_probe_object

    s3 = S3Server()
    try:
        # This process stores the object through boto3's own credential chain, as a web
        # process does.
        os.environ.update({k: v for k, v in s3.env().items() if k.startswith("AWS_")})
        keys = store_probe_object(storages.create_storage(s3.storages()["default"]))
        told = [{**env, **s3.env(), "MEDIA_ROOT": "/nonexistent"} for env in envs]
        yield ObjectStorage(told, keys, s3)
    finally:
        s3.stop()


def scenario(name: str, runs: int, user, envs: list[dict], s3: ObjectStorage | None = None) -> dict:
    payload, n, counts, targets = SCENARIOS[name]
    if s3:
        payload, envs = {**payload, **s3.read}, s3.envs
    s3_pid = s3.server.process.pid if s3 else None
    raw = {k: [] for k in counts}
    for i in range(runs):
        for k in counts:
            raw[k].append(one_run(k, n, payload, user, envs, s3_pid))
            log(f"[{name}] run {i + 1}, {k} cluster(s): {raw[k][-1]}")
    out = {"n": n, "payload": payload, "raw": {str(k): v for k, v in raw.items()}}
    out["per_second"] = {str(k): spread(r["per_second"] for r in raw[k]) for k in counts}
    out["ratios"] = {}
    for k in counts[1:]:
        ratio = spread(
            round(b["per_second"] / a["per_second"], 3) for a, b in zip(raw[1], raw[k], strict=True)
        )
        target = targets.get(k)
        ratio["target"] = target
        ratio["meets_target"] = None if target is None else ratio["median"] >= target
        out["ratios"][str(k)] = ratio
    out["every_job_exactly_once"] = all(r["proof"]["exactly_once"] for k in counts for r in raw[k])
    return out


def main() -> int:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    started = time.monotonic()
    with scratch_database(DB_NAME) as database_url:
        # One environment per "machine": its own VAR_DIR (logs, cache files); shared queue.
        envs = [
            bench_env(
                database_url,
                BENCH_REDIS_URL,
                make_var_dir(f"machine{i}"),
                Q_SAVE_LIMIT=0,
            )
            for i in range(1, MACHINES + 1)
        ]
        user = prepare_django(envs[0])
        results = {"runs": runs, "workers_per_cluster": 2, "load": load_average()}
        try:
            for name in args.scenarios.split(","):
                if name in IN_OBJECT_STORAGE:
                    with in_object_storage(envs) as s3:
                        results[name] = scenario(name, runs, user, envs, s3)
                else:
                    results[name] = scenario(name, runs, user, envs)
        finally:
            wipe_jobs()
    results["every_job_exactly_once"] = all(
        results[name]["every_job_exactly_once"] for name in args.scenarios.split(",")
    )
    results["load_after"] = load_average()
    results["elapsed_seconds"] = round(time.monotonic() - started, 1)
    for name in args.scenarios.split(","):
        data = results[name]
        figures = ", ".join(
            f"{k} cluster(s) {v['median']:.0f}/s" for k, v in data["per_second"].items()
        )
        ratios = ", ".join(
            f"{k}: {v['median']:.2f}x (target {v['target']})" for k, v in data["ratios"].items()
        )
        log(f"{name}: {figures}; {ratios}")
    log(f"every job exactly once: {results['every_job_exactly_once']}")
    write_json(args.json, results)
    return 0 if results["every_job_exactly_once"] else 1


if __name__ == "__main__":
    sys.exit(main())
