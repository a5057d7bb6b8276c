"""Hands job ids to django-q2, without ever letting a broker outage reach the caller.

One broker object per process is reused for every enqueue (a new Redis client per
``async_task`` call costs a connection each time). Its Redis client has short socket
timeouts and no retries: when Redis refuses or hangs, the enqueue gives up within about
a second and the job simply stays ``queued`` for the recovery task to enqueue later.
"""

import logging
import threading
import uuid

import redis
from django import db
from django.conf import settings
from django_q.brokers import Broker, get_broker
from django_q.brokers.redis_broker import Redis as RedisBroker
from django_q.tasks import async_task
from redis.backoff import NoBackoff
from redis.retry import Retry

from jobs import lifecycle

logger = logging.getLogger(__name__)

TASK_FUNCTION = "jobs.tasks.execute_job"
_lock = threading.Lock()
_broker: Broker | None = None


class _ScanningRedisBroker(RedisBroker):
    def get_stats(self, pattern: str) -> list:
        # django-q2 lists the cluster stats with KEYS, which blocks Redis while it walks
        # the whole database (shared with the cache); SCAN walks it in small steps.
        keys = list(self.connection.scan_iter(match=pattern, count=1000))
        return self.connection.mget(keys) if keys else []


def _fail_fast_redis_broker() -> Broker:
    timeout = settings.BROKER_ENQUEUE_TIMEOUT_SECONDS
    broker = _ScanningRedisBroker()
    broker.connection = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )
    return broker


def enqueue_broker() -> Broker:
    global _broker
    with _lock:
        if _broker is None:
            _broker = _fail_fast_redis_broker() if settings.REDIS_URL else get_broker()
        return _broker


def reset_enqueue_broker() -> None:
    """Forget the cached broker (after the broker settings changed, e.g. in tests)."""
    global _broker
    with _lock:
        _broker = None


def _push(job_id: uuid.UUID | str) -> str | None:
    """The django-q2 task id, or None (logged) if the broker is unavailable.

    ``save=False``: django-q2's monitor writes no ``Task`` row for a task that returns
    (one INSERT and commit per job saved); the job's own rows are the record. A task
    that raises (it never should, the runner catches everything) is still saved.
    """
    try:
        return async_task(TASK_FUNCTION, str(job_id), broker=enqueue_broker(), save=False)
    except Exception as exc:  # any broker failure: recovery will enqueue the job later
        logger.warning("Could not enqueue job %s (%s); recovery will retry", job_id, exc)
        return None


def _write_down(record, job_id) -> None:
    try:
        record()
    except Exception:
        # Not recorded: recovery may enqueue the job once more, which is harmless (a
        # second delivery finds the job no longer queued and does nothing).
        logger.warning("Could not record the enqueue of job %s", job_id, exc_info=True)


def enqueue_job(job_id: uuid.UUID | str) -> bool:
    """Put the job id on the queue again (retry, recovery) and record when. Never raises:
    it may run after COMMIT, where a failure must not undo or misreport saved work.
    Returns False if the broker is unavailable; the job stays queued for recovery."""
    task_id = _push(job_id)
    if task_id is None:
        return False
    _write_down(lambda: lifecycle.mark_enqueued(job_id, task_id), job_id)
    return True


def enqueue_new_job(job_id: uuid.UUID | str) -> bool:
    """Enqueue a job just committed. Its row was inserted as enqueued (``enqueued_at`` =
    the INSERT's time), so a successful enqueue writes nothing: one UPDATE and commit
    per job saved. Only a failed one is written down, for recovery to pick up after the
    grace period. Never raises, like ``enqueue_job``."""
    if _push(job_id) is not None:
        return True
    _write_down(lambda: lifecycle.mark_not_enqueued(job_id), job_id)
    return False


def _enqueue_from_thread(job_id: uuid.UUID | str) -> None:
    try:
        enqueue_job(job_id)
    finally:
        db.connection.close()  # this thread's own connection would otherwise leak


def enqueue_job_later(job_id: uuid.UUID | str, delay_seconds: float) -> None:
    """Enqueue after the retry backoff. Lives in this process only: if the process dies
    first, the recovery task finds the job still queued past its due time."""
    timer = threading.Timer(delay_seconds, _enqueue_from_thread, args=(job_id,))
    timer.daemon = True
    timer.start()
