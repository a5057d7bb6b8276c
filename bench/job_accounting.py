"""Creating probe jobs and accounting for every one of them: the verdict of the drills
and scale-out (every job final, none run twice)."""

from __future__ import annotations

import time


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
