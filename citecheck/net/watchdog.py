"""Enforces each fetch's total deadline on sockets that would otherwise block.

A socket timeout bounds one read, not a whole response: a server that drips
one header byte per second never trips it. The watchdog shuts down the
sockets of a fetch whose deadline has passed, which makes the blocked read
fail at once.

Every fetch arms and disarms a watch, from a hundred threads at once, so those
calls must not wait for the watchdog thread. They take a plain lock only for a
heap push or a dict update, and the watchdog thread never holds that lock
while it sleeps or shuts sockets down. (An earlier version shared one
Condition with the thread: whenever the thread woke and then waited for the
GIL while holding it, every worker queued behind it, which added ~10 ms to
each arm, watch and disarm on a busy run.)
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import math
import socket
import threading
import time
from dataclasses import dataclass, field

_IDLE_EXIT = 1.0
# Deadlines are enforced to within this much: the thread wakes at most this often
# to drop the entries of fetches that ended in time (most of them).
_RESOLUTION = 0.05


@dataclass(eq=False)
class _Watch:
    deadline: float
    sockets: list[socket.socket] = field(default_factory=list)
    done: bool = False


class Watchdog:
    def __init__(self) -> None:
        # Each thread's current watch, by thread id. Not a threading.local: CPython 3.11
        # frees a collected threading.local under the interpreter's thread-list lock,
        # which sys._current_frames() (Dask's worker profiler, every 10 ms) holds while
        # it allocates; a collection there deadlocks the process with the GIL held
        # (seen: a Dask worker hung, every response unread in its sockets).
        self._watches: dict[int, _Watch] = {}
        self._lock = threading.Lock()
        self._wakeup = threading.Event()
        self._heap: list[tuple[float, int, _Watch]] = []  # by deadline; done ones lazily
        self._armed: dict[int, _Watch] = {}
        self._order = itertools.count()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._cancelled = False
        self._wake_at = math.inf  # when the watchdog thread next looks at the deadlines

    def arm(self, deadline: float) -> None:
        """Start watching the current thread's fetch until :meth:`disarm`."""
        watch = _Watch(deadline)
        self._watches[threading.get_ident()] = watch
        with self._lock:
            self._armed[id(watch)] = watch
            heapq.heappush(self._heap, (deadline, next(self._order), watch))
            self._ensure_thread()
            # Deadlines mostly arrive in increasing order: wake the thread only when
            # this one is due before the time it already sleeps until.
            wake = deadline < self._wake_at
        if wake:
            self._wakeup.set()

    def disarm(self) -> None:
        watch = self._watches.pop(threading.get_ident(), None)
        if watch is not None:
            watch.done = True  # its heap entry is dropped when the thread reaches it
            with self._lock:
                self._armed.pop(id(watch), None)

    def watch(self, sock: socket.socket) -> None:
        """Put ``sock`` under the current thread's deadline, if one is armed."""
        watch = self._watches.get(threading.get_ident())
        # Only this thread adds to its own watch: no lock needed.
        if watch is not None and sock not in watch.sockets:
            watch.sockets.append(sock)

    def cancel_all(self) -> None:
        """Interrupt every watched fetch now (Ctrl-C, SIGTERM)."""
        with self._lock:
            self._cancelled = True
        self._wakeup.set()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._wakeup.set()

    def _ensure_thread(self) -> None:
        """Under self._lock."""
        if self._thread is None or not self._thread.is_alive():
            self._closed = False
            self._thread = threading.Thread(
                target=self._run, name="citecheck-watchdog", daemon=True
            )
            self._thread.start()

    def _cut_due(self, now: float) -> bool:
        """Shut the sockets of every fetch past its deadline; False when the thread should end.

        The sockets are shut under the lock, so a fetch that disarmed first (and may
        have put its connection back in the pool) is never cut.
        """
        with self._lock:
            if self._closed:
                return False
            if self._cancelled:
                self._cancelled = False
                due = list(self._armed.values())
            else:
                due = []
            heap = self._heap
            while heap and (heap[0][0] <= now or heap[0][2].done):
                watch = heapq.heappop(heap)[2]
                if not watch.done:
                    due.append(watch)
            for watch in due:
                watch.done = True
                self._armed.pop(id(watch), None)
                for sock in watch.sockets:
                    # Already closed means nothing is left to interrupt.
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
            if heap:
                self._wake_at = max(heap[0][0], now + _RESOLUTION)
            else:
                self._wake_at = math.inf
            return True

    def _run(self) -> None:
        while True:
            if not self._cut_due(time.monotonic()):
                return
            wake_at = self._wake_at
            if wake_at == math.inf:
                # Idle: end the thread (the next arm() starts a new one), so a client
                # that is never closed leaves no thread behind.
                woken = self._wakeup.wait(_IDLE_EXIT)
                self._wakeup.clear()
                if not woken:
                    with self._lock:
                        if not self._heap:
                            self._thread = None
                            return
                continue
            self._wakeup.wait(max(0.0, wake_at - time.monotonic()))
            self._wakeup.clear()
