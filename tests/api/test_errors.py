"""Every failure answers in the one error shape: auth, routing, methods, throttling, crashes."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.api_errors import api_exception_handler
from floorplans import errors, selectors
from jobs.models import AsyncJob, JobType
from tests.api.conftest import pdf_upload


def throttle_rate(settings, scope: str, rate: str) -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, scope: rate},
    }


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


@pytest.mark.parametrize(
    "path", ["/api/v1/floorplans/", "/api/v1/jobs/", "/api/v1/boms/", "/api/v1/"]
)
def test_anonymous_requests_get_401_asking_for_a_token(anonymous, db, path):
    response = anonymous.get(path)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
    }


def test_a_wrong_token_is_authentication_failed(anonymous, db):
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = anonymous.get("/api/v1/jobs/")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_unknown_api_path_is_json_404_and_other_paths_stay_html(api):
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found."}

    page = api.get("/nothing-here/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_wrong_method_is_405_in_json(api, user, make_floorplan):
    floorplan = make_floorplan(user)

    response = api.put(f"/api/v1/floorplans/{floorplan.id}/", {}, format="json")

    assert response.status_code == 405
    assert response.json() == {"code": "method_not_allowed", "detail": 'Method "PUT" not allowed.'}


def test_unacceptable_accept_header_is_406_in_json(api):
    response = api.get("/api/v1/jobs/", headers={"Accept": "application/xml"})

    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_a_crash_inside_the_api_is_a_json_500(user, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(selectors, "floorplan_list", broken)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)

    response = client.get("/api/v1/floorplans/")

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "fire" not in response.json()["detail"]  # internals stay in the logs


def test_uploads_are_throttled_per_user_with_retry_after(api, other_api, settings, plan_pdf):
    throttle_rate(settings, "uploads", "2/hour")

    statuses = [
        api.post("/api/v1/floorplans/", {"file": pdf_upload(plan_pdf)}, format="multipart")
        for _ in range(3)
    ]

    assert [r.status_code for r in statuses] == [202, 202, 429]
    refused = statuses[-1]
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    # Reads are not throttled, and another user has a budget of their own.
    assert api.get("/api/v1/floorplans/").status_code == 200
    other = other_api.post(
        "/api/v1/floorplans/", {"file": pdf_upload(plan_pdf)}, format="multipart"
    )
    assert other.status_code == 202


def test_generate_and_retry_share_the_jobs_budget(api, user, settings, make_floorplan):
    throttle_rate(settings, "jobs", "1/hour")
    floorplan = make_floorplan(user)

    first = api.post(f"/api/v1/floorplans/{floorplan.id}/generate/", {}, format="json")
    second = api.post(f"/api/v1/floorplans/{floorplan.id}/generate/", {}, format="json")
    retry = api.post(f"/api/v1/jobs/{first.json()['job']['id']}/retry/")

    assert (first.status_code, second.status_code, retry.status_code) == (202, 429, 429)


def test_corrections_are_throttled_but_reading_revisions_is_not(
    api, user, settings, make_floorplan
):
    throttle_rate(settings, "corrections", "1/hour")
    floorplan = make_floorplan(user)
    revisions = f"/api/v1/floorplans/{floorplan.id}/revisions/"
    rename = {"op": "rename_room", "room": "r1", "label": "STUDIO"}

    first, second = (api.post(revisions, {"operations": [rename]}, format="json") for _ in range(2))

    assert (first.status_code, second.status_code) == (201, 429)
    assert second.json()["code"] == "throttled"
    assert [api.get(revisions).status_code for _ in range(3)] == [200, 200, 200]


def test_renders_share_one_throttle_budget(api, user, settings, make_floorplan, make_bom):
    throttle_rate(settings, "renders", "3/hour")
    floorplan = make_floorplan(user)
    bom = make_bom(floorplan)
    plan = f"/api/v1/floorplans/{floorplan.id}"
    renders = [f"{plan}/preview.svg", f"{plan}/markup.pdf", f"/api/v1/boms/{bom.id}/export.xlsx"]

    statuses = [api.get(path).status_code for path in renders]
    refused = api.get(renders[0])

    assert statuses == [200, 200, 200] and refused.status_code == 429
    assert api.get(f"{plan}/").status_code == 200  # the plan itself is not a render
    assert api.get(f"/api/v1/boms/{bom.id}/export.csv").status_code == 200  # nor the CSV


def test_token_endpoint_trades_a_password_for_the_token(anonymous, user):
    response = anonymous.post(
        "/api/v1/auth/token/",
        {"username": "estimator", "password": "pw-estimator-1"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert anonymous.get("/api/v1/floorplans/").status_code == 200


def test_token_endpoint_takes_json_only_as_its_schema_says(anonymous, user):
    response = anonymous.post(
        "/api/v1/auth/token/", {"username": "estimator", "password": "pw-estimator-1"}
    )  # multipart, the test client's default

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert not Token.objects.exists()


def test_token_endpoint_refuses_a_wrong_password(anonymous, user):
    response = anonymous.post(
        "/api/v1/auth/token/", {"username": "estimator", "password": "guess"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"] == "Unable to log in with provided credentials."
    assert not Token.objects.exists()


def test_token_endpoint_is_throttled_against_guessing(anonymous, user, settings):
    throttle_rate(settings, "login", "2/min")
    guesses = [
        anonymous.post(
            "/api/v1/auth/token/", {"username": "estimator", "password": f"g{n}"}, format="json"
        )
        for n in range(3)
    ]

    assert [r.status_code for r in guesses] == [400, 400, 429]
    assert guesses[-1].json()["code"] == "throttled"


# Form bodies never get this far: every endpoint parses JSON or (the uploads) multipart only.
@pytest.mark.parametrize("content_type", ["application/json"])
def test_a_body_above_the_data_limit_is_refused_with_a_code(
    api, user, settings, make_floorplan, content_type
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    floorplan = make_floorplan(user)
    body = (
        b'{"paint_coats": 2, "pad": "' + b"x" * 20_000 + b'"}'
        if content_type == "application/json"
        else b"paint_coats=2&pad=" + b"x" * 20_000
    )

    response = api.post(
        f"/api/v1/floorplans/{floorplan.id}/generate/", body, content_type=content_type
    )

    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert (
        not floorplan.boms.exists()
        and not AsyncJob.objects.filter(job_type=JobType.GENERATE).exists()
    )


def test_a_login_body_above_the_data_limit_is_refused_with_a_code(anonymous, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = anonymous.post(
        "/api/v1/auth/token/",
        {"username": "estimator", "password": "x" * 20_000},
        format="json",
    )

    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (errors.InvalidInput, 400),
        (errors.Conflict, 409),
        (errors.TooLarge, 413),
        (errors.Unavailable, 503),
        (errors.ApplicationError, 400),
    ],
)
def test_the_api_gives_each_kind_of_domain_refusal_its_status(kind, status):
    class Narrower(kind):  # a service's own kind answers as the kind it narrows
        pass

    refusal = Narrower("Not now.", code="not_now", field="when")
    response = api_exception_handler(refusal, {})

    assert response.status_code == status
    assert response.data == {"code": "not_now", "detail": "Not now.", "field": "when"}
