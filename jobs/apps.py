from django.apps import AppConfig
from django.db.models.signals import post_migrate


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from jobs import probe, schedules

        probe.register()
        post_migrate.connect(schedules.remove_legacy_schedules, sender=self)
