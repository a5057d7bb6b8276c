"""The production-style environment a bench script runs in: a scratch PostgreSQL database,
Redis db ``BENCH_REDIS_DB``, job settings, Django set up on them, clusters on them.

Every bench script is its own process. It builds an environment, calls
``prepare_django(env)`` and starts real ``manage.py jobs_cluster`` subprocesses
(``bench_cluster``) with the same environment. Nothing here touches the system
PostgreSQL or Redis beyond one scratch database per script and Redis db
``BENCH_REDIS_DB`` (the test suite uses db 0).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
SYSTEM_REDIS = "redis://127.0.0.1:6379"
# Overridable so two checkouts on one machine can bench side by side.
BENCH_REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "11"))
BENCH_DB_SUFFIX = os.environ.get("BENCH_DB_SUFFIX", "")
BENCH_REDIS_URL = f"{SYSTEM_REDIS}/{BENCH_REDIS_DB}"
BENCH_SECRET = "bench-secret-key-not-for-production"  # noqa: S105 - scratch runs only
# Set by run_all.py for its children: a scratch database it migrated once at the start of
# the run. Each script's database is then a copy of it (a file copy in PostgreSQL, well
# under a second, instead of a few seconds of migrations); its own ``migrate`` still runs
# and finds nothing to do. Unset (one script run alone): every database is migrated.
BENCH_TEMPLATE_DB = os.environ.get("BENCH_TEMPLATE_DB", "")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from harness.processes import Cluster  # noqa: E402 - needs ROOT on the path

# --- PostgreSQL scratch databases -------------------------------------------------------


def pg_url(dbname: str, port: int = PG_PORT) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{port}/{dbname}"


def _admin(port: int = PG_PORT):
    import psycopg

    return psycopg.connect(
        host=PG_HOST, port=port, user=PG_USER, dbname="postgres", autocommit=True
    )


def recreate_database(name: str, port: int = PG_PORT, *, template: str | None = None) -> str:
    """A fresh scratch database ``name`` (plus the suffix): on the system PostgreSQL a copy
    of the run's migrated template if run_all.py made one, else empty (``template=""``:
    empty in any case)."""
    assert name.startswith("bench_"), "only scratch databases named bench_* are touched"
    name += BENCH_DB_SUFFIX
    if template is None:
        template = BENCH_TEMPLATE_DB if port == PG_PORT else ""
    with _admin(port) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return pg_url(name, port)


@contextlib.contextmanager
def migrated_template(name: str = "bench_template"):
    """For run_all.py: a scratch database migrated once, yielded as the name its children
    copy (``BENCH_TEMPLATE_DB``), dropped after the run."""
    url = recreate_database(name, template="")
    env = {**os.environ, "DATABASE_URL": url}
    env["SECRET_KEY"] = env.get("SECRET_KEY") or BENCH_SECRET
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
            cwd=ROOT, env=env, check=True, timeout=300,
        )  # fmt: skip
        yield name + BENCH_DB_SUFFIX
    finally:
        drop_database(name)


def drop_database(name: str, port: int = PG_PORT) -> None:
    assert name.startswith("bench_")
    name += BENCH_DB_SUFFIX
    try:
        with _admin(port) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception as exc:  # cleanup is best effort; report, never mask the result
        print(f"note: could not drop scratch database {name}: {exc}", flush=True)


@contextlib.contextmanager
def scratch_database(name: str):
    """A fresh scratch database for the block (yields its URL), dropped after it."""
    url = recreate_database(name)
    try:
        yield url
    finally:
        drop_database(name)


# --- environment, Django, clusters ------------------------------------------------------


def bench_env(database_url: str, redis_url: str | None, var_dir: Path, **extra) -> dict:
    """The production-style environment for this process and its clusters."""
    env = {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or BENCH_SECRET,
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(var_dir),
        "Q_CLUSTER_NAME": "bench",
        "Q_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({k: str(v) for k, v in extra.items()})
    return env


def setup_django(env: dict) -> None:
    os.environ.update(env)
    if "REDIS_URL" not in env:
        os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


def make_var_dir(tag: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"bench-{tag}-"))


def prepare_django(env: dict):
    """Django on ``env``, its Redis db (if any) emptied, migrated; returns the bench user."""
    setup_django(env)
    if env.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(env["REDIS_URL"], socket_timeout=2).flushdb()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return get_user_model().objects.get_or_create(username="bench")[0]


def wipe_jobs(*, orm_queue: bool = False) -> None:
    """Delete every job and django-q2 task result (``orm_queue``: and the ORM broker's
    queued tasks), so the next run counts only its own."""
    from django_q.models import OrmQ, Task

    from jobs.models import AsyncJob

    Task.objects.all().delete()
    if orm_queue:
        OrmQ.objects.all().delete()
    AsyncJob.objects.all().delete()


def bench_cluster(env: dict, label: str = "cluster") -> Cluster:
    """A ``jobs_cluster`` on ``env`` (not started), its log kept in the run's VAR_DIR."""
    return Cluster(env, label=label, log_dir=Path(env["VAR_DIR"]))
