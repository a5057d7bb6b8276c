"""The web tier as production runs it, for bench_api.py and bench_api_load.py: gunicorn
with the Procfile's settings file (``config/gunicorn.conf.py``) on a loopback port,
serving the project plus bench_api.py's bare view, on a scratch database."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from bench.environment import (
    BENCH_REDIS_URL,
    PYTHON,
    ROOT,
    bench_env,
    drop_database,
    recreate_database,
)
from harness.processes import free_port, port_open, wait_for

GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"  # the Procfile's web settings


def bench_environment(var_dir: Path, db_name: str) -> tuple[dict, bool]:
    """The web side's environment: a scratch database (PostgreSQL ``db_name`` if
    DATABASE_URL is set, else SQLite), Redis db ``BENCH_REDIS_DB`` as the broker if
    REDIS_URL is set (else the ORM broker), no throttles in the way. Returns it and
    whether the database is PostgreSQL."""
    use_pg = bool(os.environ.get("DATABASE_URL"))
    db_url = recreate_database(db_name) if use_pg else f"sqlite:///{var_dir / 'bench.sqlite3'}"
    redis_url = BENCH_REDIS_URL if os.environ.get("REDIS_URL") else None
    env = bench_env(
        db_url,
        redis_url,
        var_dir,
        MEDIA_ROOT=var_dir / "media",
        # The bench uploads far more than a person would; the throttles are not measured.
        THROTTLE_UPLOADS="1000000/hour",
        THROTTLE_JOBS="1000000/hour",
    )
    return env, use_pg


def _start_gunicorn(env: dict, port: int, var_dir: Path) -> subprocess.Popen:
    log_file = (var_dir / "gunicorn.log").open("wb")
    # In the script's own process group (no new session): run_all.py's kill of an
    # overrunning script's group then stops the server too.
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "bench.bench_api:wsgi_app()", "--config", str(GUNICORN_CONF),
         "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--chdir", str(ROOT)],
        cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
    )  # fmt: skip
    wait_for(lambda: port_open(port), 60, "gunicorn to listen")
    time.sleep(2)  # the master listens before its workers have booted
    if process.poll() is not None:
        raise RuntimeError((var_dir / "gunicorn.log").read_text(errors="replace")[-3000:])
    return process


def _stop(server: subprocess.Popen) -> None:
    """SIGTERM the master (it stops its workers gracefully), SIGKILL what is left."""
    import psutil

    try:
        tree = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    server.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(15)
    for proc in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    psutil.wait_procs(tree, timeout=10)


@contextlib.contextmanager
def gunicorn_server(
    env: dict, var_dir: Path, db_name: str, use_pg: bool
) -> Iterator[tuple[subprocess.Popen, str]]:
    """gunicorn on ``env`` for the block: yields its master process and base URL; after
    the block it is stopped, and the scratch database and ``var_dir`` are removed."""
    port = free_port()
    server = _start_gunicorn(env, port, var_dir)
    try:
        yield server, f"http://127.0.0.1:{port}"
    finally:
        _stop(server)
        from django.db import connections

        connections.close_all()
        if use_pg:
            drop_database(db_name)
        shutil.rmtree(var_dir, ignore_errors=True)
