"""Drill: freeze Redis with SIGSTOP for 30 s during a burst of job creations, then SIGCONT.

A frozen Redis accepts TCP connections but never answers, the nastiest broker fault: a
client without socket timeouts hangs (django-q2's own ``async_task`` for ~60 s). Job
creation must not hang: the project's enqueue gives up after BROKER_ENQUEUE_TIMEOUT_SECONDS
and leaves the job queued for recovery. The figure to watch is the max create+enqueue
latency while frozen. A push that timed out may still land when Redis wakes up, so some
jobs are delivered twice; they must still run once.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.common import Drill, RecoveryLoop, base_parser, cluster_serves
from bench.drills.redis_down import burst


def main() -> int:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--frozen", type=float, default=30, help="seconds Redis is frozen")
    parser.add_argument("--rate", type=float, default=10, help="jobs created per second")
    args = parser.parse_args()
    if args.quick:
        args.frozen = 15
    with Drill("redis_freeze", args) as drill:
        cluster = drill.cluster()
        ids, before, during, after = [], [], [], []
        with RecoveryLoop() as recovery:
            burst(drill, 5, args.rate, ids, before)
            drill.redis.freeze()
            drill.note(f"Redis frozen (SIGSTOP); creating jobs for {args.frozen:.0f} s")
            burst(drill, args.frozen, args.rate, ids, during)
            drill.redis.thaw()
            drill.note("Redis thawed (SIGCONT)")
            burst(drill, 5, args.rate, ids, after)
            drill.note(
                f"create+enqueue max latency: before {max(before) * 1000:.0f} ms, frozen "
                f"{max(during) * 1000:.0f} ms ({len(during)} creates), after "
                f"{max(after) * 1000:.0f} ms"
            )
            finished, cluster = drill.wait(ids, timeout=120, cluster=cluster)
            drill.note(f"all jobs finished: {finished}; recovery: {recovery.totals}")
        serving = cluster_serves(drill.user)
        drill.note(f"a fresh probe job succeeded: {serving}")
        frozen_max = max(during)
        drill.note(f"job creation hung? {'YES' if frozen_max > 2 else 'no'} (limit 2 s)")
        return drill.finish(
            ids,
            serving and len(drill.clusters) == 1,
            frozen_seconds=args.frozen,
            created_while_frozen=len(during),
            max_create_ms={
                "before": round(max(before) * 1000, 1),
                "frozen": round(frozen_max * 1000, 1),
                "after": round(max(after) * 1000, 1),
            },
            creation_hung=frozen_max > 2,
            cluster_restarts=len(drill.clusters) - 1,
            recovery=recovery.totals,
        )


if __name__ == "__main__":
    sys.exit(main())
