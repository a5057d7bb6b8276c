"""``manage.py jobs_probe``: is a cluster running jobs, and do its workers see the web's
storage? One line, exit 0 or 1 (see ``jobs.cluster_check``)."""

from django.core.management.base import BaseCommand

from jobs.cluster_check import PROBE_USERNAME, check_cluster
from jobs.probe import MAX_PROBE_SECONDS


class Command(BaseCommand):
    help = (
        "Run one probe job through the running cluster and say whether it succeeded "
        f"(exit 0) or not (exit 1). The job belongs to the user {PROBE_USERNAME!r}, "
        "created on first use, inactive and without a password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seconds",
            type=float,
            default=0,
            help=f"how long the probe sleeps (0 to {MAX_PROBE_SECONDS:g}; default %(default)s)",
        )
        parser.add_argument(
            "--storage",
            action="store_true",
            help="store a small object here (default storage) for the probe to read back "
            "on its worker, then delete it: do the workers see what the web tier stores?",
        )
        parser.add_argument(
            "--timeout", type=float, default=30, help="seconds to wait (default %(default)s)"
        )

    def handle(self, *args, seconds: float, storage: bool, timeout: float, **options) -> None:
        check = check_cluster(seconds=seconds, storage=storage, timeout=timeout)
        if not check.ok:
            self.stderr.write(check.line)
            raise SystemExit(1)
        self.stdout.write(check.line)
