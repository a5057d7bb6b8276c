"""Real processes for tests and benches: a job cluster as its own process tree, throwaway
Redis, PostgreSQL and S3-compatible servers on free ports, and waiting for them.

Nothing here touches the system servers: every server is started by its owner, on a port
of its own, and stopped by it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


def wait_for(condition: Callable[[], object], timeout: float, what: str, interval=0.1):
    """Poll ``condition`` until it returns something truthy (returned), or raise
    TimeoutError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


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


# --- a job cluster ----------------------------------------------------------------------


class Cluster:
    """``manage.py <command>`` with its own environment and process tree, as a separate
    machine would run it: ``jobs_cluster`` (the Procfile's worker: qcluster under the job
    layer's watchdog) or bare ``qcluster``.

    ``own_session``: in a session of its own, so a signal to the caller's process group
    never reaches it (tests); without, a bench script's group takes it along when
    run_all.py kills an overrunning script.
    """

    def __init__(
        self,
        env: dict,
        *,
        command: str = "jobs_cluster",
        label: str = "cluster",
        log_dir: Path | None = None,
        own_session: bool = False,
    ) -> None:
        self.env, self.command, self.label, self.own_session = env, command, label, own_session
        self.process: subprocess.Popen | None = None
        # Outside the source tree by default: kept for a failing run to be read.
        log_dir = Path(log_dir or tempfile.gettempdir())
        self.log_path = log_dir / f"{label}-{uuid.uuid4().hex[:8]}.log"

    def start(self, wait: bool = True) -> Cluster:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", self.command],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=self.own_session,
        )
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 120) -> None:
        """Workers, monitor and pusher are up (the sentinel spawns them last). Counted in
        the process tree, not in django-q2's stats: those live in the cache, which a test
        may replace with a private one."""
        workers = int(self.env.get("Q_WORKERS", "2"))
        # sentinel, the workers, monitor, pusher (and qcluster itself, under jobs_cluster)
        below = workers + 3 + (self.command != "qcluster")
        try:
            wait_for(lambda: len(self.tree()) >= below, timeout, f"{self.label} to start")
        except TimeoutError:
            self.kill()  # never leave a cluster behind to eat the next run's tasks
            raise
        time.sleep(0.5)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _processes(self) -> list[psutil.Process]:
        """The started process and every process below it (none once it is gone)."""
        if self.process is None:
            return []
        try:
            root = psutil.Process(self.process.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def tree(self) -> list[int]:
        """Pids of every process below the started one (qcluster, sentinel, pool)."""
        return [p.pid for p in self._processes()[1:]]

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the tree has used so far, the workers django-q2
        recycled included (their parent reaped them, so the kernel added them to its)."""
        total = 0.0
        for proc in self._processes():
            with contextlib.suppress(psutil.NoSuchProcess):
                times = proc.cpu_times()
                total += times.user + times.system + times.children_user + times.children_system
        return total

    def task_worker_pids(self) -> list[int]:
        """The task workers' pids, as this cluster's sentinel reports them (django-q2
        Stat; empty while the broker is unreachable)."""
        from jobs.selectors import cluster_stats

        tree = set(self.tree())
        try:
            stats = cluster_stats()
        except Exception:  # broker down: report no workers rather than guess
            return []
        for stat in stats:
            if stat.sentinel in tree:
                return [pid for pid in stat.workers if pid in tree]
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

    def kill(self, tree: list[psutil.Process] | None = None) -> None:
        """SIGKILL the whole tree (a machine lost)."""
        if tree is None:
            tree = self._processes()
        for proc in tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
        psutil.wait_procs(tree, timeout=10)
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(5)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


# --- throwaway servers (never the system ones) ------------------------------------------


class RedisServer:
    """A redis-server on its own port, which a test or drill may stop, freeze and restart
    (it keeps no data: a restart comes back empty)."""

    def __init__(self, workdir: Path | None = None) -> None:
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = Path(workdir or tempfile.gettempdir())
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        if self.binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
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
        self.datadir = Path(tempfile.mkdtemp(prefix="throwaway-pg-"))

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
        except (OSError, subprocess.SubprocessError) as exc:
            print(f"note: could not stop throwaway PostgreSQL: {exc}", flush=True)
        shutil.rmtree(self.datadir, ignore_errors=True)


S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION = "testing", "testing", "us-east-1"


class S3Server:
    """A real S3-compatible server (moto in server mode) on a free port: its own process
    speaking S3's HTTP protocol, so boto3 in the web process and in a cluster talk to it
    exactly as they would to AWS or MinIO. Starts with one empty bucket."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.bucket = f"takeoff-{uuid.uuid4().hex[:8]}"
        wait_for(self._accepts, 30, "the S3 server to accept connections")
        self.client().create_bucket(Bucket=self.bucket)

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=S3_REGION,
            aws_access_key_id=S3_ACCESS_KEY,
            aws_secret_access_key=S3_SECRET_KEY,
        )

    def _accepts(self) -> bool:
        try:
            self.client().list_buckets()
            return True
        except Exception:  # not listening yet
            return False

    def keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]

    def env(self) -> dict[str, str]:
        """The environment a web or worker process needs to use this bucket."""
        return {
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.url,
            "S3_REGION": S3_REGION,
            "AWS_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        }

    def storages(self) -> dict:
        """settings.STORAGES with this bucket as the default storage."""
        from django.conf import settings

        from config.object_storage import s3_storage

        return {
            **settings.STORAGES,
            "default": s3_storage(
                bucket=self.bucket, endpoint_url=self.url, region=S3_REGION, prefix="uploads"
            ),
        }

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
