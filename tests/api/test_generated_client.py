"""The README's flow through a client generated from the OpenAPI schema, as an integrating
team would build one (openapi-python-client): log in, upload, poll, generate, download.

Catches a schema that is valid but not callable: a body advertised in several media types
made the generated login send an empty body (and fail to import: `NameError: Unset`).
"""

from __future__ import annotations

import csv
import importlib
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from harness.processes import wait_for
from tests.api.test_full_flow import FINISHED, SCALE  # the tiny room's true scale
from tests.cluster import Cluster
from tests.factories import seed_catalogue

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
PACKAGE = "takeoff_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The client package generated from the schema, imported from a scratch folder."""
    folder = tmp_path_factory.mktemp("generated-client")
    schema, config = folder / "schema.yaml", folder / "config.yaml"
    call_command("spectacular", "--file", str(schema))
    config.write_text(
        f"project_name_override: {PACKAGE}\npackage_name_override: {PACKAGE}\npost_hooks: []\n"
    )
    generator = Path(sys.executable).with_name("openapi-python-client")
    run = subprocess.run(
        [generator, "generate", "--path", schema, "--config", config, "--meta", "none",
         "--output-path", folder / PACKAGE],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    sys.path.insert(0, str(folder))
    try:
        yield lambda name: importlib.import_module(f"{PACKAGE}.{name}")
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def cluster(media_root, db):
    seed_catalogue()
    running = Cluster(MEDIA_ROOT=str(media_root)).start()
    yield running
    running.kill()


def test_the_readme_flow_through_a_generated_client(
    generated, live_server, user, plan_pdf, cluster
):
    client_module, types, models = generated("client"), generated("types"), generated("models")
    login = generated("api.auth.auth_token_create")
    upload = generated("api.floorplans.floorplans_create")
    get_job = generated("api.jobs.jobs_retrieve")
    get_floorplan = generated("api.floorplans.floorplans_retrieve")
    list_floorplans = generated("api.floorplans.floorplans_list")
    generate = generated("api.floorplans.floorplans_generate_create")
    get_bom = generated("api.boms.boms_retrieve")
    export_csv = generated("api.boms.boms_export_csv_retrieve")

    anonymous = client_module.Client(base_url=live_server.url)
    token = login.sync(
        client=anonymous,
        body=models.TokenRequestRequest(username="estimator", password="pw-estimator-1"),
    )
    assert isinstance(token, models.TokenResponse), token
    api = client_module.AuthenticatedClient(
        base_url=live_server.url, token=token.token, prefix="Token"
    )

    def poll(job_id):
        def finished():
            job = get_job.sync(client=api, id=job_id)
            return job if job.status.value in FINISHED else None

        return wait_for(finished, 90, f"job {job_id} to finish", interval=0.2)

    accepted = upload.sync_detailed(
        client=api,
        body=models.FloorplanUploadInputRequest(
            file=types.File(io.BytesIO(plan_pdf), "tiny.pdf", "application/pdf"),
            name="Tiny room",
            scale=SCALE,
        ),
    )
    assert accepted.status_code == 202, accepted.content
    assert accepted.headers["Location"] == accepted.parsed.status_url
    ingest = poll(accepted.parsed.job.id)
    assert ingest.status.value == "succeeded", (ingest, cluster.output()[-3000:])

    floorplan = get_floorplan.sync(client=api, id=accepted.parsed.floorplan.id)
    assert floorplan.graph["walls"] and floorplan.graph["scale"]["source"] == "override"
    (summary,) = list_floorplans.sync(client=api).results
    assert summary.counts.walls == len(floorplan.graph["walls"])

    options = models.FloorplansGenerateCreateBody.from_dict({"stud_spacing": 24})
    queued = generate.sync(client=api, id=floorplan.id, body=options)
    assert isinstance(queued, models.AcceptedOutput), queued
    built = poll(queued.job.id)
    assert built.status.value == "succeeded", (built, cluster.output()[-3000:])

    bom_id = built.result_url.rstrip("/").rsplit("/", 1)[-1]
    bom = get_bom.sync(client=api, id=bom_id)
    assert bom.options["stud_spacing"] == 24 and bom.line_items
    download = export_csv.sync_detailed(client=api, id=bom_id)
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert sum(Decimal(row[6]) for row in rows[1:]) == Decimal(bom.total)  # lines only
