"""Password logins (API token and admin) and the API tokens they hand out.

Guessing is throttled twice: per client address (the socket's peer, or the address the
trusted proxies report: ``NUM_PROXIES``) and per username, so neither a spoofed
``X-Forwarded-For`` nor a botnet spreading guesses over addresses gets far. Tokens
expire after ``API_TOKEN_LIFETIME_HOURS`` and can be revoked by their holder.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _LoginThrottle(SimpleRateThrottle):
    """Counts every login attempt; usable on a DRF request and on a plain Django one."""

    @property
    def THROTTLE_RATES(self) -> dict[str, str | None]:
        # Read when used (DRF's class attribute freezes the rates at import).
        return api_settings.DEFAULT_THROTTLE_RATES


class LoginAddressThrottle(_LoginThrottle):
    scope = "login"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginUsernameThrottle(_LoginThrottle):
    scope = "login_username"

    def get_cache_key(self, request, view) -> str | None:
        form = request.data if hasattr(request, "data") else request.POST
        username = form.get("username") if hasattr(form, "get") else None
        if not isinstance(username, str) or not username:
            return None  # nothing to guess against; the address throttle still counts it
        # Hashed: the cache key stays short and never holds the typed text.
        digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}


LOGIN_THROTTLES = (LoginAddressThrottle, LoginUsernameThrottle)


def login_throttle_wait(request: HttpRequest) -> float | None:
    """For views outside DRF (the admin login): None if the attempt may go on, else the
    seconds to wait. Every throttle counts the attempt, as DRF's own check does."""
    waits = []
    for throttle_class in LOGIN_THROTTLES:
        throttle = throttle_class()
        if not throttle.allow_request(request, None):
            waits.append(throttle.wait() or 1.0)
    return max(waits) if waits else None


def _lifetime() -> timedelta | None:
    hours = settings.API_TOKEN_LIFETIME_HOURS
    return timedelta(hours=hours) if hours > 0 else None


def token_expired(token: Token) -> bool:
    lifetime = _lifetime()
    return lifetime is not None and token.created + lifetime <= timezone.now()


def token_for_login(user) -> Token:
    """The user's token, a fresh one if the stored one has expired."""
    token, _ = Token.objects.get_or_create(user=user)
    if token_expired(token):
        token.delete()
        token = Token.objects.create(user=user)
    return token


def token_revoke(user) -> None:
    """Log out every API client of the user (DRF keeps one token per user)."""
    Token.objects.filter(user=user).delete()


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token KEY``, refused once the token is older than its lifetime."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed(
                "The token has expired; log in again (POST /api/v1/auth/token/).",
                code="token_expired",
            )
        return user, token
