"""Shared helpers for the bench scripts: scratch databases, clusters, Redis, statistics.

Every bench script is its own process. It builds an environment (scratch PostgreSQL
database, a Redis, job settings), calls ``setup_django(env)`` and starts real
``manage.py qcluster`` subprocesses with the same environment. Nothing here touches the
system PostgreSQL or Redis beyond one scratch database per script and Redis db
``BENCH_REDIS_DB`` (the test suite uses db 0).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
SYSTEM_REDIS = "redis://127.0.0.1:6379"
# Overridable so two checkouts on one machine can bench side by side.
BENCH_REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "11"))
BENCH_DB_SUFFIX = os.environ.get("BENCH_DB_SUFFIX", "")
BENCH_REDIS_URL = f"{SYSTEM_REDIS}/{BENCH_REDIS_DB}"
BENCH_SECRET = "bench-secret-key-not-for-production"  # noqa: S105 - scratch runs only

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# --- the trivial task of the bare django-q2 baseline -----------------------------------


def noop(*_args) -> float:
    """The bare django-q2 no-op (``bench.common.noop``). Returns the time it ran, which
    django-q2 saves with the task anyway, so the baseline's queue wait costs nothing."""
    return time.time()


def floor_task(job_id: str) -> None:
    """The bench's floor task (``bench/bench_jobs.py`` ``run_floor``): the job layer's two
    worker commits on the job row, claim and succeed, with nothing else."""
    from django.db import transaction
    from django.db.models.functions import Now

    from jobs.models import AsyncJob, JobStatus

    row = AsyncJob.objects.filter(id=job_id)
    row.filter(status=JobStatus.QUEUED).update(status=JobStatus.RUNNING, started_at=Now())
    with transaction.atomic():
        row.filter(status=JobStatus.RUNNING).update(status=JobStatus.SUCCEEDED, finished_at=Now())


# --- small utilities --------------------------------------------------------------------


def log(*parts) -> None:
    print(*parts, flush=True)


def wait_for(condition: Callable[[], object], timeout: float, what: str, interval=0.1):
    """``tests.cluster.wait_for`` (poll until truthy), raising TimeoutError as bench expects."""
    from tests.cluster import wait_for as poll_until

    try:
        return poll_until(condition, timeout, what, interval)
    except AssertionError as exc:
        raise TimeoutError(str(exc)) from None


def percentile(values: Iterable[float], pct: float) -> float | None:
    data = sorted(values)
    if not data:
        return None
    k = (len(data) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def spread(values: Iterable[float | None]) -> dict:
    """Median with min/max of repeated runs (the form every figure is reported in)."""
    data = [v for v in values if v is not None]
    if not data:
        return {"median": None, "min": None, "max": None, "runs": []}
    return {
        "median": statistics.median(data),
        "min": min(data),
        "max": max(data),
        "runs": data,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def base_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--json", type=Path, help="write the results to this JSON file")
    parser.add_argument("--quick", action="store_true", help="shorter run (used by run_all)")
    return parser


def write_json(path: Path | None, data: dict) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str) + "\n")
    tmp.replace(path)
    log(f"wrote {path}")


# --- PostgreSQL scratch databases -------------------------------------------------------


def pg_url(dbname: str, port: int = PG_PORT) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{port}/{dbname}"


def _admin(port: int = PG_PORT):
    import psycopg

    return psycopg.connect(
        host=PG_HOST, port=port, user=PG_USER, dbname="postgres", autocommit=True
    )


def recreate_database(name: str, port: int = PG_PORT) -> str:
    assert name.startswith("bench_"), "only scratch databases named bench_* are touched"
    name += BENCH_DB_SUFFIX
    with _admin(port) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_url(name, port)


def drop_database(name: str, port: int = PG_PORT) -> None:
    assert name.startswith("bench_")
    name += BENCH_DB_SUFFIX
    try:
        with _admin(port) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception as exc:  # cleanup is best effort; report, never mask the result
        log(f"note: could not drop scratch database {name}: {exc}")


