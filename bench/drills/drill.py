"""The fault drills' harness: a scratch database, a throwaway Redis, Django and clusters
for one drill, the recovery sweep every second, and the verdict."""

from __future__ import annotations

import threading
import time

from bench.environment import (
    PG_PORT,
    bench_cluster,
    bench_env,
    drop_database,
    make_var_dir,
    prepare_django,
    recreate_database,
)
from bench.job_accounting import audit, cluster_serves, poll_states, verdict_line
from bench.report import log, write_json
from harness.processes import Cluster, RedisServer, ThrowawayPostgres


class RecoveryLoop:
    """Runs ``jobs.recovery.recover_jobs`` every second in a thread, standing in for the
    sweep of ``jobs_cluster`` (every minute in production) so drills finish in seconds."""

    def __init__(self) -> None:
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="recovery")
        self.totals = {"requeued_lost": 0, "failed_lost": 0, "reenqueued": 0, "errors": 0}

    def _run(self) -> None:
        from django import db

        from jobs.recovery import recover_jobs

        while not self.stop_event.wait(1.0):
            try:
                db.close_old_connections()
                report = recover_jobs()
                self.totals["requeued_lost"] += len(report.requeued_lost)
                self.totals["failed_lost"] += len(report.failed_lost)
                self.totals["reenqueued"] += len(report.reenqueued)
            except Exception:  # the database may be restarting: try again next round
                self.totals["errors"] += 1
                db.connections.close_all()
        db.connections.close_all()

    def __enter__(self) -> RecoveryLoop:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop_event.set()
        self.thread.join(30)


DRILL_ENV = {
    # Short leases and grace periods so a drill sees recovery in seconds, not minutes.
    # Production defaults: lease 60 s, enqueue grace 30 s, redeliver after 900 s.
    "JOB_LEASE_SECONDS": 4,
    "JOB_ENQUEUE_GRACE_SECONDS": 3,
    "JOB_REDELIVER_AFTER_SECONDS": 20,
    "HEALTH_MAX_QUEUE_AGE_SECONDS": 10,
    # The watchdog restarts a wedged cluster after 5 s (production 60 s), SIGKILL after 3.
    "JOB_WATCHDOG_STALL_SECONDS": 5,
    "JOB_WATCHDOG_STOP_GRACE_SECONDS": 3,
    "Q_POLL_SECONDS": 0.1,
}


def skip(args, name: str, reason: str) -> int:
    log(f"SKIPPED {name}: {reason}")
    write_json(args.json, {"drill": name, "skipped": True, "reason": reason})
    return 0


class Drill:
    """Scratch database + throwaway Redis + Django + clusters for one fault drill."""

    def __init__(self, name: str, args, *, postgres: ThrowawayPostgres | None = None, **env):
        self.name, self.args = name, args
        self.pg_port = postgres.port if postgres else PG_PORT
        self.extra_env = {**DRILL_ENV, **env}
        self.clusters: list[Cluster] = []
        self.events: list[str] = []
        self.redis: RedisServer | None = None
        self.db_name = f"bench_drill_{name}"
        self.started = time.monotonic()

    def note(self, message: str) -> None:
        line = f"[{time.monotonic() - self.started:6.1f}s] {message}"
        self.events.append(line)
        log(line)

    def __enter__(self) -> Drill:
        self.var_dir = make_var_dir(f"drill-{self.name}")
        self.redis = RedisServer(self.var_dir).start()
        database_url = recreate_database(self.db_name, self.pg_port)
        self.env = bench_env(database_url, self.redis.url, self.var_dir, **self.extra_env)
        self.user = prepare_django(self.env)
        import logging

        # The drill reports recovery and enqueue failures itself, in totals.
        logging.getLogger("jobs.recovery").setLevel(logging.ERROR)
        logging.getLogger("jobs.broker").setLevel(logging.ERROR)
        logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the 503s we cause
        (self.var_dir / "static").mkdir(exist_ok=True)
        self.note(f"scratch database {self.db_name}, throwaway Redis on :{self.redis.port}")
        return self

    def cluster(self, wait: bool = True) -> Cluster:
        """A new cluster on the drill's environment, started (``wait=False``: booting; call
        its ``wait_ready`` before relying on it)."""
        cluster = bench_cluster(self.env, f"cluster{len(self.clusters) + 1}").start(wait=wait)
        self.clusters.append(cluster)
        self.note(f"started {cluster.label} (pid {cluster.process.pid})")
        return cluster

    def restart(self, cluster: Cluster, why: str) -> Cluster:
        self.note(f"supervisor: restarting {cluster.label} ({why})")
        cluster.stop(grace=5)
        return self.cluster()

    def wait_recovered(
        self,
        ids,
        cluster: Cluster,
        recovery: RecoveryLoop,
        timeout: float,
        stall: float = 25,
        what: str = "all jobs",
    ) -> Cluster:
        """``wait`` under a running RecoveryLoop, noting the outcome and the recovery totals;
        returns the cluster (a new one if it had to be restarted)."""
        finished, cluster = self.wait(ids, timeout=timeout, cluster=cluster, stall=stall)
        self.note(f"{what} finished: {finished}; recovery: {recovery.totals}")
        return cluster

    def probe(self, message: str = "a fresh probe job succeeded") -> bool:
        """The "kept serving" check after the fault: does a fresh probe job run?"""
        serving = cluster_serves(self.user)
        self.note(f"{message}: {serving}")
        return serving

    def served_without_restart(self, serving: bool) -> bool:
        """``serving`` on the drill's first cluster, never replaced by a supervisor restart."""
        return serving and len(self.clusters) == 1

    def wait(
        self, ids, timeout: float, cluster: Cluster, stall: float = 25
    ) -> tuple[bool, Cluster]:
        """Wait for every job to finish. Like a supervisor watching GET /health/, restart
        the cluster if nothing finishes for ``stall`` s while jobs are waiting."""
        deadline = time.monotonic() + timeout
        last_done, last_change = -1, time.monotonic()
        while time.monotonic() < deadline:
            polled = poll_states(ids)
            if polled is None:
                time.sleep(0.5)
                continue
            done, states = polled
            if done >= len(ids):
                return True, cluster
            if done != last_done:
                last_done, last_change = done, time.monotonic()
            elif time.monotonic() - last_change > stall:
                cluster = self.restart(cluster, f"no job finished for {stall:.0f} s: {states}")
                last_change = time.monotonic()
            time.sleep(0.5)
        return False, cluster

    def finish(self, ids, kept_serving: bool, **details) -> int:
        result = audit(ids, kept_serving)
        result.update(details)
        result["drill"] = self.name
        result["events"] = self.events
        result["elapsed_seconds"] = round(time.monotonic() - self.started, 1)
        result["settings"] = {k: str(v) for k, v in self.extra_env.items()}
        for key in ("failure_messages", "lost_states"):
            if result[key]:
                log(f"{key}: {result[key]}")
        log(verdict_line(result))
        write_json(self.args.json, result)
        ok = result["lost"] == 0 and result["run_twice"] == 0
        return 0 if ok else 1

    def __exit__(self, *exc) -> None:
        for cluster in self.clusters:
            try:
                cluster.stop(grace=5)
            except Exception as error:
                log(f"note: stopping {cluster.label}: {error}")
        from django import db

        db.connections.close_all()
        if self.redis:
            self.redis.stop()
        drop_database(self.db_name, self.pg_port)
        log(f"cluster logs kept in {self.var_dir}")
