"""What the floor-plan use cases refuse, said without HTTP.

Services, revisions and uploads raise these; they carry a stable ``code`` (clients
branch on it), a message a user can act on and the input ``field`` at fault. Which HTTP
status each kind answers with is the API's business (``config/api_errors.py``); the
admin and the management commands show the message.
"""

from __future__ import annotations


class ApplicationError(Exception):
    """A request the domain refuses."""

    def __init__(self, detail: str, *, code: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code
        self.field = field


class InvalidInput(ApplicationError):
    """The input itself is wrong (a scale that is no scale, a page the PDF lacks)."""


class Conflict(ApplicationError):
    """The input is fine but the thing it names is not in a state that allows it."""


class TooLarge(ApplicationError):
    """The input is over a size limit."""


class Unavailable(ApplicationError):
    """A dependency (file storage) failed; the same request may work later."""
