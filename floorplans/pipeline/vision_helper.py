"""The seam for an optional vision model (implemented outside the pure pipeline)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class VisionHints:
    scale_text: str | None = None
    room_labels: list = field(default_factory=list)


class VisionHelper(Protocol):
    def suggest(self, pdf_bytes: bytes, page: int) -> VisionHints: ...
