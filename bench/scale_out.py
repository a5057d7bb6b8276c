"""Scale-out drill: 2,000 no-op jobs drained by one ``qcluster`` vs by two ``qcluster``
processes acting as separate machines (own process tree, own environment and VAR_DIR,
the same Redis queue and PostgreSQL database).

The jobs are created in one transaction while the cluster(s) start; the commit, once
every cluster is up, enqueues them all (``on_commit``). Drain throughput = N / (last
finished_at - first started_at), so start-up time is not counted. Afterwards it proves
every job ran exactly once: one JobAttempt per job, all succeeded, and one django-q2
delivery per job.

Usage: python bench/scale_out.py [--n 2000] [--runs 3] [--json out.json] [--quick]
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

DB_NAME = "bench_scale"
TARGET = 1.7


class PidWatcher:
    """Remembers which cluster each process belonged to (workers are recycled every
    200 tasks, so a job's worker pid may be gone by the time we look)."""

    def __init__(self, clusters: list[common.Cluster]) -> None:
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


def one_run(n_clusters: int, n: int, user, envs: list[dict]) -> dict:
    from django.db import transaction
    from django.db.models import Max, Min

    from jobs.models import AsyncJob, JobAttempt, JobStatus

    common.wipe_jobs()
    clusters = [common.Cluster(envs[i], f"machine-{i + 1}") for i in range(n_clusters)]
    try:
        with PidWatcher(clusters) as watcher:
            # The rows are committed, and so enqueued (on_commit), only once every cluster
            # is up, so neither boots while the other already drains.
            with transaction.atomic():
                ids, _ = common.create_jobs(user, n, {"seconds": 0})
                for cluster in clusters:
                    cluster.start(wait=False)
                for cluster in clusters:
                    cluster.wait_ready()
            finished = common.wait_all_finished(ids, timeout=max(300, n / 5), interval=0.2)
        if not finished:
            raise RuntimeError(f"not drained in time: {n_clusters} cluster(s)")
    finally:
        for cluster in clusters:
            cluster.stop()
    span = AsyncJob.objects.aggregate(a=Min("started_at"), b=Max("finished_at"))
    seconds = (span["b"] - span["a"]).total_seconds()
    attempts = Counter(JobAttempt.objects.values_list("job_id", flat=True))
    outcomes = Counter(JobAttempt.objects.values_list("outcome", flat=True))
    deliveries = Counter(_delivered_job_ids())
    per_machine = Counter(
        watcher.owner.get(int(w.rsplit(":", 1)[1]), "unknown")
        for w in JobAttempt.objects.values_list("worker", flat=True)
    )
    succeeded = AsyncJob.objects.filter(status=JobStatus.SUCCEEDED).count()
    proof = {
        "jobs": n,
        "succeeded": succeeded,
        "jobs_with_exactly_one_attempt": sum(1 for i in ids if attempts.get(i) == 1),
        "attempt_outcomes": dict(outcomes),
        "jobs_delivered_exactly_once": sum(1 for i in ids if deliveries.get(str(i)) == 1),
        "max_deliveries": max(deliveries.values(), default=0),
    }
    proof["exactly_once"] = (
        succeeded == n and proof["jobs_with_exactly_one_attempt"] == n and len(attempts) == n
    )
    return {
        "clusters": n_clusters,
        "seconds": round(seconds, 3),
        "per_second": round(n / seconds, 1),
        "jobs_per_machine": dict(per_machine),
        "proof": proof,
    }


def _delivered_job_ids() -> list[str]:
    from django_q.models import Task

    return [
        args[0] for args in Task.objects.filter(func="jobs.tasks.execute_job").values_list(
            "args", flat=True
        ) if args
    ]  # fmt: skip


def main() -> int:
    parser = common.base_parser(__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    started = time.monotonic()
    with common.scratch_database(DB_NAME) as database_url:
        # One environment per "machine": its own VAR_DIR (logs, cache files); shared queue.
        envs = [
            common.bench_env(
                database_url,
                common.BENCH_REDIS_URL,
                common.make_var_dir(f"machine{i}"),
                Q_SAVE_LIMIT=0,
            )
            for i in (1, 2)
        ]
        user = common.prepare_django(envs[0])
        results = {
            "n": args.n,
            "runs": runs,
            "workers_per_cluster": 2,
            "load": common.load_average(),
        }
        one, two = [], []
        try:
            for i in range(runs):
                one.append(one_run(1, args.n, user, envs))
                common.log(f"run {i + 1}, one cluster:  {one[-1]}")
                two.append(one_run(2, args.n, user, envs))
                common.log(f"run {i + 1}, two clusters: {two[-1]}")
        finally:
            common.wipe_jobs()
    ratios = [round(b["per_second"] / a["per_second"], 3) for a, b in zip(one, two, strict=True)]
    ratio = common.spread(ratios)
    results.update(
        {
            "one_cluster_per_second": common.spread(r["per_second"] for r in one),
            "two_clusters_per_second": common.spread(r["per_second"] for r in two),
            "ratio_two_over_one": ratio,
            "target_ratio": TARGET,
            "meets_target": ratio["median"] >= TARGET,
            "every_job_exactly_once": all(r["proof"]["exactly_once"] for r in one + two),
            "raw": {"one": one, "two": two},
            "load_after": common.load_average(),
            "elapsed_seconds": round(time.monotonic() - started, 1),
        }
    )
    common.log(
        f"one cluster {results['one_cluster_per_second']['median']:.0f} jobs/s, two clusters "
        f"{results['two_clusters_per_second']['median']:.0f} jobs/s: {ratio['median']:.2f}x "
        f"(target >= {TARGET}x); every job exactly once: {results['every_job_exactly_once']}"
    )
    common.write_json(args.json, results)
    return 0 if results["every_job_exactly_once"] else 1


if __name__ == "__main__":
    sys.exit(main())
