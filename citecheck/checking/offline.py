"""Offline detection: a result is never ``dead`` because citecheck itself is offline.

Judged by evidence (DESIGN.md, Network behaviour): once any server has answered, the
network works. Until then, failures that an offline machine would also see (DNS,
connect) are held back instead of judged. When the link checks are done, the held
failures are released; the run is offline only when nothing answered and the canary
hosts do not answer either.

A state machine without I/O of its own: the canary check is the caller's, asked for only
when the answer depends on it. Worker threads report to it, so it keeps its own lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import Enum
from typing import Generic, TypeVar

from citecheck.models import ErrorKind

T = TypeVar("T")


class Network(Enum):
    UNKNOWN = "unknown"  # no server has answered yet
    ONLINE = "online"  # some server answered
    OFFLINE = "offline"  # nothing answered, nor did the canaries


class OfflineDetector(Generic[T]):
    """Holds back the network-level failures of a run until it is known to be online."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = Network.UNKNOWN
        self._held: list[T] = []

    @property
    def state(self) -> Network:
        return self._state

    @property
    def offline(self) -> bool:
        return self._state is Network.OFFLINE

    def answered(self) -> None:
        """Some server sent an HTTP response: the network works."""
        with self._lock:
            if self._state is Network.UNKNOWN:
                self._state = Network.ONLINE

    def hold(self, error_kind: ErrorKind | None, item: T) -> bool:
        """Hold ``item`` back when its failure is network-level and no server has
        answered yet; whether it was held (else it can be judged now)."""
        if error_kind is None or not error_kind.is_network_level():
            return False
        with self._lock:
            if self._state is not Network.UNKNOWN:
                return False
            self._held.append(item)
            return True

    def release(self, canaries_answer: Callable[[], bool]) -> list[T]:
        """The held items, to be judged now. When some were held and no server has
        answered, ``canaries_answer`` decides: if they do not answer either, the run is
        offline (see :attr:`offline`)."""
        with self._lock:
            held, self._held = self._held, []
            undecided = bool(held) and self._state is Network.UNKNOWN
        if undecided and not canaries_answer():
            with self._lock:
                if self._state is Network.UNKNOWN:
                    self._state = Network.OFFLINE
        return held
