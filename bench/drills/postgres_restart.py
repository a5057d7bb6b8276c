"""Drill: restart PostgreSQL during a run (``pg_ctl restart -m fast``).

Uses a throwaway PostgreSQL cluster made with initdb under /tmp on a spare port, never
the system server; skips with the reason when one cannot be made. Every open connection
is cut: workers mid-job hit OperationalError (a transient error: the job is retried with
backoff), claims and heartbeats fail, and persistent connections must be replaced (the
settings use health checks).
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.common import (
    Drill,
    RecoveryLoop,
    ThrowawayPostgres,
    base_parser,
    cluster_serves,
    create_jobs,
    job_states,
    log,
    skip,
    wait_for,
)


def main() -> int:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=0.2)
    args = parser.parse_args()
    if args.quick:
        args.jobs = 100
    postgres = ThrowawayPostgres()
    reason = postgres.why_unavailable()
    if reason:
        return skip(args, "postgres_restart", reason)
    try:
        postgres.start()
    except Exception as exc:
        postgres.stop()
        return skip(args, "postgres_restart", f"could not create a throwaway cluster: {exc}")
    log(f"throwaway PostgreSQL on :{postgres.port} in {postgres.datadir}")
    try:
        with Drill("postgres_restart", args, postgres=postgres) as drill:
            cluster = drill.cluster()
            ids, _ = create_jobs(drill.user, args.jobs, {"seconds": args.seconds})
            drill.note(f"submitted {len(ids)} probe jobs of {args.seconds} s")
            with RecoveryLoop() as recovery:
                target = args.jobs // 4
                wait_for(lambda: job_states(ids).get("succeeded", 0) >= target, 120, "progress")
                at_restart = job_states(ids)
                t0 = time.monotonic()
                postgres.restart()
                drill.note(f"PostgreSQL restarted in {time.monotonic() - t0:.1f} s at {at_restart}")
                finished, cluster = drill.wait(ids, timeout=150, cluster=cluster)
                drill.note(f"all jobs finished: {finished}; recovery: {recovery.totals}")
            serving = cluster_serves(drill.user)
            drill.note(f"a fresh probe job succeeded: {serving}")
            return drill.finish(
                ids,
                serving and len(drill.clusters) == 1,
                states_at_restart=at_restart,
                cluster_restarts=len(drill.clusters) - 1,
                recovery=recovery.totals,
            )
    finally:
        postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
