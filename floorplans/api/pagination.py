"""Limit/offset pages that refuse nonsense instead of quietly ignoring it.

DRF's LimitOffsetPagination treats `?offset=abc` as 0; a client with a bug then silently
gets the first page forever. Here a bad value is a 400 naming the parameter.
"""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination

from floorplans.errors import InvalidInput

MAX_LIMIT = 200


class StrictLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_limit(self, request) -> int | None:
        if self.limit_query_param not in request.query_params:
            return self.default_limit
        return self._whole_number(request, self.limit_query_param, minimum=1, maximum=MAX_LIMIT)

    def get_offset(self, request) -> int:
        if self.offset_query_param not in request.query_params:
            return 0
        return self._whole_number(request, self.offset_query_param, minimum=0)

    @staticmethod
    def _whole_number(request, name: str, *, minimum: int, maximum: int | None = None) -> int:
        values = request.query_params.getlist(name)
        raw = values[0] if len(values) == 1 else ""
        number = int(raw) if raw.isascii() and raw.isdigit() else -1
        if number < minimum or (maximum is not None and number > maximum):
            limits = f"from {minimum} to {maximum}" if maximum else f"of at least {minimum}"
            raise InvalidInput(
                f"`{name}` must be a whole number {limits}, given once.",
                code="invalid",
                field=name,
            )
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            minimum = 1 if parameter["name"] == self.limit_query_param else 0
            parameter["schema"] = {"type": "integer", "minimum": minimum}
            if minimum:
                parameter["schema"]["maximum"] = MAX_LIMIT
        return parameters
