"""Keeps a django-q2 cluster serving without an operator, and runs the recovery sweep.

``manage.py jobs_cluster`` (the Procfile's worker) runs ``manage.py qcluster`` as a child
process and, in its own process, a loop that

- starts the cluster again when it exits, and restarts it when it is **wedged**: it has
  pulled tasks from the broker into its in-memory task queue, yet for
  ``JOB_WATCHDOG_STALL_SECONDS`` none of its workers has run or finished a job. That is
  what a worker killed while it waits on that queue leaves behind (the queue's lock stays
  held and every other worker blocks on it) and django-q2 never notices: all its
  processes stay alive. A busy cluster is never mistaken for a wedged one, because its
  workers are running jobs; an idle one has nothing in its task queue.
- runs the recovery sweep every ``JOB_RECOVERY_INTERVAL_MINUTES`` on its own clock rather
  than as a task behind the very FIFO queue it repairs (a backlog or a wedged cluster
  would delay its own repair). One machine per interval takes it (a cache lock); running
  it twice would be harmless anyway, every step is a conditional update.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

import psutil
from django import db
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from jobs.lifecycle import db_now_plus
from jobs.models import AsyncJob, JobStatus
from jobs.recovery import recover_jobs
from jobs.runner import worker_name
from jobs.selectors import cluster_stats

logger = logging.getLogger(__name__)
RECOVERY_LOCK_KEY = "jobs:recovery-sweep"
_TICK_SECONDS = 0.2  # how quickly a stop signal is acted on
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass
class StallClock:
    """For how long the cluster has been stuck without a break; ``observe`` says when
    that reaches ``stall_seconds``."""

    stall_seconds: float
    since: float | None = None

    def observe(self, now: float, stuck: bool) -> bool:
        if not stuck:
            self.since = None
            return False
        if self.since is None:
            self.since = now
        return now - self.since >= self.stall_seconds


def cluster_is_stuck(cluster_pid: int, window_seconds: float) -> bool:
    """Tasks wait in this cluster's own task queue while none of its workers runs a job
    or finished one in the last ``window_seconds``. False when it cannot tell (broker or
    database unreachable): restarting a cluster never fixes those."""
    try:
        stat = next((s for s in cluster_stats() if s.pid == cluster_pid), None)
        if stat is None or not stat.task_q_size:
            return False
        workers = [worker_name(pid) for pid in stat.workers]
        working = Q(status=JobStatus.RUNNING) | Q(finished_at__gte=db_now_plus(-window_seconds))
        return not AsyncJob.objects.filter(working, attempt_log__worker__in=workers).exists()
    except Exception:
        logger.warning("Cluster check failed; judging again later", exc_info=True)
        return False


def run_recovery_sweep() -> None:
    """The recovery sweep, unless another machine ran it in this interval."""
    interval = settings.JOB_RECOVERY_INTERVAL_MINUTES * 60
    try:
        if cache.add(RECOVERY_LOCK_KEY, worker_name(), timeout=max(1, int(interval * 0.9))):
            recover_jobs()
    except Exception:  # the database or the cache is down: the next interval tries again
        logger.warning("Recovery sweep failed", exc_info=True)


def _stop_when_parent_dies() -> None:
    """In the child, before exec: SIGTERM it when the watchdog dies (even by SIGKILL), so
    its own process group never outlives it (Linux; elsewhere the supervisor's own
    stop handling is all there is)."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class ClusterSupervisor:
    """Runs ``command`` (the django-q2 cluster) until SIGTERM/SIGINT, restarting it when
    it exits or wedges, and runs the recovery sweep on schedule."""

    def __init__(self, command: list[str] | None = None, *, stop_grace: float | None = None):
        # How long a requested stop may take before the cluster is killed: under the
        # process manager's own grace period, or it SIGKILLs us mid-job instead.
        self.stop_grace = stop_grace
        self.command = command or [sys.executable, str(settings.BASE_DIR / "manage.py"), "qcluster"]
        self.child: subprocess.Popen | None = None
        self.stopping = False
        self.stall = StallClock(settings.JOB_WATCHDOG_STALL_SECONDS)
        self.check_every = max(0.5, min(5.0, settings.JOB_WATCHDOG_STALL_SECONDS / 4))

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._request_stop)
        signal.signal(signal.SIGINT, self._request_stop)
        self._start()
        next_check = next_sweep = time.monotonic()
        while not self.stopping:
            now = time.monotonic()
            if self.child.poll() is not None:
                logger.error("Cluster exited (code %s); starting it again", self.child.returncode)
                time.sleep(1)  # a cluster that cannot start must not spin
                self._start()
            elif now >= next_check:
                next_check = now + self.check_every
                db.close_old_connections()  # drop a connection the database has closed
                stuck = cluster_is_stuck(self.child.pid, self.check_every * 2)
                if self.stall.observe(now, stuck):
                    logger.error(
                        "Cluster %s is wedged: tasks wait in its queue but no worker has run "
                        "a job for %.0f s; restarting it",
                        self.child.pid,
                        self.stall.stall_seconds,
                    )
                    self._stop_child(grace=settings.JOB_WATCHDOG_STOP_GRACE_SECONDS)
                    self._start()
                    next_sweep = now  # bring back what the wedged cluster had pulled
            if now >= next_sweep:
                next_sweep = now + settings.JOB_RECOVERY_INTERVAL_MINUTES * 60
                run_recovery_sweep()
            time.sleep(_TICK_SECONDS)
        stopped_cleanly = self._stop_child(grace=self.stop_grace, signalled=True)
        return 0 if stopped_cleanly else 1

    def _request_stop(self, signum, _frame) -> None:
        self.stopping = True
        if self.child and self.child.poll() is None:
            self.child.send_signal(signum)  # django-q2 finishes its running tasks

    def _start(self) -> None:
        # Its own process group, so a signal sent to ours (a terminal's Ctrl-C, a process
        # manager) reaches it once, forwarded by us: django-q2 deadlocks on a second
        # SIGTERM that arrives while it handles the first.
        self.child = subprocess.Popen(  # noqa: S603 - our own manage.py
            self.command, process_group=0, preexec_fn=_stop_when_parent_dies
        )
        self.stall = StallClock(self.stall.stall_seconds)
        logger.info("Started cluster %s", self.child.pid)

    def _stop_child(self, *, grace: float | None, signalled: bool = False) -> bool:
        """SIGTERM, then (after ``grace`` s; None: wait as long as it takes) SIGKILL every
        process of the cluster: a wedged cluster does not stop on SIGTERM. True when it
        stopped by itself. ``signalled``: the stop signal was already forwarded, and a
        second SIGTERM would deadlock django-q2."""
        try:
            tree = [psutil.Process(self.child.pid)]
            tree += tree[0].children(recursive=True)
        except psutil.NoSuchProcess:
            tree = []
        if not signalled and self.child.poll() is None:
            self.child.terminate()
        stopped = True
        try:
            self.child.wait(grace)
        except subprocess.TimeoutExpired:
            logger.error("The cluster did not stop within %g s; killing it", grace)
            stopped = False
        for process in tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        psutil.wait_procs(tree, timeout=10)
        self.child.wait()
        return stopped
