"""A floor plan whose extraction explains too little says so, and is not priced unasked."""

import pytest

from jobs.models import AsyncJob, JobType

pytestmark = pytest.mark.django_db

REASONS = ["no rooms were found", "2 of 2 room stamps lie in no room: KITCHEN, BATH"]


@pytest.fixture
def flagged(user, make_floorplan, plan_graph):
    graph = {**plan_graph, "review_required": True, "review_reasons": REASONS}
    return make_floorplan(user, graph=graph, review_required=True, review_reasons=REASONS)


def generate_url(floorplan) -> str:
    return f"/api/v1/floorplans/{floorplan.id}/generate/"


def test_the_floorplan_shows_that_it_needs_review_and_why(api, flagged):
    detail = api.get(f"/api/v1/floorplans/{flagged.id}/").json()
    assert (detail["review_required"], detail["review_reasons"]) == (True, REASONS)
    listed = api.get("/api/v1/floorplans/").json()["results"][0]
    assert listed["review_required"] is True


def test_generate_refuses_a_plan_that_needs_review_naming_the_problems(api, flagged):
    response = api.post(generate_url(flagged), {}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "review_required"
    assert "no rooms were found" in body["detail"] and "accept_review" in body["detail"]
    assert not AsyncJob.objects.filter(job_type=JobType.GENERATE).exists()


def test_generate_prices_a_plan_that_needs_review_when_asked_to(api, flagged):
    response = api.post(generate_url(flagged), {"accept_review": True}, format="json")
    assert response.status_code == 202, response.json()
    job = AsyncJob.objects.get(job_type=JobType.GENERATE)
    assert job.payload == {"options": {}, "revision": 0, "accept_review": True}  # not an option


def test_a_plan_that_needs_no_review_is_generated_as_before(api, user, make_floorplan):
    floorplan = make_floorplan(user)
    assert floorplan.review_required is False
    assert api.post(generate_url(floorplan), {}, format="json").status_code == 202


def test_a_corrected_revision_of_a_flagged_plan_is_priced_without_asking(api, flagged):
    """The estimator's correction is the review: only the graph as extracted is refused."""
    rename = {"op": "rename_room", "room": "r1", "label": "HALL"}
    revisions = f"/api/v1/floorplans/{flagged.id}/revisions/"
    assert api.post(revisions, {"operations": [rename]}, format="json").status_code == 201

    response = api.post(generate_url(flagged), {}, format="json")
    assert response.status_code == 202, response.json()
    assert AsyncJob.objects.get(job_type=JobType.GENERATE).payload["revision"] == 1
    refused = api.post(generate_url(flagged), {"revision": 0}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "review_required"
