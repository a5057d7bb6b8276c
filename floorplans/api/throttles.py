"""Rate limits per kind of expensive request (uploads, job starts), per user."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class ActionScopedRateThrottle(ScopedRateThrottle):
    """ScopedRateThrottle for viewsets whose actions differ in cost.

    A viewset names a scope per action in ``throttle_scopes`` (``"action:METHOD"`` for one
    method of an action that also reads, e.g. ``"revisions:POST"``); actions without one
    are not throttled; plain views set ``throttle_scope`` as with DRF's class. Rates are read when
    used (DRF's class attribute freezes them at import), so settings overrides apply.
    """

    @property
    def THROTTLE_RATES(self) -> dict[str, str | None]:
        return api_settings.DEFAULT_THROTTLE_RATES

    def allow_request(self, request, view) -> bool:
        scopes: dict[str, str] | None = getattr(view, "throttle_scopes", None)
        if scopes is not None:  # a viewset: the scope follows the action
            action = getattr(view, "action", None) or ""
            view.throttle_scope = scopes.get(f"{action}:{request.method}", scopes.get(action))
        return super().allow_request(request, view)
