"""Which function runs which job type. Domain apps register their handlers in ready().

A handler does its slow work and returns a *commit* callable. The job layer runs the
commit inside the same transaction as the ``succeeded`` transition, so a job's results
are saved exactly once even if the job was delivered twice or its worker was replaced.
A handler with nothing to save returns None instead: its attempt ends with the one
``succeeded`` statement, atomic by itself, and no transaction around it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from jobs.models import AsyncJob, JobStatus

Commit = Callable[[], str]  # saves the results, returns the job's result_ref


class Progress(Protocol):
    def __call__(self, stage: str, percent: int) -> None: ...


class JobHandler(Protocol):
    def __call__(self, job: AsyncJob, progress: Progress) -> Commit | None: ...


@dataclass(frozen=True)
class Registration:
    handler: JobHandler
    transient_errors: tuple[type[BaseException], ...] = ()
    # Called after the job failed for good (any cause), to update the domain object.
    on_failed: Callable[[AsyncJob], None] | None = None
    # Called after the job was canceled; may run more than once, so it must be idempotent.
    on_canceled: Callable[[AsyncJob], None] | None = None
    # Called when a parent job ended because its children all ended (jobs.children).
    on_children_done: Callable[[AsyncJob], None] | None = None


_handlers: dict[str, Registration] = {}


def register(
    job_type: str,
    handler: JobHandler,
    *,
    transient_errors: tuple[type[BaseException], ...] = (),
    on_failed: Callable[[AsyncJob], None] | None = None,
    on_canceled: Callable[[AsyncJob], None] | None = None,
    on_children_done: Callable[[AsyncJob], None] | None = None,
) -> None:
    _handlers[job_type] = Registration(
        handler, transient_errors, on_failed, on_canceled, on_children_done
    )


def _notify(job_id, status: str, hook: str) -> None:
    """Run the job type's ``hook`` with the job as it now stands, if it is in ``status``."""
    job = AsyncJob.objects.filter(id=job_id, status=status).first()
    registration = registration_for(job.job_type) if job else None
    if registration and getattr(registration, hook):
        getattr(registration, hook)(job)


def notify_failed(job_id) -> None:
    """Run the job type's failure hook (the job failed for good)."""
    _notify(job_id, JobStatus.FAILED, "on_failed")


def notify_canceled(job_id) -> None:
    """Run the job type's cancel hook, if the job is still canceled (not retried since)."""
    _notify(job_id, JobStatus.CANCELED, "on_canceled")


def registration_for(job_type: str) -> Registration | None:
    return _handlers.get(job_type)


# --- result links: ``AsyncJob.result_ref`` is "<kind>:<pk>", made and read only here ---


def result_ref(kind: str, pk: object) -> str:
    """What a commit returns to link the job to what it made (``bom``, ``floorplan`` ...)."""
    return f"{kind}:{pk}"


def parse_result_ref(value: str) -> tuple[str, str] | None:
    """``(kind, pk)`` of a result link; None for an empty or malformed one."""
    kind, colon, pk = value.partition(":")
    return (kind, pk) if colon and kind and pk else None
