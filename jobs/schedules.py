"""The periodic tasks the job layer needs, created idempotently after every migrate."""

from django.conf import settings

RECOVERY_SCHEDULE_NAME = "jobs.recover"


def ensure_schedules(**_signal_kwargs) -> None:
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=RECOVERY_SCHEDULE_NAME,
        defaults={
            "func": "jobs.tasks.recover",
            "schedule_type": Schedule.MINUTES,
            "minutes": settings.JOB_RECOVERY_INTERVAL_MINUTES,
            "repeats": -1,
        },
    )
