"""Resource limits that protect workers from hostile or enormous drawings."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .errors import TooComplex


@dataclass(frozen=True)
class Limits:
    max_objects: int = 200_000
    max_seconds: float = 60.0


class Budget:
    """Counts drawing objects and elapsed time against ``Limits``; raises ``TooComplex``."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.objects = 0
        self._deadline = time.monotonic() + limits.max_seconds

    def count(self, n: int = 1) -> None:
        self.objects += n
        if self.objects > self.limits.max_objects:
            raise TooComplex(
                f"The page has more than {self.limits.max_objects:,} drawing objects; "
                "please upload a single, simplified floor-plan sheet."
            )
        # Checking the clock on every object would cost more than the work it guards.
        if self.objects & 0x3FF == 0:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise TooComplex(
                f"Reading the page took longer than {self.limits.max_seconds:g} seconds; "
                "please upload a single, simplified floor-plan sheet."
            )
