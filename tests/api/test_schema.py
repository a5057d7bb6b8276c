"""The OpenAPI schema: valid, complete, and true to what the running API answers."""

from __future__ import annotations

import re
import uuid

import pytest
import schemathesis
import yaml
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from floorplans.takeoff import options_schema
from jobs.models import AsyncJob, JobStatus, JobType

ROUTES = {
    "/api/v1/floorplans/": {"get", "post"},
    "/api/v1/floorplans/{id}/": {"get", "delete"},
    "/api/v1/floorplans/{id}/preview.svg": {"get"},
    "/api/v1/floorplans/{id}/generate/": {"post"},
    "/api/v1/floorplans/{id}/revisions/": {"get", "post"},
    "/api/v1/jobs/": {"get"},
    "/api/v1/jobs/{id}/": {"get"},
    "/api/v1/jobs/{id}/cancel/": {"post"},
    "/api/v1/jobs/{id}/retry/": {"post"},
    "/api/v1/status/{floorplan_id}/": {"get"},
    "/api/v1/boms/": {"get"},
    "/api/v1/boms/{id}/": {"get"},
    "/api/v1/boms/{id}/export.csv": {"get"},
    "/api/v1/boms/{id}/export.xlsx": {"get"},
    "/api/v1/boms/{id}/markup.pdf": {"get"},
    "/api/v1/floorplans/{id}/markup.pdf": {"get"},
    "/api/v1/boms/{id}/layout.svg": {"get"},
    "/api/v1/auth/token/": {"post"},
    "/api/v1/auth/token/revoke/": {"post"},
    "/api/v1/drawing-sets/": {"get", "post"},
    "/api/v1/drawing-sets/{id}/": {"get", "delete"},
    "/api/v1/drawing-sets/{id}/generate/": {"post"},
    "/api/v1/drawing-sets/{id}/bom/": {"get"},
    "/api/v1/drawing-sets/{id}/bom.csv": {"get"},
}


@pytest.fixture
def served_schema(client) -> dict:
    response = client.get("/api/v1/schema/", headers={"Accept": "application/vnd.oai.openapi"})
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_validates(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert out.stat().st_size > 0


def test_schema_lists_every_contract_route(served_schema):
    paths = {path: set(ops) - {"parameters"} for path, ops in served_schema["paths"].items()}
    assert paths == ROUTES


def test_every_operation_has_an_example_and_documents_its_errors(served_schema):
    for path, operations in served_schema["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert any(s.startswith("2") for s in statuses), (method, path)
            errors = statuses - {"200", "201", "202", "204"}
            assert errors, (method, path)
            for status in errors:
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}
                assert content["examples"], (method, path, status)
            if method != "delete":
                has_example = any(
                    "examples" in body
                    for response in operation["responses"].values()
                    for body in response.get("content", {}).values()
                )
                assert has_example, (method, path)


def test_generator_options_are_documented_from_the_generator(served_schema):
    body = served_schema["paths"]["/api/v1/floorplans/{id}/generate/"]["post"]["requestBody"]
    documented = body["content"]["application/json"]["schema"]["properties"]
    # Every generator option, the request's own flag to price a plan flagged for review,
    # and `revision`, which picks the graph revision to price rather than configuring it.
    assert set(documented) == {*options_schema()["properties"], "accept_review", "revision"}
    assert documented["accept_review"]["type"] == "boolean"
    assert documented["stud_spacing"]["x-by-unit-system"]["imperial"]["enum"] == [12, 16, 24]


def test_swagger_ui_is_served_from_the_projects_own_static_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert any(asset.endswith("/swagger-ui-bundle.js") for asset in assets)
    # Offline works only if nothing comes from elsewhere and every asset is ours to serve.
    assert all(asset.startswith(django_settings.STATIC_URL) for asset in assets), assets
    assert all(finders.find(asset.removeprefix(django_settings.STATIC_URL)) for asset in assets)


# --- schemathesis: the live API against its own schema ---------------------------------


@pytest.fixture
def wsgi_in_test_transaction():
    """Serve the real WSGI app inside the test's transaction, as Django's test client does:
    without this, request_finished would close the connection mid-transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Loaded once at collection (the schema route needs no database); schemathesis's lazy
# fixture loader does not work with pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
REAL_IDS: dict[str, str] = {}


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@schema.hook
def map_path_parameters(context, path_parameters):
    # Random UUIDs only ever find 404s: for about half of the well-formed ids use a real
    # object's (malformed ones stay, they are the negative cases).
    resource = context.operation.path.split("/")[3]
    for name, value in (path_parameters or {}).items():
        if resource in REAL_IDS and _is_uuid(value) and uuid.UUID(str(value)).int % 2 == 0:
            path_parameters[name] = REAL_IDS[resource]
    return path_parameters


@pytest.fixture
def api_objects(user, make_floorplan, make_bom, wsgi_in_test_transaction):
    floorplan = make_floorplan(user)
    job = AsyncJob.objects.create(
        job_type=JobType.INGEST, owner=user, floorplan=floorplan, status=JobStatus.FAILED
    )
    REAL_IDS.update(
        floorplans=str(floorplan.id),
        status=str(floorplan.id),
        boms=str(make_bom(floorplan).id),
        jobs=str(job.id),
    )
    yield
    REAL_IDS.clear()


CHECKED_BEYOND_SCHEMA = {
    "/api/v1/floorplans/",
    "/api/v1/drawing-sets/",
    "/api/v1/drawing-sets/{id}/generate/",
    "/api/v1/floorplans/{id}/generate/",
    "/api/v1/floorplans/{id}/revisions/",
    "/api/v1/auth/token/",
}


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, user, api_objects):
    token, _ = Token.objects.get_or_create(user=user)
    headers = {} if case.path == "/api/v1/auth/token/" else {"Authorization": f"Token {token.key}"}
    # Valid by the schema is not always acceptable: random bytes are no PDF, random
    # credentials log nobody in, and option ranges depend on the unit system.
    excluded = [positive_data_acceptance] if case.path in CHECKED_BEYOND_SCHEMA else []
    case.call_and_validate(headers=headers, excluded_checks=excluded)
