"""gunicorn settings of the Procfile's `web` process; bench/bench_api.py and
bench/bench_api_load.py serve with the same file, so their figures are production's.

Sync workers by default: on the 2-core reference machine threads did not bring the
upload's p99 nearer the bare view's (bench/README.md, "Where each target stands": 2 sync
workers 2.21x, 2 x 4 threads 2.18x, against 1.77x for the work any upload must do); what
an upload adds is its own work, and threads only make the processes contend for the GIL
on CPU work. WEB_THREADS > 1 switches
to threaded workers (gthread), worth it where requests mostly wait: uploads to a remote
S3 bucket, or no buffering proxy in front to absorb slow clients. WEB_CONCURRENCY
processes x WEB_THREADS threads is also how many database connections one machine holds.
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
accesslog = "-"
