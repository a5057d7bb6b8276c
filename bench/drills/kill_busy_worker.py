"""Drill: SIGKILL a busy worker every few seconds while 200 probe jobs run.

Each kill takes the job that worker was running with it (the Redis broker acknowledged
the task on BLPOP). django-q2 spawns a replacement worker; the job's heartbeat stops, and
the recovery sweep takes the job back after its lease and enqueues it again.
"""

import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills.drill import Drill, RecoveryLoop
from bench.drills.drill_common import drill_args
from bench.job_accounting import create_jobs, job_states


def busy_worker_pid(cluster) -> tuple[int, str] | None:
    from jobs.models import AttemptOutcome, JobAttempt

    tree = set(cluster.tree())
    running = JobAttempt.objects.filter(outcome=AttemptOutcome.RUNNING).order_by("-started_at")
    for worker, job_id in running.values_list("worker", "job_id")[:10]:
        pid = int(worker.rsplit(":", 1)[1])
        if pid in tree:
            return pid, str(job_id)
    return None


def main() -> int:
    args = drill_args(
        __doc__,
        {"seconds": 0.25, "max_kills": 6},
        jobs=(int, 200),
        seconds=(float, 0.5, "probe job duration"),
        every=(float, 3.0, "seconds between kills"),
        max_kills=(int, 12),
    )
    with Drill("kill_busy_worker", args) as drill:
        cluster = drill.cluster()
        ids, latencies = create_jobs(drill.user, args.jobs, {"seconds": args.seconds})
        drill.note(f"submitted {len(ids)} probe jobs of {args.seconds} s")
        kills = []
        with RecoveryLoop() as recovery:
            deadline = time.monotonic() + args.jobs * args.seconds + 60
            while len(kills) < args.max_kills and time.monotonic() < deadline:
                time.sleep(args.every)
                target = busy_worker_pid(cluster)
                if target is None:
                    if not any(s in ("queued", "running") for s in job_states(ids)):
                        break
                    continue
                os.kill(target[0], signal.SIGKILL)
                kills.append({"pid": target[0], "job": target[1]})
                drill.note(f"SIGKILL busy worker {target[0]} (running job {target[1][:8]})")
            cluster = drill.wait_recovered(ids, cluster, recovery, timeout=180)
        serving = drill.probe("a fresh probe job after the drill succeeded")
        killed_jobs = {k["job"] for k in kills}
        return drill.finish(
            ids,
            drill.served_without_restart(serving),
            kills=len(kills),
            killed_jobs_recovered=_recovered(killed_jobs),
            cluster_restarts=len(drill.clusters) - 1,
            recovery=recovery.totals,
            max_create_ms=round(max(latencies) * 1000, 1),
        )


def _recovered(job_ids) -> dict:
    from jobs.models import AsyncJob, JobAttempt

    outcomes = {}
    for job_id in job_ids:
        seq = list(
            JobAttempt.objects.filter(job_id=job_id)
            .order_by("started_at")
            .values_list("outcome", flat=True)
        )
        outcomes[job_id[:8]] = {
            "status": AsyncJob.objects.get(id=job_id).status,
            "attempts": seq,
        }
    return outcomes


if __name__ == "__main__":
    sys.exit(main())
