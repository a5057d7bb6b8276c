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

from bench.drills.drill_common import redis_fault_drill

if __name__ == "__main__":
    sys.exit(redis_fault_drill(__doc__, freeze=True))
