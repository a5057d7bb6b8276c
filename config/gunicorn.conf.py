"""gunicorn settings of the Procfile's `web` process; bench/bench_api.py and
bench/bench_api_load.py serve with the same file, so their figures are production's.

Sync workers by default: on the 2-core reference machine an upload is CPU work (body
parsing, hashing, the PDF check, serializing), and threads only made the processes
contend for the GIL (bench/README.md, "API": upload p99 1.9x the bare view with sync
workers, 1.7-2.6x with 4 threads; job GETs 0.75x vs 0.4-0.56x). WEB_THREADS > 1 switches
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
