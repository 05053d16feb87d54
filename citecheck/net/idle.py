"""The idle connections of one urllib3 connection pool, kept cheaply.

urllib3 keeps a pool's idle connections in a ``queue.LifoQueue`` that it fills
with ``maxsize`` ``None`` placeholders ("may open a new connection"), and it
drains the queue item by item when the pool is closed. With a pool per host of
``--per-host`` slots (128 in a busy run) and a pool per host of a run over
thousands of hosts, that was ~250 queue operations per host, each taking
``threading.Condition``s (a 10,000-reference run over 1,000 hosts: 127,000 puts
and 128,000 gets). Here the placeholders are a count, the connections a list, and
one plain lock guards both.

It behaves as urllib3 needs its queue to (``get``, ``put``, ``qsize``, raising
``queue.Empty`` and ``queue.Full``), with one deliberate difference: ``get``
hands out an idle connection before a placeholder, whatever the order they were
put in, so a connection is reused rather than a new one opened.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any


class IdleConnections:
    """A LIFO of idle connections plus a count of free slots (urllib3's ``QueueCls``)."""

    def __init__(self, maxsize: int = 0) -> None:
        self.maxsize = maxsize
        self._connections: list[Any] = []
        self._free_slots = 0
        self._lock = threading.Lock()
        # Only a blocking pool (urllib3's ``block=True``) ever waits for an item; the
        # condition is used then only, so the common path takes one plain lock.
        self._item_put = threading.Condition(self._lock)
        self._waiting = 0

    def qsize(self) -> int:
        return self._free_slots + len(self._connections)

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        """Add an idle connection, or a free slot (``None``). A full queue raises
        ``queue.Full`` at once: urllib3 never puts more than it took out, and puts
        back with ``block=False``."""
        with self._lock:
            if 0 < self.maxsize <= self._free_slots + len(self._connections):
                raise queue.Full
            if item is None:
                self._free_slots += 1
            else:
                self._connections.append(item)
            if self._waiting:
                self._item_put.notify()

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        """The most recently returned idle connection, else a free slot (``None``)."""
        with self._lock:
            if not (self._connections or self._free_slots):
                if not block:
                    raise queue.Empty
                self._wait_for_item(timeout)
            if self._connections:
                return self._connections.pop()
            self._free_slots -= 1
            return None

    def _wait_for_item(self, timeout: float | None) -> None:
        """Under the lock: wait until something is put, or raise ``queue.Empty``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        self._waiting += 1
        try:
            while not (self._connections or self._free_slots):
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise queue.Empty
                self._item_put.wait(remaining)
        finally:
            self._waiting -= 1

    def connections(self) -> list[Any]:
        """The idle connections now (a copy; most recently returned last)."""
        with self._lock:
            return list(self._connections)

    def clear(self) -> list[Any]:
        """Empty the queue in one step and return the idle connections it held (what
        a ``get`` per item until ``queue.Empty`` would do: free slots included)."""
        with self._lock:
            taken, self._connections = self._connections, []
            self._free_slots = 0
            return taken
