"""Hostile PDFs through the API: the web process only prechecks (bounded memory and time),
the worker's sandbox fails each with a clear code after one attempt and keeps serving."""

from __future__ import annotations

import psutil
import pytest

from floorplans.models import Floorplan
from floorplans.samples import bad_pdfs
from harness.memory import PeakRss
from harness.processes import wait_for
from tests.api.test_full_flow import poll
from tests.api.test_uploads import post_plan
from tests.cluster import Cluster

# What the worker concludes: the bombs and endless pages exceed a limit; a damaged but
# recoverable stream and an enormous page are read like any plan.
OUTCOMES = {
    "flate_bomb_2": "failed too_complex",
    "flate_bomb_3": "failed too_complex",
    "flate_bomb_xref_2": "failed too_complex",
    "flate_bomb_xref_3": "failed too_complex",
    "truncated_zlib": "succeeded",
    "nested_forms": "failed too_complex",
    "unclosed_q": "failed too_complex",
    "huge_page": "succeeded",
    "tiny_paths": "failed too_complex",
    "unpainted_paths": "failed too_complex",
    "deeply_nested": "failed too_complex",
}


def test_every_hostile_file_has_an_expected_outcome():
    assert set(OUTCOMES) == set(bad_pdfs.HOSTILE)


@pytest.mark.parametrize("name", sorted(bad_pdfs.HOSTILE))
def test_a_hostile_upload_costs_the_web_process_little(api, name):
    data = bad_pdfs.HOSTILE[name]()
    with PeakRss() as peak:
        response = post_plan(api, data)
    assert response.status_code == 202, response.json()  # nothing certain without a parse
    assert peak.growth_mb < 50, f"{name}: web process +{peak.growth_mb:.0f} MB"
    assert peak.seconds < 5, f"{name}: {peak.seconds:.1f} s"  # generous; the bound is 1 s


def test_a_compressed_page_tree_leaves_the_page_count_to_the_worker(api):
    response = post_plan(api, bad_pdfs.truncated_zlib(), page=3)
    assert response.status_code == 202
    assert Floorplan.objects.get().page_count == 0  # "not known yet"


def sandbox_children(cluster: Cluster) -> list[psutil.Process]:
    found = []
    for pid in cluster.tree():
        try:
            if "floorplans.pipeline.sandbox" in " ".join(psutil.Process(pid).cmdline()):
                found.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            pass
    return found


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
class TestWorker:
    @pytest.fixture
    def cluster(self, media_root):
        running = Cluster(
            MEDIA_ROOT=str(media_root),
            PIPELINE_MAX_SECONDS="8",
            PIPELINE_MAX_STREAM_MB="64",
            PIPELINE_MAX_MEMORY_MB="1024",
        ).start()
        yield running
        running.kill()

    def test_each_hostile_file_fails_once_and_the_worker_keeps_serving(
        self, api, cluster, plan_pdf
    ):
        workers = set(cluster.tree())
        jobs = {}
        for name, make in bad_pdfs.HOSTILE.items():
            response = post_plan(api, make())
            assert response.status_code == 202
            jobs[name] = response["Location"]
        outcomes, attempts = {}, {}
        for name, url in jobs.items():
            job = poll(api, url, timeout=120)
            outcomes[name] = f"{job['status']} {(job['error'] or {}).get('code', '')}".strip()
            attempts[name] = job["attempts"]
            if job["error"]:
                assert job["error"]["detail"].endswith("."), job["error"]
        assert outcomes == OUTCOMES, cluster.output()[-3000:]
        assert set(attempts.values()) == {1}
        good = poll(api, post_plan(api, plan_pdf)["Location"])
        assert good["status"] == "succeeded"
        assert workers <= set(cluster.tree()), "a worker process was replaced"

    def test_cancel_kills_the_parse_mid_way(self, api, cluster):
        url = post_plan(api, bad_pdfs.nested_forms())["Location"]
        wait_for(lambda: sandbox_children(cluster), 30, "the parse to start")
        (child,) = sandbox_children(cluster)
        assert api.post(f"{url}cancel/").status_code == 200
        wait_for(lambda: not child.is_running(), 10, "the parse child to be killed")
        assert api.get(url).json()["status"] == "canceled"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_parse_ends_before_the_task_timeout_even_when_misconfigured(api, media_root):
    """PIPELINE_MAX_SECONDS above django-q2's timeout is clamped below it: the job fails
    as too_complex after one attempt instead of being killed, lost and retried."""
    cluster = Cluster(
        MEDIA_ROOT=str(media_root), JOB_TIMEOUT_SECONDS="10", PIPELINE_MAX_SECONDS="600"
    ).start()
    try:
        job = poll(api, post_plan(api, bad_pdfs.nested_forms())["Location"], timeout=60)
    finally:
        cluster.kill()
    assert (job["status"], job["error"]["code"], job["attempts"]) == ("failed", "too_complex", 1)
