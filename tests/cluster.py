"""A real cluster subprocess against the test database and broker."""

import os

from django.db import connection

from harness import processes


def test_database_url() -> str:
    """DATABASE_URL of the database the tests are using (pytest-django's test DB)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


class Cluster(processes.Cluster):
    """``manage.py qcluster`` (or ``command``, e.g. ``jobs_cluster``, the supervised one) on
    the test database, polling fast, in a session of its own."""

    def __init__(self, command: str = "qcluster", **env_overrides: str) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "Q_POLL_SECONDS": "0.05",
            **env_overrides,
        }
        super().__init__(env, command=command, label="qcluster", own_session=True)
