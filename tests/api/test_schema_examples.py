"""Every example in the OpenAPI schema is an instance of the schema it illustrates.

Examples are written by hand in floorplans/api/docs.py; this holds them to the
serializers (as spectacular renders them), strictly: an object may carry only the keys
its serializer declares, so an example with a key the code never writes fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, Draft202012Validator

JSON = "application/json"
ROOT = Path(__file__).resolve().parents[2]


def as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema: `nullable` becomes a null branch, and objects
    with declared properties are closed unless they say otherwise."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if "properties" in converted and "additionalProperties" not in converted:
        converted["additionalProperties"] = False
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _examples(schema: dict):
    """(where, example value, schema) for every example of a JSON body or response."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            bodies = [("request", operation.get("requestBody", {}).get("content", {}))]
            bodies += [
                (status, r.get("content", {})) for status, r in operation["responses"].items()
            ]
            for status, content in bodies:
                media = content.get(JSON) or content.get("multipart/form-data") or {}
                for name, example in media.get("examples", {}).items():
                    yield f"{method} {path} {status} {name!r}", example["value"], media["schema"]


def test_every_example_matches_its_schema(schema):
    root = as_json_schema({"components": schema["components"]})
    checked, failures = 0, []
    for where, value, body_schema in _examples(schema):
        validator = Draft7Validator({**as_json_schema(body_schema), **root})
        failures += [
            f"{where}: {list(e.absolute_path)} {e.message}" for e in validator.iter_errors(value)
        ]
        checked += 1
    assert failures == [], "\n".join(failures)
    assert checked > 30  # the walk found the examples


def test_a_key_the_serializer_does_not_declare_is_caught(schema):
    root = as_json_schema({"components": schema["components"]})
    job = {"$ref": "#/components/schemas/JobOutput"}
    (_, value, _), *_ = [e for e in _examples(schema) if "get /api/v1/jobs/{id}/ 200" in e[0]]
    validator = Draft7Validator({**job, **root})
    assert not list(validator.iter_errors(value))
    assert list(validator.iter_errors({**value, "invented": 1}))


def test_the_graph_example_is_a_spatialgraph():
    """The floor plan's `graph` is an open object to the serializer: the SpatialGraph's
    own JSON Schema holds the example instead."""
    from floorplans.api.docs import GRAPH_EXAMPLE

    graph_schema = json.loads((ROOT / "docs" / "spatialgraph.schema.json").read_text())
    assert list(Draft202012Validator(graph_schema).iter_errors(GRAPH_EXAMPLE)) == []
