"""Fixtures for the HTTP API tests: token clients, real PDFs, processed plans and BOMs."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from floorplans.models import BOM, Floorplan, FloorplanStatus
from floorplans.pipeline import extract_graph
from floorplans.samples.catalog import tiny_room
from floorplans.samples.render import render_pdf
from tests.factories import bom_for

SCALE = "1:50"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Uploads go to a directory of this test's own, so "nothing left behind" is checkable."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture(autouse=True)
def _private_cache(settings):
    # Throttle counters live in the cache; the shared file/Redis cache would carry them
    # across tests and runs (and must never be cleared from a test).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "api-tests",
        }
    }
    from django.core.cache import cache

    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api(user) -> APIClient:
    return token_client(user)


@pytest.fixture
def other_api(other_user) -> APIClient:
    return token_client(other_user)


@pytest.fixture(scope="session")
def plan_pdf() -> bytes:
    return render_pdf(tiny_room(), "double_line")


@pytest.fixture(scope="session")
def plan_graph(plan_pdf) -> dict:
    return extract_graph(plan_pdf, 0, SCALE)


def pdf_upload(data: bytes, name: str = "ground floor.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def make_floorplan(plan_pdf, plan_graph):
    """A floor plan as the ingest job leaves it: stored PDF, graph, status processed."""

    def make(owner, *, status=FloorplanStatus.PROCESSED, graph=None, **fields) -> Floorplan:
        floorplan = Floorplan(
            owner=owner,
            name=fields.pop("name", "Tiny room"),
            original_filename="tiny.pdf",
            file_size=len(plan_pdf),
            sha256=fields.pop("sha256", "0" * 64),
            page_count=1,
            scale_override=SCALE,
            status=status,
            graph=(graph or plan_graph) if status == FloorplanStatus.PROCESSED else None,
            **fields,
        )
        floorplan.file.save("tiny.pdf", ContentFile(plan_pdf), save=False)
        floorplan.save()
        return floorplan

    return make


@pytest.fixture
def make_bom():
    """A BOM row as the generate job stores it (bom_to_dict snapshot)."""

    def make(floorplan: Floorplan, options: dict | None = None) -> BOM:
        return bom_for(floorplan, options)

    return make
