"""``manage.py jobs_cluster``: the worker process to deploy (see ``jobs.watchdog``)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from jobs.watchdog import ClusterSupervisor


class Command(BaseCommand):
    help = (
        "Run the django-q2 cluster (manage.py qcluster) under a watchdog that restarts it "
        "when it exits or wedges, and run the job recovery sweep on schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=float,
            default=settings.JOB_WATCHDOG_STOP_GRACE_SECONDS,
            help="Seconds a stop (SIGTERM/SIGINT) may take before the cluster is killed "
            "(default: JOB_WATCHDOG_STOP_GRACE_SECONDS, %(default)s); keep it under the "
            "process manager's own grace period.",
        )

    def handle(self, *args, grace: float, **options) -> None:
        if code := ClusterSupervisor(stop_grace=grace).run():
            raise SystemExit(code)
