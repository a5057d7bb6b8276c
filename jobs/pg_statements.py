"""The claim and the attempt-ending transitions as one PostgreSQL statement each.

On PostgreSQL a data-modifying CTE writes the job row and its attempt's history row in
one statement (one round trip instead of three for the claim, two for the end of an
attempt), with the same conditional ``UPDATE ... WHERE status = expected`` as the
portable path in ``jobs.lifecycle``. The job's UPDATE is compiled by the ORM from the
same transition (a function of the call's values returning the rows and the changes), so
both paths stay the same transition.

The transitions every job runs (the claim, ``succeeded``) are marked ``compiled_once``:
building and compiling their querysets took more worker CPU than everything else a no-op
job does (bench/HISTORY.md, "the job layer's own cost"), so each is compiled once per
process, with a marker standing in for each of the call's values, and later calls bind
their values where the markers landed.
"""

import functools
import uuid
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import QuerySet
from django.db.models.sql import UpdateQuery

from jobs.models import AsyncJob, AttemptOutcome, JobAttempt

_JOB = AsyncJob._meta.db_table
_ATTEMPT = JobAttempt._meta.db_table
_FIELDS = AsyncJob._meta.concrete_fields
_FIELD_NAMES = [field.attname for field in _FIELDS]
_COLUMNS = ", ".join(f'"{field.column}"' for field in _FIELDS)

# (rows to update, changes) for the given values: a conditional UPDATE of the job row.
Transition = Callable[..., tuple[QuerySet, dict]]
Compiled = tuple[str, list]


def _update_sql(rows: QuerySet, changes: dict) -> Compiled:
    query = rows.query.chain(UpdateQuery)
    query.add_update_values(changes)
    sql, params = query.get_compiler(rows.db).as_sql()
    return sql, list(params)


def compiled_once(transition: Transition) -> Transition:
    """Mark ``transition`` to be compiled once per process and shape (see ``compile_update``).
    Its values must be ids, attempt numbers or strings, which the ORM passes through to
    the statement's parameters unchanged (anything else fails loudly at the compile)."""
    transition.compiled = {}
    return transition


def _marker(name: str, value, index: int):
    """A stand-in for ``value`` that no real value of its kind equals."""
    if isinstance(value, uuid.UUID):
        return uuid.UUID(int=index + 1, version=4)  # ids are random uuid4s
    if isinstance(value, str):
        return f"\x00{name}\x00"  # a NUL never reaches PostgreSQL text
    if isinstance(value, int) and not isinstance(value, bool):
        # In every integer column's range (Django drops a lookup on an out-of-range
        # value) and equal to no constant in these statements; the compile checks it.
        return 29_000 + index
    raise TypeError(f"{name}={value!r}: a compiled-once transition takes ids, ints and strings")


def _compile_once(transition: Transition, values: dict) -> Compiled:
    # An empty value is part of the shape: it may change the statement (a claim without
    # a task id leaves q_task_id alone), so it is compiled in, not bound.
    shape = tuple((name, value) for name, value in values.items() if not value)
    if shape not in transition.compiled:
        markers = {
            name: _marker(name, value, index)
            for index, (name, value) in enumerate(values.items())
            if value
        }
        sql, params = _update_sql(*transition(**{**values, **markers}))
        names = {marker: name for name, marker in markers.items()}
        slots = [
            (index, names[param])
            for index, param in enumerate(params)
            if isinstance(param, uuid.UUID | str | int) and param in names
        ]
        if {name for _, name in slots} != set(markers):
            raise RuntimeError(f"{transition.__name__}: the ORM changed a value on its way to SQL")
        transition.compiled[shape] = (sql, params, slots)
    sql, params, slots = transition.compiled[shape]
    params = list(params)
    for index, name in slots:
        params[index] = values[name]
    return sql, params


def compile_update(transition: Transition, **values) -> Compiled:
    """The job's UPDATE of ``transition(**values)`` as SQL and parameters."""
    if hasattr(transition, "compiled"):
        return _compile_once(transition, values)
    return _update_sql(*transition(**values))


@functools.cache
def _converters() -> list:
    """(index, column, converters) for each ``AsyncJob`` column the driver's value of
    which the ORM converts (the JSON payload)."""
    out = []
    for index, field in enumerate(_FIELDS):
        column = field.get_col(_JOB)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if converters:
            out.append((index, column, converters))
    return out


def _job_from_row(row: tuple) -> AsyncJob:
    """The claimed job from its row, as the ORM would build it (a RawQuerySet works out
    the columns and converters again on every call: a third of the claim's CPU)."""
    values = list(row)
    db = connections[DEFAULT_DB_ALIAS]
    for index, column, converters in _converters():
        for convert in converters:
            values[index] = convert(values[index], column, db)
    return AsyncJob.from_db(DEFAULT_DB_ALIAS, _FIELD_NAMES, values)


def claim(update: Compiled, worker: str) -> AsyncJob | None:
    """UPDATE the due job to running, INSERT its attempt row, return the job: one query."""
    sql, params = update
    sql = (
        f"WITH claimed AS ({sql} RETURNING *), "  # noqa: S608 - ORM-compiled, parameters bound
        f"opened AS (INSERT INTO {_ATTEMPT} "
        "(job_id, number, worker, started_at, outcome, error_message) "
        "SELECT id, attempts, %s, started_at, %s, '' FROM claimed) "
        f"SELECT {_COLUMNS} FROM claimed"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, worker, AttemptOutcome.RUNNING))
        row = cursor.fetchone()
    return _job_from_row(row) if row else None


def end_attempt(update: Compiled, attempt: int, closing: dict) -> bool:
    """UPDATE the running job as compiled and close attempt ``attempt``'s history row
    with ``closing`` (finished now): one statement. True if the job was updated."""
    sql, params = update
    columns = ", ".join(f"{name} = %s" for name in closing)
    sql = (
        f"WITH ended AS ({sql} RETURNING id), "  # noqa: S608 - ORM-compiled, parameters bound
        f"closed AS (UPDATE {_ATTEMPT} SET finished_at = STATEMENT_TIMESTAMP(), {columns} "
        f"FROM ended WHERE {_ATTEMPT}.job_id = ended.id AND {_ATTEMPT}.number = %s "
        f"AND {_ATTEMPT}.finished_at IS NULL) "
        "SELECT count(*) FROM ended"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *closing.values(), attempt))
        return cursor.fetchone()[0] == 1
