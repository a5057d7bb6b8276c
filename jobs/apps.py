from django.apps import AppConfig
from django.db.models.signals import post_migrate


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from django_q.signals import pre_execute

        from jobs import probe, schedules, tasks

        probe.register()
        post_migrate.connect(schedules.remove_legacy_schedules, sender=self)
        pre_execute.connect(tasks.remember_task, dispatch_uid="jobs.remember_task")
