"""A real `manage.py qcluster` subprocess against the test database and broker."""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    """DATABASE_URL of the database the tests are using (pytest-django's test DB)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


def wait_for(condition: Callable[[], object], timeout: float, what: str, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Cluster:
    """``manage.py qcluster`` (or ``command``, e.g. ``jobs_cluster``, the supervised one)."""

    def __init__(self, command: str = "qcluster", **env_overrides: str) -> None:
        self.command = command
        self.env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "Q_POLL_SECONDS": "0.05",
            **env_overrides,
        }
        self.process: subprocess.Popen | None = None
        # In the system temp folder: kept for a failing test to be read, never in the tree.
        handle, name = tempfile.mkstemp(prefix="qcluster-", suffix=".log")
        os.close(handle)
        self.log = Path(name)

    def start(self) -> "Cluster":
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", self.command],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a signal to its group never reaches the test run
        )
        # Counted in the process tree, not in django-q2's stats: those live in the cache,
        # which some tests replace with a private one. Below us: sentinel, the workers,
        # monitor and pusher (and qcluster itself, under jobs_cluster).
        below = int(self.env.get("Q_WORKERS", "2")) + 3 + (self.command != "qcluster")
        try:
            wait_for(lambda: len(self.worker_pids()) >= below, 90, "qcluster workers to start")
        except AssertionError:
            self.stop()  # never leave a cluster behind to eat the next test's tasks
            raise
        return self

    def task_worker_pids(self) -> list[int]:
        """The task workers' pids, as the running django-q2 cluster reports them."""
        from jobs.selectors import cluster_stats  # bench imports this module before Django

        tree = {self.process.pid, *self.worker_pids()}
        for stat in cluster_stats():
            if stat.pid in tree:
                return [pid for pid in stat.workers if pid in tree]
        return []

    def worker_pids(self) -> list[int]:
        """Pids of the processes below the cluster's sentinel (workers, monitor, pusher)."""
        try:
            return [p.pid for p in psutil.Process(self.process.pid).children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            sentinel = psutil.Process(self.process.pid)
            tree = [sentinel, *sentinel.children(recursive=True)]
            for proc in tree:
                with contextlib.suppress(psutil.NoSuchProcess):
                    proc.kill()
            psutil.wait_procs(tree, timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""
