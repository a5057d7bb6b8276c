"""``manage.py jobs_cluster``: the worker process to deploy (see ``jobs.watchdog``)."""

from django.core.management.base import BaseCommand

from jobs.watchdog import ClusterSupervisor


class Command(BaseCommand):
    help = (
        "Run the django-q2 cluster (manage.py qcluster) under a watchdog that restarts it "
        "when it exits or wedges, and run the job recovery sweep on schedule."
    )

    def handle(self, *args, **options) -> None:
        ClusterSupervisor().run()