@contextlib.contextmanager
def scratch_database(name: str):
    """A fresh scratch database for the block (yields its URL), dropped after it."""
    url = recreate_database(name)
    try:
        yield url
    finally:
        drop_database(name)


# --- environment and Django -------------------------------------------------------------


def bench_env(database_url: str, redis_url: str | None, var_dir: Path, **extra) -> dict:
    """The production-style environment for this process and its clusters."""
    env = {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or BENCH_SECRET,
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(var_dir),
        "Q_CLUSTER_NAME": "bench",
        "Q_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({k: str(v) for k, v in extra.items()})
    return env


def setup_django(env: dict) -> None:
    os.environ.update(env)
    if "REDIS_URL" not in env:
        os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


def make_var_dir(tag: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"bench-{tag}-"))


def prepare_django(env: dict):
    """Django on ``env``, its Redis db (if any) emptied, migrated; returns the bench user."""
    setup_django(env)
    if env.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(env["REDIS_URL"], socket_timeout=2).flushdb()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return get_user_model().objects.get_or_create(username="bench")[0]


def wipe_jobs(*, orm_queue: bool = False) -> None:
    """Delete every job and django-q2 task result (``orm_queue``: and the ORM broker's
    queued tasks), so the next run counts only its own."""
    from django_q.models import OrmQ, Task

    from jobs.models import AsyncJob

    Task.objects.all().delete()
    if orm_queue:
        OrmQ.objects.all().delete()
    AsyncJob.objects.all().delete()


# --- a real qcluster subprocess ---------------------------------------------------------


class Cluster:
    """``manage.py jobs_cluster`` (the Procfile's worker: ``qcluster`` under the job
    layer's watchdog) as a separate "machine": its own process tree and env."""

    def __init__(self, env: dict, label: str = "cluster") -> None:
        self.env, self.label = env, label
        self.process: subprocess.Popen | None = None
        self.log_path = Path(env["VAR_DIR"]) / f"{label}-{time.monotonic_ns()}.log"

    def start(self, wait: bool = True) -> Cluster:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "jobs_cluster"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
        )
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 120) -> None:
        """Workers, monitor and pusher are up (the sentinel spawns them last)."""
        workers = int(self.env.get("Q_WORKERS", "2"))
        # watchdog, qcluster, sentinel, the workers, monitor, pusher
        try:
            wait_for(lambda: len(self.tree()) >= workers + 4, timeout, f"{self.label} to start")
        except TimeoutError:
            self.kill()  # never leave a cluster behind to eat the next run's tasks
            raise
        time.sleep(0.5)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _processes(self) -> list:
        """The sentinel and every process below it (none once it is gone)."""
        import psutil

        if self.process is None:
            return []
        try:
            root = psutil.Process(self.process.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def tree(self) -> list[int]:
        """Pids of every process below the watchdog (qcluster, its sentinel and pool)."""
        return [p.pid for p in self._processes()[1:]]

    def worker_pids(self) -> list[int]:
        """Task worker pids, as the cluster's sentinel reports them (django-q2 Stat)."""
        from django_q.status import Stat

        from jobs.broker import enqueue_broker

        tree = set(self.tree())
        try:
            for stat in Stat.get_all(broker=enqueue_broker()):
                if stat.sentinel in tree:
                    return [pid for pid in stat.workers if pid in tree]
        except Exception as exc:  # broker down: fall back to nothing rather than guess
            log(f"  (could not read cluster stats: {exc})")
        return []

    def stop(self, grace: float = 10) -> None:
        """SIGTERM (django-q2 finishes running tasks), then SIGKILL what is left."""
        if not self.alive():
            return
        tree = self._processes()
        self.process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(grace)
        self.kill(tree)

    def kill(self, tree=None) -> None:
        """SIGKILL the whole tree (a machine lost)."""
        import psutil

        if tree is None:
            tree = self._processes()
        for proc in tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
        psutil.wait_procs(tree, timeout=10)
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(5)

    def output_tail(self, lines: int = 20) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


# --- throwaway servers (never the system ones) ------------------------------------------


class RedisServer:
    """A redis-server on its own port, which a drill may stop, freeze and restart."""

    def __init__(self, workdir: Path) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise RuntimeError("redis-server is not installed")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: port_open(self.port), 10, "redis-server to accept connections")
        return self

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


