"""``manage.py jobs_probe``: one line and exit 0 when a cluster ran the probe, exit 1 with
what went wrong (the job failed, no cluster picked it up, the object could not be stored)."""

import io
import re

import pytest
from django.core.management import call_command

from jobs.cluster_check import PROBE_USERNAME
from jobs.models import AsyncJob, JobStatus
from tests.cluster import Cluster

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jobs_probe(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``manage.py jobs_probe ARGS``."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("jobs_probe", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_it_says_the_probe_succeeded_after_the_worker_read_back_the_stored_object(media_root):
    cluster = Cluster(MEDIA_ROOT=str(media_root)).start()
    try:
        code, out, err = jobs_probe("--storage", "--seconds", "0.2", "--timeout", "30")
    finally:
        cluster.kill()

    assert (code, err) == (0, ""), cluster.output()[-2000:]
    assert re.fullmatch(
        r"probe job \S+ succeeded in \d+\.\d\d s on \S+:\d+, read back "
        r"'probes/\w+\.bin' from storage\n",
        out,
    ), out
    job = AsyncJob.objects.get()
    assert job.status == JobStatus.SUCCEEDED and job.payload["seconds"] == 0.2
    assert job.owner.username == PROBE_USERNAME
    assert not job.owner.is_active and not job.owner.has_usable_password()
    assert list(media_root.rglob("*.bin")) == []  # the object is deleted afterwards


def test_it_says_the_probe_failed_when_the_worker_cannot_read_the_web_storage(media_root, tmp_path):
    cluster = Cluster(MEDIA_ROOT=str(tmp_path / "another-machine")).start()
    try:
        code, out, err = jobs_probe("--storage", "--timeout", "30")
    finally:
        cluster.kill()

    assert (code, out) == (1, "")
    assert re.fullmatch(
        r"probe job \S+ failed: this worker cannot read what the web tier stored: "
        r"'probes/\w+\.bin': FileNotFoundError: .*; configure the same object storage .*\n",
        err,
    ), err
    assert AsyncJob.objects.get().status == JobStatus.FAILED
    assert list(media_root.rglob("*.bin")) == []


def test_it_says_no_cluster_picked_the_probe_up_and_cancels_it(settings):
    code, out, err = jobs_probe("--timeout", "0.5")

    assert (code, out) == (1, "")
    assert re.fullmatch(
        r"probe job \S+ not picked up within 0.5 s: is `qcluster` \(manage.py jobs_cluster\) "
        rf"running on this database and broker, queue '{settings.Q_CLUSTER['name']}', and not "
        r"busy with a backlog\?\n",
        err,
    ), err
    assert AsyncJob.objects.get().status == JobStatus.CANCELED  # it will not run later


def test_it_says_when_this_machine_cannot_store_the_probe_object(settings, tmp_path):
    not_a_directory = tmp_path / "a-file"
    not_a_directory.write_text("")
    settings.MEDIA_ROOT = not_a_directory / "media"

    code, out, err = jobs_probe("--storage", "--timeout", "1")

    assert (code, out) == (1, "")
    assert err.startswith(
        "could not store the probe's object in this machine's default storage: NotADirectoryError"
    ), err
    assert not AsyncJob.objects.exists()  # no job was queued for it
