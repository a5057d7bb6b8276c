"""The claim and the attempt-ending transitions as one PostgreSQL statement each.

On PostgreSQL a data-modifying CTE writes the job row and its attempt's history row in
one statement (one round trip instead of three for the claim, two for the end of an
attempt), with the same conditional ``UPDATE ... WHERE status = expected`` as the
portable path in ``jobs.lifecycle``. The job's UPDATE is compiled by the ORM from the
same filters and changes, so both paths stay the same transition.
"""

from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql import UpdateQuery

from jobs.models import AsyncJob, AttemptOutcome, JobAttempt

_JOB = AsyncJob._meta.db_table
_ATTEMPT = JobAttempt._meta.db_table


def _update_sql(rows: QuerySet, changes: dict) -> tuple[str, tuple]:
    query = rows.query.chain(UpdateQuery)
    query.add_update_values(changes)
    return query.get_compiler(rows.db).as_sql()


def claim(due: QuerySet, changes: dict, worker: str) -> AsyncJob | None:
    """UPDATE the due job to running, INSERT its attempt row, return the job: one query."""
    update, params = _update_sql(due, changes)
    sql = (
        f"WITH claimed AS ({update} RETURNING *), "  # noqa: S608 - ORM-compiled, parameters bound
        f"opened AS (INSERT INTO {_ATTEMPT} "
        "(job_id, number, worker, started_at, outcome, error_message) "
        "SELECT id, attempts, %s, started_at, %s, '' FROM claimed) "
        "SELECT * FROM claimed"
    )
    jobs = list(AsyncJob.objects.raw(sql, (*params, worker, AttemptOutcome.RUNNING)))
    return jobs[0] if jobs else None


def end_attempt(rows: QuerySet, changes: dict, attempt: int, closing: dict) -> bool:
    """UPDATE the running job as ``changes`` say and close attempt ``attempt``'s history
    row with ``closing`` (finished now): one statement. True if the job was updated."""
    update, params = _update_sql(rows, changes)
    columns = ", ".join(f"{name} = %s" for name in closing)
    sql = (
        f"WITH ended AS ({update} RETURNING id), "  # noqa: S608 - ORM-compiled, parameters bound
        f"closed AS (UPDATE {_ATTEMPT} SET finished_at = STATEMENT_TIMESTAMP(), {columns} "
        f"FROM ended WHERE {_ATTEMPT}.job_id = ended.id AND {_ATTEMPT}.number = %s "
        f"AND {_ATTEMPT}.finished_at IS NULL) "
        "SELECT count(*) FROM ended"
    )
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, (*params, *closing.values(), attempt))
        return cursor.fetchone()[0] == 1