class ThrowawayPostgres:
    """A PostgreSQL cluster made with initdb under /tmp on a spare port (never the system
    server). Runs as the ``postgres`` OS user because initdb refuses root."""

    def __init__(self) -> None:
        self.bindir = self._bindir()
        self.port = free_port()
        self.datadir = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.url = None

    @staticmethod
    def _bindir() -> Path | None:
        for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
            if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
                return candidate
        return None

    def why_unavailable(self) -> str | None:
        if self.bindir is None:
            return "no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            return "running as root without runuser (initdb refuses root)"
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "no 'postgres' OS user to run initdb as"
        return None

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)

    def _pg_ctl(self, action: str, *extra: str) -> None:
        self._run(
            "pg_ctl", action, "-D", str(self.datadir / "data"), "-w", "-t", "30",
            "-l", str(self.datadir / "server.log"),
            "-o", f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 -c fsync=off",
            *extra,
        )  # fmt: skip

    def start(self) -> ThrowawayPostgres:
        import pwd

        pw = pwd.getpwnam("postgres")
        os.chown(self.datadir, pw.pw_uid, pw.pw_gid)
        self._run(
            "initdb", "-D", str(self.datadir / "data"), "-U", "postgres",
            "--auth=trust", "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        self._pg_ctl("start")
        return self

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        try:
            self._pg_ctl("stop", "-m", "immediate")
        except Exception as exc:
            log(f"note: could not stop throwaway PostgreSQL: {exc}")
        shutil.rmtree(self.datadir, ignore_errors=True)


# --- job accounting shared by the drills ------------------------------------------------


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


def job_states(job_ids) -> dict[str, int]:
    from django.db.models import Count

    from jobs.models import AsyncJob

    rows = AsyncJob.objects.filter(id__in=job_ids).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def poll_states(job_ids) -> tuple[int, dict] | None:
    """(jobs finished, ``job_states``), or None (connections reset) while the database is
    unreachable."""
    from django import db

    from jobs.models import FINISHED_STATUSES

    try:
        states = job_states(job_ids)
    except db.Error:
        db.connections.close_all()
        return None
    return sum(states.get(s, 0) for s in FINISHED_STATUSES), states


def wait_all_finished(job_ids, timeout: float, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        polled = poll_states(job_ids)
        if polled and polled[0] >= len(job_ids):
            return True
        time.sleep(interval)
    return False


def audit(job_ids, cluster_kept_serving: bool) -> dict:
    """The drill verdict: every job accounted for, none run twice."""
    from collections import Counter

    from jobs.models import FINISHED_STATUSES, AsyncJob, AttemptOutcome, JobAttempt, JobStatus

    ids = list(job_ids)
    jobs = {job.id: job for job in AsyncJob.objects.filter(id__in=ids)}
    succeeded_attempts = Counter(
        JobAttempt.objects.filter(job_id__in=ids, outcome=AttemptOutcome.SUCCEEDED).values_list(
            "job_id", flat=True
        )
    )
    attempts = Counter(JobAttempt.objects.filter(job_id__in=ids).values_list("job_id", flat=True))
    failed = [j for j in jobs.values() if j.status == JobStatus.FAILED]
    clear = [j for j in failed if j.error_message and j.error_code != "internal_error"]
    lost = [i for i in ids if i not in jobs or jobs[i].status not in FINISHED_STATUSES]
    twice = [i for i, n in succeeded_attempts.items() if n > 1]
    return {
        "submitted": len(ids),
        "succeeded": sum(1 for j in jobs.values() if j.status == JobStatus.SUCCEEDED),
        "failed_with_clear_error": len(clear),
        "failed_unclear": len(failed) - len(clear),
        "lost": len(lost),
        "run_twice": len(twice),
        "cluster_kept_serving": "yes" if cluster_kept_serving else "no",
        "jobs_with_more_than_one_attempt": sum(1 for n in attempts.values() if n > 1),
        "failure_messages": sorted({f"{j.error_code}: {j.error_message[:120]}" for j in failed})[
            :5
        ],
        "lost_states": sorted({jobs[i].status for i in lost if i in jobs}),
    }


def verdict_line(result: dict) -> str:
    keys = ("submitted", "succeeded", "failed_with_clear_error", "lost", "run_twice")
    parts = [f"{k}={result[k]}" for k in keys]
    parts.append(f"cluster_kept_serving={result['cluster_kept_serving']}")
    return "RESULT " + " ".join(parts)


def create_jobs(user, n: int, payload: dict) -> tuple[list, list[float]]:
    """Create ``n`` jobs through the service (commit -> enqueue); returns ids and the
    wall time of each create+enqueue call."""
    from jobs.models import JobType
    from jobs.services import job_create

    ids, latencies = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        job = job_create(job_type=JobType.PROBE, owner=user, payload=payload)
        latencies.append(time.perf_counter() - t0)
        ids.append(job.id)
    return ids, latencies


def cluster_serves(user, timeout: float = 30) -> bool:
    """Does a fresh probe job get done? (the "cluster kept serving" check)."""
    ids, _ = create_jobs(user, 1, {"seconds": 0})
    return wait_all_finished(ids, timeout, interval=0.2) and job_states(ids).get("succeeded") == 1


# --- sample plans -----------------------------------------------------------------------


def sample_sheets(count: int) -> list[tuple[str, bytes]]:
    """``count`` good one-page plans, ``("good_<style>", pdf)``: sheet i is sample plan
    i mod plans in export style i mod styles, so no pair repeats before lcm(plans, styles)."""
    from floorplans.samples.catalog import sample_plans
    from floorplans.samples.render import STYLES, render_pdf

    plans = sample_plans()
    styles = list(STYLES)
    files = []
    for i in range(count):
        plan, style = plans[i % len(plans)], styles[i % len(styles)]
        files.append((f"good_{style}", render_pdf(plan, style, seed=i)))
    return files


# --- machine description ----------------------------------------------------------------


def machine_info() -> dict:
    import psutil

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout
            return out.strip().splitlines()[0] if out.strip() else "unknown"
        except Exception:
            return "unknown"

    pg = version(["psql", "-h", PG_HOST, "-U", PG_USER, "-Atc", "SHOW server_version"])
    redis_v = "unknown"
    try:
        import redis

        redis_v = redis.Redis.from_url(SYSTEM_REDIS, socket_timeout=2).info()["redis_version"]
    except Exception as exc:
        log(f"note: Redis version unknown ({exc})")
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "postgresql": pg,
        "redis": redis_v,
        "os": platform.platform(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


# --- the drill harness ------------------------------------------------------------------

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

    def cluster(self) -> Cluster:
        cluster = Cluster(self.env, f"cluster{len(self.clusters) + 1}").start()
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


def health_status() -> tuple[int, dict]:
    """GET /health/ through Django's test client (the real view, URLconf, middleware), as
    a probe holding HEALTH_TOKEN, so the answer carries the details."""
    from django.test import Client, override_settings

    probe_token = secrets.token_hex(8)
    with override_settings(HEALTH_TOKEN=probe_token):
        response = Client().get("/health/", HTTP_HOST="127.0.0.1", HTTP_X_HEALTH_TOKEN=probe_token)
    return response.status_code, response.json()
