"""A one-line progress bar on stderr, drawn only when stderr is a terminal (a log file
or a pipe gets no carriage-return noise)."""

from __future__ import annotations

from typing import TextIO

WIDTH = 30


class ProgressBar:
    def __init__(self, stream: TextIO, total: int, what: str) -> None:
        self.stream, self.total, self.what = stream, max(total, 1), what
        self.enabled = hasattr(stream, "isatty") and stream.isatty()

    def show(self, done: int, label: str = "") -> None:
        if not self.enabled:
            return
        filled = WIDTH * done // self.total
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} {self.what} {label[:40]:<40}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
