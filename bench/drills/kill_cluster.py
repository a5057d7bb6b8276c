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

from bench.common import (
    Drill,
    RecoveryLoop,
    base_parser,
    cluster_serves,
    create_jobs,
    job_states,
    wait_for,
)


def main() -> int:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=0.1)
    parser.add_argument("--kill-at", type=float, default=0.3, help="fraction done at kill")
    args = parser.parse_args()
    if args.quick:
        args.jobs = 120
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
            finished, cluster = drill.wait(ids, timeout=150, cluster=cluster)
            drill.note(f"all jobs finished: {finished}; recovery: {recovery.totals}")
        serving = cluster_serves(drill.user)
        drill.note(f"a fresh probe job on the restarted cluster succeeded: {serving}")
        return drill.finish(
            ids,
            serving,
            states_at_kill=before,
            recovery=recovery.totals,
            note="the killed cluster is replaced by a new one (what a supervisor does)",
        )


if __name__ == "__main__":
    sys.exit(main())
