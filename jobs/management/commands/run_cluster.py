"""`manage.py qcluster`, stoppable by runners that signal a whole process group.

honcho (`make run`) and Procfile platforms stop a process by sending SIGTERM to its whole
process group. django-q2's cluster does not survive that: the signal kills its sentinel
while the main process, in its own SIGTERM handler, sets an Event the dead sentinel was
waiting on, and blocks there for good; the runner SIGKILLs it mid-job. Here the cluster
runs in a session of its own, so only its main process is told to stop, and it stops as
designed: no new tasks, the running ones finish. A cluster still not stopped after
``--grace`` seconds (less than the runner's own grace period) is killed; a job it was
running is then taken back by recovery once its lease runs out.
"""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

HONCHO_GRACE_SECONDS = 5.0


class Command(BaseCommand):
    help = "Run the task cluster (qcluster) and stop it gracefully on SIGTERM or SIGINT."

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=float,
            default=HONCHO_GRACE_SECONDS - 1,
            help="Seconds a stop may take before the cluster is killed (default: %(default)s, "
            "under honcho's 5 s).",
        )

    def handle(self, *args, grace: float, **options):
        manage = Path(settings.BASE_DIR) / "manage.py"
        command = [sys.executable, str(manage), "qcluster"]  # this interpreter, this project
        cluster = subprocess.Popen(command, start_new_session=True)  # noqa: S603
        stop_requested = threading.Event()

        def request_stop(signum, frame):
            if not stop_requested.is_set():
                cluster.send_signal(signal.SIGTERM)  # the main process only
            stop_requested.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        while cluster.poll() is None and not stop_requested.wait(0.5):
            pass
        try:
            code = cluster.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.stderr.write(f"The cluster did not stop within {grace:g} s; killing it.")
            os.killpg(cluster.pid, signal.SIGKILL)
            code = cluster.wait()
        if code:
            raise SystemExit(code)
