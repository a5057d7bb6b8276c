"""Job admin: lifecycle pages (timeline, progress, links) and actions."""

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django_q.models import Failure, Success, Task

from jobs import services
from jobs.admin_display import (
    ReadOnlyInline,
    admin_change_url,
    can_view,
    format_duration,
    pretty_json,
    progress_bar,
    result_ref_model,
    status_badge,
)
from jobs.models import AsyncJob, AttemptOutcome, JobAttempt, JobStatus, JobType
from jobs.registry import parse_result_ref

# --- AsyncJob -------------------------------------------------------------------------


def timeline(job: AsyncJob, attempts: list[JobAttempt]) -> list[dict[str, Any]]:
    """The job's lifecycle as dated events, oldest first."""
    events = [{"at": job.created_at, "kind": "queued", "title": "Created, queued"}]
    if job.enqueued_at:
        events.append(
            {"at": job.enqueued_at, "kind": "queued", "title": "Handed to the broker",
             "detail": f"django-q2 task {job.q_task_id}" if job.q_task_id else ""}
        )  # fmt: skip
    for attempt in attempts:
        events.append(
            {"at": attempt.started_at, "kind": "running",
             "title": f"Attempt {attempt.number} started", "detail": attempt.worker}
        )  # fmt: skip
        if attempt.finished_at:
            detail = attempt.error_message
            if attempt.retry_delay_seconds is not None:
                detail = f"{detail} (retry in {format_duration(attempt.retry_delay_seconds)})"
            events.append(
                {"at": attempt.finished_at, "kind": _attempt_kind(attempt.outcome),
                 "title": f"Attempt {attempt.number}: {attempt.get_outcome_display()}",
                 "detail": detail.strip()}
            )  # fmt: skip
    if job.status == JobStatus.QUEUED and job.attempts:
        events.append({"at": job.next_attempt_at, "kind": "queued", "title": "Next attempt due"})
    if job.finished_at:
        events.append(
            {"at": job.finished_at, "kind": job.status, "title": f"Finished: {job.status}",
             "detail": job.error_message}
        )  # fmt: skip
    return sorted(events, key=lambda event: event["at"])


def _attempt_kind(outcome: str) -> str:
    if outcome == AttemptOutcome.SUCCEEDED:
        return JobStatus.SUCCEEDED
    if outcome == AttemptOutcome.CANCELED:
        return JobStatus.CANCELED
    return JobStatus.FAILED


def related_links(request: HttpRequest, job: AsyncJob) -> list[dict[str, str]]:
    """Floor plan, result and django-q2 task, each only for users who may view it."""
    links = []
    floorplan_model = AsyncJob._meta.get_field("floorplan").related_model
    if job.floorplan_id and can_view(request, floorplan_model):
        links.append(
            {"label": "Floor plan", "text": str(job.floorplan),
             "url": admin_change_url(floorplan_model, job.floorplan_id)}
        )  # fmt: skip
    kind, pk = parse_result_ref(job.result_ref) or ("", "")
    model = result_ref_model(kind)
    if model and can_view(request, model):
        links.append(
            {"label": "Result", "text": job.result_ref, "url": admin_change_url(model, pk)}
        )
    if job.q_task_id:
        links.append(_task_link(request, job.q_task_id))
    return links


def _task_link(request: HttpRequest, task_id: str) -> dict[str, str]:
    success = Task.objects.filter(id=task_id).values_list("success", flat=True).first()
    model = {True: Success, False: Failure}.get(success)
    if model is None:
        # Job tasks are enqueued with save=False: django-q2 keeps a row only for a task
        # that raised; the job's attempts are the record.
        return {"label": "django-q2 task", "text": f"{task_id} (no django-q2 result kept)"}
    if not can_view(request, model):
        return {"label": "django-q2 task", "text": task_id}
    try:
        return {"label": "django-q2 task", "text": task_id, "url": admin_change_url(model, task_id)}
    except NoReverseMatch:  # django-q2's admin not registered on this site
        return {"label": "django-q2 task", "text": task_id}


class JobAttemptInline(ReadOnlyInline):
    model = JobAttempt
    fields = ("number", "outcome", "worker", "started_at", "finished_at", "retry_delay_seconds",
              "error_message")  # fmt: skip


