"""Drill: SIGKILL an idle worker, which can wedge a django-q2 cluster; the watchdog heals it.

An idle django-q2 worker sits in ``task_queue.get()`` holding the multiprocessing queue's
read lock while it waits for bytes. Killed there, it never releases the lock: every other
worker (and the replacement the sentinel spawns) blocks on it forever, yet all processes
look alive. The drill kills idle workers (up to --tries times) and after each kill
creates 5 jobs. ``manage.py jobs_cluster`` (what the Procfile runs) must notice on its own
that tasks wait in its cluster's queue while no worker runs anything, restart that
cluster, and the recovery sweep must bring back the tasks the wedged cluster had pulled:
every job runs, and the drill itself never restarts anything.
"""

import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills.drill import Drill, RecoveryLoop
from bench.drills.drill_common import drill_args
from bench.job_accounting import create_jobs, wait_all_finished

WEDGED_LOG_LINE = "is wedged"


def watchdog_restarts(cluster) -> int:
    return cluster.log_path.read_text(errors="replace").count(WEDGED_LOG_LINE)


def main() -> int:
    args = drill_args(
        __doc__,
        {"tries": 3},
        tries=(int, 4, "idle workers to kill"),
        heal_wait=(float, 45, "s to wait for the 5 jobs after a kill"),
    )
    with Drill("kill_idle_worker", args) as drill:
        cluster = drill.cluster()
        ids, _ = create_jobs(drill.user, 4, {"seconds": 0})
        wait_all_finished(ids, 30)
        kills = []
        with RecoveryLoop() as recovery:
            for attempt in range(1, args.tries + 1):
                time.sleep(1.5)  # everyone idle again
                workers = cluster.task_worker_pids()
                if not workers:
                    drill.note("no worker pids reported; cannot continue")
                    break
                restarts_before = watchdog_restarts(cluster)
                os.kill(workers[0], signal.SIGKILL)
                killed_at = time.monotonic()
                drill.note(f"try {attempt}: SIGKILL idle worker {workers[0]} (workers {workers})")
                time.sleep(2)
                batch, _ = create_jobs(drill.user, 5, {"seconds": 0})
                ids += batch
                ran = wait_all_finished(batch, args.heal_wait, interval=0.2)
                healed = watchdog_restarts(cluster) > restarts_before
                kills.append(
                    {
                        "try": attempt,
                        "jobs_ran": ran,
                        "wedged_and_restarted_by_watchdog": healed,
                        "seconds_to_run_the_5_jobs": round(time.monotonic() - killed_at, 1),
                    }
                )
                drill.note(
                    f"try {attempt}: 5 new jobs ran: {ran} after "
                    f"{kills[-1]['seconds_to_run_the_5_jobs']} s; "
                    + ("the cluster WEDGED and its watchdog restarted it" if healed
                       else "the cluster survived this kill")
                )  # fmt: skip
                if not ran:
                    break
            cluster = drill.wait_recovered(ids, cluster, recovery, timeout=90)
        serving = drill.probe()
        wedges = sum(k["wedged_and_restarted_by_watchdog"] for k in kills)
        drill.note(f"wedged {wedges} time(s) in {len(kills)} kill(s), each healed by the watchdog")
        return drill.finish(
            ids,
            drill.served_without_restart(serving),
            kills=kills,
            wedged=wedges > 0,
            watchdog_restarts=watchdog_restarts(cluster),
            cluster_restarts=len(drill.clusters) - 1,
            recovery=recovery.totals,
        )


if __name__ == "__main__":
    sys.exit(main())
