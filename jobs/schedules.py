"""The job layer keeps no django-q2 schedule; this removes the one older versions made.

Recovery used to be the ``jobs.recover`` schedule, a task that waited in the same FIFO
queue it repairs. It now runs in ``manage.py jobs_cluster`` (``jobs.watchdog``) on its
own clock, so the old schedule is deleted after every migrate.
"""

LEGACY_RECOVERY_SCHEDULE_NAME = "jobs.recover"


def remove_legacy_schedules(**_signal_kwargs) -> None:
    from django_q.models import Schedule

    Schedule.objects.filter(name=LEGACY_RECOVERY_SCHEDULE_NAME).delete()
