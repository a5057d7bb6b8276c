"""gunicorn settings of the Procfile's `web` process; bench/bench_api.py serves with the
same file, so the figures in bench/README.md are those of production.

Threaded workers (gthread): part of an upload is waiting (the body arriving, the file
write, the database commit, the broker's answer); a sync worker holds its whole process
through each wait, and 20 clients then queue behind two processes. Threads overlap those
waits (measured in bench/README.md, "API"). WEB_CONCURRENCY processes x WEB_THREADS
threads is also the number of database connections one web machine holds.
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
accesslog = "-"
