"""Drill: stop Redis (a throwaway redis-server, never the system one) for 30 s during a
burst of job creations, then start it again on the same port.

Job creation must keep answering (the enqueue gives up fast and leaves the job queued);
the recovery sweep enqueues what was created while Redis was down. The throwaway Redis
keeps no data across the restart (no RDB/AOF), so tasks that were waiting in it are gone
too and come back through recovery's redelivery rule.
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
)


def burst(drill, seconds: float, rate: float, ids: list, latencies: list) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch, lat = create_jobs(drill.user, 1, {"seconds": 0.05})
        ids += batch
        latencies += lat
        time.sleep(max(0.0, 1 / rate - lat[0]))


def main() -> int:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--down", type=float, default=30, help="seconds Redis stays down")
    parser.add_argument("--rate", type=float, default=10, help="jobs created per second")
    args = parser.parse_args()
    if args.quick:
        args.down = 15
    with Drill("redis_down", args) as drill:
        cluster = drill.cluster()
        ids, before, during, after = [], [], [], []
        with RecoveryLoop() as recovery:
            burst(drill, 5, args.rate, ids, before)
            drill.redis.stop()
            drill.note(f"Redis stopped; creating jobs for {args.down:.0f} s")
            burst(drill, args.down, args.rate, ids, during)
            drill.redis.start()
            drill.note("Redis started again (empty)")
            burst(drill, 5, args.rate, ids, after)
            drill.note(
                f"create+enqueue max latency: before {max(before) * 1000:.0f} ms, Redis down "
                f"{max(during) * 1000:.0f} ms, after {max(after) * 1000:.0f} ms"
            )
            alive = cluster.alive()
            drill.note(f"cluster process still running: {alive}")
            finished, cluster = drill.wait(ids, timeout=120, cluster=cluster)
            drill.note(f"all jobs finished: {finished}; recovery: {recovery.totals}")
        serving = cluster_serves(drill.user)
        drill.note(f"a fresh probe job succeeded: {serving}")
        return drill.finish(
            ids,
            serving and len(drill.clusters) == 1,
            redis_down_seconds=args.down,
            created_while_down=len(during),
            max_create_ms={
                "before": round(max(before) * 1000, 1),
                "redis_down": round(max(during) * 1000, 1),
                "after": round(max(after) * 1000, 1),
            },
            cluster_restarts=len(drill.clusters) - 1,
            recovery=recovery.totals,
        )


if __name__ == "__main__":
    sys.exit(main())
