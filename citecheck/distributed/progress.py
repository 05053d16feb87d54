"""Progress of a distributed run: references done, rate and estimated time left."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    elapsed: float  # seconds since the run started
    chunks_done: int
    chunks_total: int

    @property
    def rate(self) -> float:
        """References per second so far (0 before the first result)."""
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the current rate; None until there is a rate."""
        if self.done >= self.total:
            return 0.0
        return (self.total - self.done) / self.rate if self.rate > 0 else None

    def describe(self) -> str:
        eta = "?" if self.eta is None else f"{self.eta:.0f}s"
        return (
            f"{self.done}/{self.total} references ({self.chunks_done}/{self.chunks_total} "
            f"chunks), {self.rate:.1f}/s, ETA {eta}"
        )


ProgressCallback = Callable[[Progress], None]


class ProgressMeter:
    def __init__(self, total: int, chunks: int, callback: ProgressCallback | None,
                 clock: Callable[[], float] = time.monotonic):
        self._total = total
        self._chunks = chunks
        self._callback = callback
        self._clock = clock
        self._start = clock()
        self.done = 0
        self.chunks_done = 0

    def chunk_finished(self, references: int, *, chunks: int = 1) -> Progress:
        """``references`` more delivered, ``chunks`` more back from the cluster."""
        self.done += references
        self.chunks_done += chunks
        progress = Progress(self.done, self._total, self._clock() - self._start,
                            self.chunks_done, self._chunks)
        if self._callback is not None:
            self._callback(progress)
        return progress
