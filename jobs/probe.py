"""The ``probe`` job: does nothing (or sleeps briefly) and succeeds.

Used to check a cluster end to end (``manage.py jobs_probe``) and as the no-op that the
job-layer benchmark pushes through create -> enqueue -> run -> succeeded.
"""

import math
import time

from jobs import registry
from jobs.errors import PermanentJobError
from jobs.models import AsyncJob, JobType

MAX_PROBE_SECONDS = 60.0


def run_probe(job: AsyncJob, progress: registry.Progress) -> None:
    seconds = job.payload.get("seconds", 0)
    if not isinstance(seconds, int | float) or not 0 <= seconds <= MAX_PROBE_SECONDS:
        raise PermanentJobError(
            f"seconds must be a number from 0 to {MAX_PROBE_SECONDS:g}", code="invalid_payload"
        )
    steps = math.ceil(seconds * 4)  # a zero-second probe reports nothing: a pure no-op
    for step in range(steps):
        time.sleep(seconds / steps)
        progress("sleeping", int(100 * (step + 1) / steps))
    # Nothing to save: no commit, so the attempt ends without a transaction of its own.


def register() -> None:
    registry.register(JobType.PROBE, run_probe)
