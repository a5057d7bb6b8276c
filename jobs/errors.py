"""Exceptions a job handler raises to tell the job layer what kind of failure it hit."""


class PermanentJobError(Exception):
    """Bad input or a state no retry can fix: the job fails at once with this message.

    ``code`` is a stable machine-readable reason (``not_a_pdf``, ``invalid_option`` ...).
    """

    def __init__(self, message: str, code: str = "job_failed") -> None:
        super().__init__(message)
        self.code = code


class TransientJobError(Exception):
    """A passing fault (storage hiccup, dependency down): retried with backoff."""


class JobInterrupted(Exception):
    """The running attempt no longer owns the job (canceled, or taken back as lost)."""
