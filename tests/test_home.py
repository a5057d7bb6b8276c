"""The landing page at `/`: where the admin's "View site" leads, with a link to each entry."""

import re

import pytest

pytestmark = pytest.mark.django_db

LINKS = {"/admin/", "/api/v1/", "/api/v1/docs/", "/api/v1/schema/", "/health/"}


def _links(html: bytes) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html.decode()))


def test_home_links_the_admin_the_api_its_docs_and_the_health_check(client):
    response = client.get("/")
    assert response.status_code == 200
    assert _links(response.content) == LINKS
    assert b"Sign in through the admin" in response.content


def test_every_link_of_the_home_page_answers(client, user):
    client.force_login(user)
    page = client.get("/")
    assert b"Signed in as estimator" in page.content
    statuses = {link: client.get(link).status_code for link in _links(page.content)}
    # The health check may be 503 here (no cluster runs in this test), but it answers.
    assert statuses == {**statuses, "/admin/": 302, "/api/v1/": 200, "/api/v1/docs/": 200}
    assert statuses["/api/v1/schema/"] == 200 and statuses["/health/"] in {200, 503}


def test_the_admin_view_site_link_leads_home(admin_client):
    assert b'href="/"' in admin_client.get("/admin/").content
