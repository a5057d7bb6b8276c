"""Drill: SIGKILL the whole cluster (sentinel, pusher, monitor, workers) mid-burst, then
start a new one, as a machine loss followed by a supervisor restart would.

Running jobs lose their heartbeat (recovery takes them back after the lease); jobs the
dead cluster had pulled from Redis into its in-memory queue are re-enqueued by recovery
once their enqueue is older than JOB_REDELIVER_AFTER_SECONDS; the rest is still in Redis.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills.drill import Drill, RecoveryLoop
from bench.drills.drill_common import drill_args
from bench.job_accounting import create_jobs, job_states
from harness.processes import wait_for


def main() -> int:
    args = drill_args(
        __doc__,
        {"jobs": 120},
        jobs=(int, 200),
        seconds=(float, 0.1),
        kill_at=(float, 0.3, "fraction done at kill"),
    )
    with Drill("kill_cluster", args) as drill:
        cluster = drill.cluster()
        ids, _ = create_jobs(drill.user, args.jobs, {"seconds": args.seconds})
        drill.note(f"submitted {len(ids)} probe jobs of {args.seconds} s")
        target = int(args.jobs * args.kill_at)
        wait_for(lambda: job_states(ids).get("succeeded", 0) >= target, 120, "progress", 0.05)
        before = job_states(ids)
        cluster.kill()
        drill.note(f"SIGKILL the whole cluster tree at {before}")
        time.sleep(2)
        with RecoveryLoop() as recovery:
            cluster = drill.cluster()
            cluster = drill.wait_recovered(ids, cluster, recovery, timeout=150)
        serving = drill.probe("a fresh probe job on the restarted cluster succeeded")
        return drill.finish(
            ids,
            serving,
            states_at_kill=before,
            recovery=recovery.totals,
            note="the killed cluster is replaced by a new one (what a supervisor does)",
        )


if __name__ == "__main__":
    sys.exit(main())
