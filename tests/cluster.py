"""A real cluster subprocess against the test database and broker."""

import os

from django.db import connection

from harness import processes
from jobs.models import AsyncJob, JobType
from jobs.services import job_create


def test_database_url() -> str:
    """DATABASE_URL of the database the tests are using (pytest-django's test DB)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


class Cluster(processes.Cluster):
    """``manage.py qcluster`` (or ``command``, e.g. ``jobs_cluster``, the supervised one) on
    the test database, polling fast, in a session of its own."""

    def __init__(self, command: str = "qcluster", **env_overrides: str) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "Q_POLL_SECONDS": "0.05",
            **env_overrides,
        }
        super().__init__(env, command=command, label="qcluster", own_session=True)


def probe_job(owner, **payload) -> AsyncJob:
    """A probe job (``jobs.probe``) with this payload, queued for the running cluster."""
    return job_create(job_type=JobType.PROBE, owner=owner, payload=payload)


def wait_finished(*jobs: AsyncJob, timeout: float = 30) -> None:
    """Wait until every job has finished (succeeded, failed or canceled); refreshes them."""

    def all_finished() -> bool:
        for job in jobs:
            job.refresh_from_db()
        return all(job.is_finished for job in jobs)

    processes.wait_for(all_finished, timeout, f"{len(jobs)} job(s) to finish", interval=0.1)