@admin.register(AsyncJob)
class AsyncJobAdmin(admin.ModelAdmin):
    # Fits a 1600 px screen beside the filters: the id shortened (the full one is its
    # tooltip and the change page's), the finish time left to `duration` and the filter.
    list_display = ("short_id", "job_type", "status_badge", "progress", "floorplan_link",
                    "owner", "attempts", "created_at", "duration")  # fmt: skip
    list_display_links = ("short_id",)
    list_filter = ("status", "job_type", "created_at", "finished_at")
    list_select_related = ("owner", "floorplan")
    search_fields = ("=id", "=q_task_id")
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": ("id", "job_type", "status_badge", "owner", "attempts_summary",
                           "progress_bar", "error_code", "error_message")}),
        ("Timing", {"fields": ("created_at", "enqueued_at", "started_at", "heartbeat_at",
                               "finished_at", "next_attempt_at", "updated_at", "queue_wait",
                               "run_time")}),
        ("Data", {"fields": ("payload_pretty", "result_ref", "q_task_id", "idempotency_key")}),
    )  # fmt: skip
    readonly_fields = [name for _, options in fieldsets for name in options["fields"]]
    inlines = [JobAttemptInline]
    actions = ["retry_failed", "cancel_unfinished", "rerun_ingest"]

    def has_add_permission(self, request) -> bool:
        return False  # jobs are created by the application, never by hand

    def has_delete_permission(self, request, obj: AsyncJob | None = None) -> bool:
        # A queued or running job's worker would find its row gone: cancel it first.
        if obj is not None and not obj.is_finished:
            return False
        return super().has_delete_permission(request, obj)

    def get_list_display(self, request):
        if can_view(request, AsyncJob._meta.get_field("floorplan").related_model):
            return self.list_display
        return tuple(name for name in self.list_display if name != "floorplan_link")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        # Every field is read-only: no Save buttons (change permission is for the actions).
        extra: dict[str, Any] = {"show_save": False, "show_save_and_continue": False}
        if job is not None:
            attempts = list(job.attempt_log.all()) if can_view(request, JobAttempt) else []
            extra["timeline"] = timeline(job, attempts)
            extra["related_links"] = related_links(request, job)
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    @admin.display(description="id", ordering="id")
    def short_id(self, job: AsyncJob) -> str:
        return format_html('<span title="{}">{}</span>', job.pk, str(job.pk)[:8])

    @admin.display(description="status", ordering="status")
    def status_badge(self, job: AsyncJob) -> str:
        return status_badge(job.status)

    @admin.display(description="progress")
    def progress(self, job: AsyncJob) -> str:
        return progress_bar(job) if job.status == JobStatus.RUNNING else ""

    @admin.display(description="progress")
    def progress_bar(self, job: AsyncJob) -> str:
        return progress_bar(job)

    @admin.display(description="floor plan", ordering="floorplan__name")
    def floorplan_link(self, job: AsyncJob) -> str:
        if job.floorplan is None:
            return ""
        url = admin_change_url(type(job.floorplan), job.floorplan_id)
        return format_html('<a href="{}">{}</a>', url, job.floorplan)

    @admin.display(description="attempts")
    def attempts_summary(self, job: AsyncJob) -> str:
        return f"{job.attempts} of {job.max_attempts}"

    @admin.display(description="duration")
    def duration(self, job: AsyncJob) -> str:
        return format_duration(job.duration_seconds)

    @admin.display(description="queue wait")
    def queue_wait(self, job: AsyncJob) -> str:
        return format_duration(job.started_at - job.created_at if job.started_at else None)

    @admin.display(description="run time")
    def run_time(self, job: AsyncJob) -> str:
        return format_duration(job.duration_seconds)

    @admin.display(description="payload")
    def payload_pretty(self, job: AsyncJob) -> str:
        return pretty_json(job.payload)

    @admin.action(description="Retry selected failed or canceled jobs", permissions=["change"])
    def retry_failed(self, request, queryset: QuerySet[AsyncJob]) -> None:
        finished = queryset.filter(status__in=(JobStatus.FAILED, JobStatus.CANCELED))
        with transaction.atomic():  # enqueue once every row is committed
            done = sum(services.job_retry(job) for job in finished)
        self.message_user(request, f"{done} job(s) queued again.", messages.SUCCESS)

    @admin.action(description="Cancel selected queued or running jobs", permissions=["change"])
    def cancel_unfinished(self, request, queryset: QuerySet[AsyncJob]) -> None:
        unfinished = queryset.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
        done = sum(services.job_cancel(job) for job in unfinished)
        self.message_user(request, f"{done} job(s) canceled.", messages.SUCCESS)

    @admin.action(description="Re-run ingest of the selected jobs' floor plans",
                  permissions=["change"])  # fmt: skip
    def rerun_ingest(self, request, queryset: QuerySet[AsyncJob]) -> None:
        floorplans = {
            job.floorplan_id: job.floorplan
            for job in queryset.filter(floorplan__isnull=False).select_related("floorplan__owner")
        }
        created = services.job_create_per_floorplan(
            job_type=JobType.INGEST, floorplans=floorplans.values()
        )
        self.message_user(request, f"{created} ingest job(s) queued.", messages.SUCCESS)
