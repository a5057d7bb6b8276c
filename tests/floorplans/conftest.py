import pytest
from django.core.files.base import ContentFile

from floorplans.models import Floorplan
from floorplans.samples.catalog import demo_plan, tiny_room
from floorplans.samples.render import render_pdf
from tests.factories import seed_catalogue


@pytest.fixture(scope="session")
def demo_pdf() -> bytes:
    return render_pdf(demo_plan(), "double_line")


@pytest.fixture(scope="session")
def tiny_pdf() -> bytes:
    return render_pdf(tiny_room(), "double_line")


@pytest.fixture
def make_floorplan(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    def make(owner, data: bytes, **fields) -> Floorplan:
        floorplan = Floorplan(owner=owner, name=fields.pop("name", "plan"), **fields)
        floorplan.file.save("upload.pdf", ContentFile(data), save=False)
        floorplan.save()
        return floorplan

    return make


@pytest.fixture(autouse=True)
def catalogue(request):
    """The seeded catalogue: transactional tests flush what the data migration wrote."""
    if "django_db_setup" not in request.fixturenames and not request.node.get_closest_marker(
        "django_db"
    ):
        return
    request.getfixturevalue("db")
    seed_catalogue()
