"""Peak resident memory of this process while a block runs (sampled, not the lifetime peak
``ru_maxrss`` gives, so a test can measure one request after others ran)."""

import threading
import time

import psutil

MB = 1024 * 1024


class PeakRss:
    """``with PeakRss() as peak: ...`` then ``peak.growth_mb`` and ``peak.seconds``."""

    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self._process = psutil.Process()
        self._stop = threading.Event()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._process.memory_info().rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self.start = self.peak = self._process.memory_info().rss
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.monotonic() - self._started
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._process.memory_info().rss)

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.start) / MB
