"""Password logins resist guessing, and API tokens expire and can be revoked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

LOGIN_URL = "/api/v1/auth/token/"


@pytest.fixture
def login_rates(settings):
    def set_rates(*, address: str = "1000/min", username: str = "1000/min") -> None:
        rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**rates, "login": address, "login_username": username},
        }

    return set_rates


def guess(client: APIClient, n: int, username: str = "estimator", **headers) -> int:
    body = {"username": username, "password": f"guess-{n}"}
    response = client.post(LOGIN_URL, body, format="json", **headers)
    return response.status_code


def test_rotating_x_forwarded_for_does_not_escape_the_address_throttle(user, login_rates):
    login_rates(address="5/min")
    client = APIClient()

    # Each guess claims another client address (and another username, so only the
    # address throttle can stop them): with no trusted proxy the header is ignored.
    statuses = [
        guess(client, n, username=f"user{n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n % 250}")
        for n in range(200)
    ]

    assert statuses.count(400) == 5
    assert statuses.count(429) == 195


def test_behind_one_proxy_the_address_is_the_one_the_proxy_appended(user, login_rates, settings):
    login_rates(address="2/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = APIClient()

    # The client writes what it likes in front; the proxy appends the real peer.
    spoofed = [
        guess(client, n, username=f"u{n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.7")
        for n in range(3)
    ]
    other_client = guess(client, 9, username="u9", HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert spoofed == [400, 400, 429]
    assert other_client == 400


def test_guesses_at_one_username_are_throttled_across_addresses(user, login_rates):
    login_rates(username="3/min")
    client = APIClient()

    statuses = [guess(client, n, REMOTE_ADDR=f"192.0.2.{n}") for n in range(6)]
    # Case and spaces do not make a new username.
    variant = guess(client, 7, username=" ESTIMATOR ", REMOTE_ADDR="192.0.2.77")
    elsewhere = guess(client, 8, username="someone-else", REMOTE_ADDR="192.0.2.88")

    assert statuses == [400, 400, 400, 429, 429, 429]
    assert variant == 429
    assert elsewhere == 400


def test_admin_login_is_throttled(user, login_rates):
    login_rates(address="3/min")
    client = Client()

    answers = [
        client.post("/admin/login/", {"username": "estimator", "password": f"guess-{n}"})
        for n in range(5)
    ]

    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]  # 200: form again
    assert int(answers[-1]["Retry-After"]) > 0
    # The refused attempt never reached the password check, even with the right one.
    right = client.post("/admin/login/", {"username": "estimator", "password": "pw-estimator-1"})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_expired_token_is_refused_and_login_issues_a_new_one(user, settings):
    settings.API_TOKEN_LIFETIME_HOURS = 24
    old = Token.objects.create(user=user)
    Token.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(hours=25))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old.key}")

    refused = client.get("/api/v1/floorplans/")
    login = APIClient().post(
        LOGIN_URL, {"username": "estimator", "password": "pw-estimator-1"}, format="json"
    )

    assert refused.status_code == 401
    assert refused.json()["code"] == "token_expired"
    new_key = login.json()["token"]
    assert new_key != old.key
    assert list(Token.objects.filter(user=user).values_list("key", flat=True)) == [new_key]
    client.credentials(HTTP_AUTHORIZATION=f"Token {new_key}")
    assert client.get("/api/v1/floorplans/").status_code == 200


def test_a_lifetime_of_zero_means_tokens_never_expire(user, settings):
    settings.API_TOKEN_LIFETIME_HOURS = 0
    token = Token.objects.create(user=user)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=3650))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert client.get("/api/v1/floorplans/").status_code == 200


def test_revoking_the_token_logs_the_client_out(user):
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    revoked = client.post(f"{LOGIN_URL}revoke/")
    after = client.get("/api/v1/floorplans/")

    assert revoked.status_code == 204
    assert not Token.objects.filter(user=user).exists()
    assert after.status_code == 401
    assert after.json()["code"] == "authentication_failed"


def test_revoking_needs_a_login():
    response = APIClient().post(f"{LOGIN_URL}revoke/")

    assert response.status_code == 401
