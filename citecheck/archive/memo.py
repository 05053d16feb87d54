"""Per-run memory of archive answers, and per-reference request counting."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar, cast

T = TypeVar("T")


@dataclass
class RequestTally:
    """Requests made for one reference (answers found in the run memo cost nothing)."""

    requests: int = 0

    def count(self) -> None:
        self.requests += 1


@dataclass
class RunMemo:
    """Computes each key once per run, even when several threads ask at the same time.

    The same URL is cited by many references of one document; its archive lookups
    are made once and shared.
    """

    values: dict[Hashable, object] = field(default_factory=dict)
    locks: dict[Hashable, threading.Lock] = field(default_factory=dict)
    guard: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self.guard:
            if key in self.values:
                return cast(T, self.values[key])
            lock = self.locks.setdefault(key, threading.Lock())
        with lock:
            with self.guard:
                if key in self.values:
                    return cast(T, self.values[key])
            value = compute()
            with self.guard:
                self.values[key] = value
                del self.locks[key]
            return value
