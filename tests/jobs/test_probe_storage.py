"""A probe job given a stored object reads it back on its worker, through a real qcluster;
one that cannot fails at once, saying what to configure. (A worker told another storage:
``tests/api/test_object_storage.py`` and the ``jobs_probe`` command's tests.)"""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from jobs.models import JobStatus
from jobs.probe import MAX_PROBE_READ_BYTES, store_probe_object
from tests.cluster import Cluster, probe_job, wait_finished

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def assert_failed_for_good(job, code: str, message: str) -> None:
    assert (job.status, job.error_code, job.attempts) == (JobStatus.FAILED, code, 1)
    assert message in job.error_message


def test_probe_reads_what_was_stored_and_fails_saying_what_to_do_when_it_cannot(media_root, user):
    stored = store_probe_object()
    large = bytes(MAX_PROBE_READ_BYTES + 1)
    large_name = default_storage.save("probes/large.bin", ContentFile(large))
    cluster = Cluster(MEDIA_ROOT=str(media_root)).start()
    try:
        present = probe_job(user, **stored, seconds=0.1)
        missing = probe_job(user, read="probes/never-stored.bin", sha256=stored["sha256"])
        other_bytes = probe_job(user, read=stored["read"], sha256=hashlib.sha256(b"x").hexdigest())
        too_large = probe_job(user, read=large_name, sha256=hashlib.sha256(large).hexdigest())
        wait_finished(present, missing, other_bytes, too_large)
    finally:
        cluster.kill()

    assert present.status == JobStatus.SUCCEEDED, cluster.output()[-2000:]
    assert_failed_for_good(
        missing,
        "storage_unreadable",
        "this worker cannot read what the web tier stored: 'probes/never-stored.bin': "
        "FileNotFoundError",
    )
    assert 'README, "Web and workers on separate machines"' in missing.error_message
    assert_failed_for_good(other_bytes, "storage_mismatch", "but not the bytes the web tier stored")
    assert_failed_for_good(
        too_large,
        "invalid_payload",
        f"refused to read 'probes/large.bin': {MAX_PROBE_READ_BYTES + 1} bytes, over the "
        f"probe's cap of {MAX_PROBE_READ_BYTES} bytes",
    )
