"""Drill: SIGKILL an idle worker, which can wedge the whole django-q2 cluster.

An idle django-q2 worker sits in ``task_queue.get()`` holding the multiprocessing queue's
read lock while it waits for bytes. Killed there, it never releases the lock: every other
worker (and the replacement the sentinel spawns) blocks on it forever, yet all processes
look alive. The drill kills idle workers (up to --tries times) until it sees that, then
shows what the project exposes (oldest queued job age in ``queue_overview``, ``GET
/health/`` answering 503) and what a supervisor does: restart the cluster. Jobs the
wedged cluster had already pulled from Redis are re-enqueued by the recovery sweep.
"""

import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.common import (
    Drill,
    RecoveryLoop,
    cluster_serves,
    create_jobs,
    health_status,
    wait_all_finished,
)
from bench.drills.drill_common import drill_args


def main() -> int:
    args = drill_args(
        __doc__,
        {"probe_wait": 12},
        tries=(int, 4, "idle workers to kill at most"),
        probe_wait=(float, 15, "s to wait for jobs"),
    )
    with Drill("kill_idle_worker", args) as drill:
        from jobs.selectors import queue_overview

        cluster = drill.cluster()
        ids, _ = create_jobs(drill.user, 4, {"seconds": 0})
        wait_all_finished(ids, 30)
        wedged_at_try, findings = None, {}
        with RecoveryLoop() as recovery:
            for attempt in range(1, args.tries + 1):
                time.sleep(1.5)  # everyone idle again
                workers = cluster.worker_pids()
                if not workers:
                    drill.note("no worker pids reported; cannot continue")
                    break
                victim = workers[0]
                os.kill(victim, signal.SIGKILL)
                drill.note(f"try {attempt}: SIGKILL idle worker {victim} (workers {workers})")
                time.sleep(2)
                batch, _ = create_jobs(drill.user, 5, {"seconds": 0})
                ids += batch
                if wait_all_finished(batch, args.probe_wait, interval=0.2):
                    drill.note(f"try {attempt}: 5 new jobs ran: the cluster survived this kill")
                    continue
                wedged_at_try = attempt
                overview = queue_overview()
                status, body = health_status()
                findings = {
                    "queued": overview.queued,
                    "oldest_queued_age_s": round(overview.oldest_queued_age_seconds or 0, 1),
                    "health_status": status,
                    "health_queue_check": body["checks"]["queue"],
                    "cluster_processes_alive": len(cluster.tree()),
                    "cluster_states": body["checks"]["cluster"]["details"].get("states"),
                }
                drill.note(
                    f"try {attempt}: WEDGED: none of 5 jobs ran in {args.probe_wait:.0f} s; "
                    f"{findings['cluster_processes_alive']} cluster processes still alive"
                )
                drill.note(
                    f"noticed: queue_overview queued={overview.queued}, oldest queued age "
                    f"{findings['oldest_queued_age_s']} s; GET /health/ -> {status} "
                    f"({body['checks']['queue']})"
                )
                cluster = drill.restart(cluster, "wedged: oldest queued job too old")
                break
            cluster = drill.wait_recovered(ids, cluster, recovery, timeout=90)
        status_after, _ = health_status()
        serving = cluster_serves(drill.user)
        drill.note(f"after: GET /health/ -> {status_after}; a fresh probe job ran: {serving}")
        if wedged_at_try is None:
            drill.note(f"the cluster never wedged in {args.tries} idle-worker kills")
        return drill.finish(
            ids,
            serving and wedged_at_try is None,
            served_again_after_restart=serving,
            wedged=wedged_at_try is not None,
            wedged_after_kills=wedged_at_try,
            noticed=findings,
            recovered_by="cluster restart" if wedged_at_try else "not needed",
            health_after=status_after,
            recovery=recovery.totals,
        )


if __name__ == "__main__":
    sys.exit(main())
