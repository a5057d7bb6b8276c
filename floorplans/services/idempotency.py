"""Idempotency-Key: a request repeated with the key of an earlier one gets the earlier
one's answer, and two requests racing with the same key make one job, not two.

The key is unique per owner on ``AsyncJob``; each use case checks for an earlier job
before its own checks that cost something, and creates its job through ``create_once``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

from floorplans.errors import Conflict
from jobs.models import AsyncJob

T = TypeVar("T")


def job_for_key(owner, idempotency_key: str) -> AsyncJob | None:
    """The owner's job made under this key, if any (none without a key)."""
    if not idempotency_key:
        return None
    return (
        AsyncJob.objects.select_related("floorplan")
        .filter(owner=owner, idempotency_key=idempotency_key)
        .first()
    )


def key_reused() -> Conflict:
    """The answer when the key's job was made by a different request."""
    return Conflict(
        "This Idempotency-Key was already used for a different request.",
        code="idempotency_key_reused",
        field="Idempotency-Key",
    )


def create_once(
    create: Callable[[], T],
    *,
    owner,
    idempotency_key: str,
    replay: Callable[[AsyncJob], T],
    discard: Callable[[], None] = lambda: None,
) -> T:
    """``create()`` in one transaction (it makes the job under the key). When a concurrent
    request with the same key committed first, the unique key refuses ours and we answer
    as the replay of its job. ``discard`` undoes what was done outside the transaction
    (the stored file) whenever ours did not commit."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        discard()
        winner = job_for_key(owner, idempotency_key)
        if winner is None:
            raise
        return replay(winner)
    except BaseException:
        discard()
        raise
