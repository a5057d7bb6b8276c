from django.contrib import admin, messages
from django.db import transaction

from jobs import services
from jobs.models import AsyncJob, JobAttempt, JobStatus

LIFECYCLE_FIELDS = (
    "id", "job_type", "status", "owner", "floorplan", "payload", "result_ref", "error_code",
    "error_message", "attempts", "max_attempts", "next_attempt_at", "progress_stage",
    "progress_percent", "heartbeat_at", "q_task_id", "enqueued_at", "idempotency_key",
    "created_at", "started_at", "finished_at", "updated_at",
)  # fmt: skip


class JobAttemptInline(admin.TabularInline):
    model = JobAttempt
    extra = 0
    can_delete = False
    fields = ("number", "outcome", "worker", "started_at", "finished_at", "retry_delay_seconds",
              "error_message")  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AsyncJob)
class AsyncJobAdmin(admin.ModelAdmin):
    list_display = ("id", "job_type", "status", "floorplan", "owner", "attempts", "created_at",
                    "started_at", "finished_at", "duration")  # fmt: skip
    list_filter = ("status", "job_type", "created_at")
    list_select_related = ("owner", "floorplan")
    search_fields = ("=id", "q_task_id")
    date_hierarchy = "created_at"
    readonly_fields = LIFECYCLE_FIELDS
    inlines = [JobAttemptInline]
    actions = ["retry_failed", "cancel_unfinished"]

    def has_add_permission(self, request) -> bool:
        return False  # jobs are created by the application, never by hand

    @admin.display(description="duration")
    def duration(self, job: AsyncJob) -> str:
        seconds = job.duration_seconds
        return "" if seconds is None else f"{seconds:.1f} s"

    @admin.action(description="Retry selected failed or canceled jobs")
    def retry_failed(self, request, queryset) -> None:
        with transaction.atomic():
            done = sum(services.job_retry(job) for job in queryset)
        self.message_user(request, f"{done} job(s) queued again.", messages.SUCCESS)

    @admin.action(description="Cancel selected queued or running jobs")
    def cancel_unfinished(self, request, queryset) -> None:
        unfinished = queryset.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
        done = sum(services.job_cancel(job) for job in unfinished)
        self.message_user(request, f"{done} job(s) canceled.", messages.SUCCESS)
