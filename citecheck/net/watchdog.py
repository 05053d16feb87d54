"""Enforces each fetch's total deadline on sockets that would otherwise block.

A socket timeout bounds one read, not a whole response: a server that drips
one header byte per second never trips it. The watchdog shuts down the
sockets of a fetch whose deadline has passed, which makes the blocked read
fail at once.
"""

from __future__ import annotations

import contextlib
import math
import socket
import threading
import time
from dataclasses import dataclass, field

_IDLE_EXIT = 1.0


@dataclass
class _Watch:
    deadline: float
    sockets: list[socket.socket] = field(default_factory=list)


class Watchdog:
    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Condition()
        self._by_id: dict[int, _Watch] = {}
        self._thread: threading.Thread | None = None
        self._closed = False
        self._wake_at = math.inf  # when the watchdog thread next looks at the deadlines

    def arm(self, deadline: float) -> None:
        """Start watching the current thread's fetch until :meth:`disarm`."""
        watch = _Watch(deadline)
        self._local.watch = watch
        with self._lock:
            self._by_id[id(watch)] = watch
            self._ensure_thread()
            # Deadlines mostly arrive in increasing order: wake the watchdog only when
            # this one is due before the time it already sleeps until.
            if deadline < self._wake_at:
                self._lock.notify_all()

    def disarm(self) -> None:
        watch: _Watch | None = getattr(self._local, "watch", None)
        self._local.watch = None
        if watch is not None:
            with self._lock:
                self._by_id.pop(id(watch), None)

    def watch(self, sock: socket.socket) -> None:
        """Put ``sock`` under the current thread's deadline, if one is armed."""
        watch: _Watch | None = getattr(self._local, "watch", None)
        if watch is not None:
            with self._lock:
                if sock not in watch.sockets:
                    watch.sockets.append(sock)

    def cancel_all(self) -> None:
        """Interrupt every watched fetch now (Ctrl-C, SIGTERM)."""
        with self._lock:
            for watch in self._by_id.values():
                watch.deadline = 0.0
            self._lock.notify_all()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._closed = False
            self._thread = threading.Thread(
                target=self._run, name="citecheck-watchdog", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        with self._lock:
            while not self._closed:
                now = time.monotonic()
                expired = [w for w in self._by_id.values() if w.deadline <= now]
                for watch in expired:
                    self._by_id.pop(id(watch), None)
                    for sock in watch.sockets:
                        # Already closed means nothing is left to interrupt.
                        with contextlib.suppress(OSError):
                            sock.shutdown(socket.SHUT_RDWR)
                pending = [w.deadline for w in self._by_id.values()]
                if not pending:
                    self._wake_at = math.inf
                    # Idle: end the thread (the next arm() starts a new one), so a
                    # client that is never closed leaves no thread behind.
                    if not self._lock.wait(_IDLE_EXIT) and not self._by_id:
                        self._thread = None
                        return
                    continue
                self._wake_at = min(pending)
                self._lock.wait(self._wake_at - now)
