import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone


class JobType(models.TextChoices):
    INGEST = "ingest", "Ingest PDF"
    GENERATE = "generate", "Generate layout + BOM"
    # A no-op job for checking a cluster end to end and for measuring the job layer.
    PROBE = "probe", "Probe"
    INGEST_SET = "ingest_set", "Ingest drawing set"
    GENERATE_SET = "generate_set", "Generate building BOM"


class JobStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


FINISHED_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELED)


def _default_max_attempts() -> int:
    return settings.JOB_MAX_ATTEMPTS


class AsyncJob(models.Model):
    """One unit of background work and its whole lifecycle.

    Status only changes through ``jobs.lifecycle`` (conditional UPDATEs), never by
    assigning ``status`` and calling ``save()``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job_type = models.CharField(max_length=20, choices=JobType.choices)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    # The one domain link the contract asks for; the job code never looks inside it.
    floorplan = models.ForeignKey(
        "floorplans.Floorplan",
        on_delete=models.CASCADE,
        related_name="jobs",
        null=True,
        blank=True,
    )
    payload = models.JSONField(default=dict, blank=True)
    # A job that fans out into children (see jobs.children): it waits, running, while
    # they run, and ends when they have all ended.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, related_name="children", null=True, blank=True
    )
    awaits_children = models.BooleanField(default=False)
    result_ref = models.CharField(max_length=200, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=_default_max_attempts)
    # The database's clock (like every time that decides ownership, see jobs.lifecycle).
    next_attempt_at = models.DateTimeField(db_default=Now())
    progress_stage = models.CharField(max_length=40, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    q_task_id = models.CharField("django-q2 task id", max_length=32, blank=True)
    # Set at INSERT: a new job is enqueued right after its COMMIT, and only a failed
    # enqueue is written down (NULL), which saves an UPDATE and a commit per job.
    enqueued_at = models.DateTimeField(null=True, blank=True, db_default=Now())
    idempotency_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="job_status_created"),
            models.Index(fields=["status", "next_attempt_at"], name="job_status_next_attempt"),
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
            models.Index(fields=["owner", "created_at"], name="job_owner_created"),
            models.Index(fields=["finished_at"], name="job_finished"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="job_unique_idempotency_key_per_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_job_type_display()} {self.id} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class AttemptOutcome(models.TextChoices):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    RETRYING = "retrying", "Failed, retry scheduled"
    FAILED = "failed"
    LOST = "lost", "Worker lost (no heartbeat)"
    CANCELED = "canceled"


class JobAttempt(models.Model):
    """One run of a job by a worker: the history behind ``AsyncJob.attempts``."""

    # No index of its own: the (job, number) index below serves every lookup by job, and
    # each attempt's INSERT updates one index fewer.
    job = models.ForeignKey(
        AsyncJob, on_delete=models.CASCADE, related_name="attempt_log", db_index=False
    )
    number = models.PositiveSmallIntegerField()
    worker = models.CharField(max_length=120, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=12, choices=AttemptOutcome.choices, default=AttemptOutcome.RUNNING
    )
    error_message = models.TextField(blank=True)
    retry_delay_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["job", "started_at"]
        indexes = [models.Index(fields=["job", "number"], name="attempt_job_number")]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.job_id}: {self.outcome}"
