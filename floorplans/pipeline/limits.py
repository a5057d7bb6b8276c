"""Resource limits that protect workers from hostile or enormous drawings.

``Limits`` are checked inside the parse (this module, ``reader`` and ``stream_limits``);
the sandbox adds the limits a process can only get from the kernel (memory, CPU, a
wall-clock kill) around it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from . import stream_limits
from .errors import TooComplex
from .stream_limits import MIB

# Reading the clock costs more than counting; every this many counted things is enough
# to stop within a fraction of a second of the deadline.
CLOCK_EVERY = 1024

SIMPLIFY = "please upload a single, simplified floor-plan sheet."


@dataclass(frozen=True)
class Limits:
    max_objects: int = 200_000  # painted paths, unpainted paths and glyphs
    max_seconds: float = 60.0
    max_operators: int = 10_000_000  # every content-stream token, in every form
    max_q_depth: int = 1_000  # unclosed graphics-state saves (each copies the state)
    max_form_depth: int = 24  # form XObjects drawn inside form XObjects
    max_stream_bytes: int = 256 * MIB  # one decoded stream
    max_decoded_bytes: int = 1024 * MIB  # all decoded streams of the document


_active: ContextVar[Budget | None] = ContextVar("pipeline_budget", default=None)


class Budget:
    """Counts drawing objects, content-stream tokens and elapsed time against ``Limits``
    and raises ``TooComplex``. Creating one starts the stream-decoding caps of a new
    document, so a budget covers everything decoded for its parse."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.objects = 0
        self.operators = 0
        self._next_clock = CLOCK_EVERY
        # CPU time, not the wall clock: the same drawing gets the same verdict on an idle
        # and on a loaded machine; the sandbox's wall-clock kill bounds the waiting.
        self._deadline = time.process_time() + limits.max_seconds
        stream_limits.start_document(limits.max_stream_bytes, limits.max_decoded_bytes)

    @staticmethod
    def current() -> Budget | None:
        """The budget of the parse running in this thread (see ``active``)."""
        return _active.get()

    @contextmanager
    def active(self) -> Iterator[Budget]:
        """Make this the budget that pdfminer's content parser counts against."""
        token = _active.set(self)
        try:
            yield self
        finally:
            _active.reset(token)

    def count(self, n: int = 1) -> None:
        self.objects += n
        if self.objects > self.limits.max_objects:
            raise TooComplex(
                f"The page has more than {self.limits.max_objects:,} drawing objects; " + SIMPLIFY
            )
        self._tick(self.objects + self.operators)

    def count_operators(self, n: int) -> None:
        self.operators += n
        if self.operators > self.limits.max_operators:
            raise TooComplex(
                f"The page has more than {self.limits.max_operators:,} drawing operations "
                "(counting repeated forms every time they are drawn); " + SIMPLIFY
            )
        self._tick(self.objects + self.operators)

    def check_depth(self, what: str, depth: int, limit: int) -> None:
        if depth > limit:
            raise TooComplex(f"The page nests {what} more than {limit:,} deep; " + SIMPLIFY)

    def _tick(self, counted: int) -> None:
        # A batch may jump past a multiple of CLOCK_EVERY, so compare, never test modulo.
        if counted >= self._next_clock:
            self._next_clock = counted + CLOCK_EVERY
            self.check_time()

    def check_time(self) -> None:
        if time.process_time() > self._deadline:
            raise TooComplex(
                f"Reading the page took longer than {self.limits.max_seconds:g} seconds; "
                + SIMPLIFY
            )
