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

from bench.drills.drill import Drill, RecoveryLoop, skip
from bench.drills.drill_common import drill_args
from bench.job_accounting import create_jobs, job_states
from bench.report import log
from harness.processes import ThrowawayPostgres, wait_for


def main() -> int:
    args = drill_args(__doc__, {"jobs": 100}, jobs=(int, 150), seconds=(float, 0.2))
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
                cluster = drill.wait_recovered(ids, cluster, recovery, timeout=150)
            serving = drill.probe()
            return drill.finish(
                ids,
                drill.served_without_restart(serving),
                states_at_restart=at_restart,
                cluster_restarts=len(drill.clusters) - 1,
                recovery=recovery.totals,
            )
    finally:
        postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
