"""One error shape for the whole API: ``{"code": ..., "detail": ..., ["field": ...]}``.

Services raise the domain errors of ``floorplans/errors.py``, which know nothing of HTTP;
the DRF exception handler below gives each kind its status, and it and the Django
404/500 handlers turn everything, including DRF's own exceptions, into that shape so
clients can branch on a stable ``code``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from floorplans.errors import ApplicationError, Conflict, InvalidInput, TooLarge, Unavailable

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


# One status per kind of refusal, so every caller of a service reports it the same way.
STATUS_OF = {
    InvalidInput: status.HTTP_400_BAD_REQUEST,
    Conflict: status.HTTP_409_CONFLICT,
    TooLarge: status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    Unavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
}


def status_of(exc: ApplicationError) -> int:
    return next((STATUS_OF[k] for k in type(exc).__mro__ if k in STATUS_OF), 400)


def error_body(code: str, detail: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "detail": detail}
    if field:
        body["field"] = field
    body.update(extra)
    return body


def _flatten(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors -> {"field.sub": ["message", ...]} (one level, readable)."""
    if isinstance(errors, dict):
        flat: dict[str, list[str]] = {}
        for key, value in errors.items():
            name = key if key != "non_field_errors" else ""
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name))
        return flat
    if isinstance(errors, list) and errors and not all(isinstance(e, str) for e in errors):
        flat = {}
        for index, value in enumerate(errors):
            flat.update(_flatten(value, f"{prefix}[{index}]"))
        return flat
    messages = errors if isinstance(errors, list) else [errors]
    return {prefix: [str(message) for message in messages]}


def _validation_body(exc: exceptions.ValidationError) -> dict[str, Any]:
    fields = _flatten(exc.detail)
    field, messages = next(iter(fields.items()), ("", ["Invalid input."]))
    return error_body(
        "invalid",
        messages[0] if messages else "Invalid input.",
        field or None,
        errors=fields,
    )


def _api_exception_code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def body_too_large() -> TooLarge:
    return TooLarge(
        "The request body is larger than the "
        f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE} byte limit for JSON and form data "
        f"(or has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields).",
        code="body_too_large",
    )


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every handled error leaves as the error shape."""
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        # Django's refusal of a JSON/form body (or form fields) over its limits; left
        # alone it would be an HTML 400.
        exc = body_too_large()
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.code, exc.detail, exc.field), status=status_of(exc))
    # Django's Http404 carries the model name ("No Floorplan matches ..."); say less.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unhandled: Django's handler500 answers (JSON for /api/ below)
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc)
    elif isinstance(exc, exceptions.APIException):
        response.data = error_body(_api_exception_code(exc), str(exc.detail))
    return response


# --- Django-level handlers (URL not matched, crash outside DRF), used when DEBUG is off ---


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            error_body("server_error", "The server hit an unexpected error; please retry later."),
            status=500,
        )
    return defaults.server_error(request)
