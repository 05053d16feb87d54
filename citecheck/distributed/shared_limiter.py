"""Politeness limits that hold across the worker processes of a local run.

Sites are split between worker processes by registered domain, so each site's
limits live in one process. The archive is the exception: every process looks
references up in the same archive. Its limits (the ones ``HttpClient.configure_host``
and ``configure_endpoint`` set: the archive host, its CDX index, Save Page Now) are
kept in shared memory instead, so all processes together stay within one archive's
budget - never N times it - and a ``Retry-After`` the archive sends one process
holds back them all.

The shared table has a few named slots (``SharedLimits``), created by the parent
before the workers start and handed to each one; every host that is configured
takes a slot by name, the first process to configure it claims it. Waiting for a
shared slot polls (a process cannot wait on another's condition variable): the
archive's intervals are hundreds of milliseconds, the poll a few.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from multiprocessing.context import BaseContext
from typing import Any

from citecheck.net.errors import DeadlineExceeded
from citecheck.net.limiter import HostLimiter

# Configured hosts one run can share: the archive host, its two endpoints, TimeMap
# services. A host configured beyond this keeps its limits per process (and says so).
DEFAULT_SLOTS = 16
_NAME_BYTES = 256
# Per slot: concurrency limit, interval, requests in flight, next start, last send.
_FIELDS = 5
_LIMIT, _INTERVAL, _ACTIVE, _NEXT_START, _LAST_SEND = range(_FIELDS)
# How often a process waiting for a shared slot looks again, at most.
_POLL = 0.005
# A shared send is timed from when its bytes began to go, plus this (as HostLimiter does).
_SEND_MARGIN = 0.00025


class SharedLimits:
    """The shared table, made in the parent and passed to each worker process.

    Its parts are multiprocessing objects, so they can only travel as arguments of
    a starting process (``Process(args=...)``), which is how the pool hands them on.
    """

    def __init__(self, context: BaseContext, slots: int = DEFAULT_SLOTS):
        self.slots = slots
        self.lock = context.Lock()
        self.names: Any = context.RawArray("c", slots * _NAME_BYTES)
        self.values: Any = context.RawArray("d", slots * _FIELDS)
        # One per slot: a send to a shared host holds it, as HostLimiter's per-host lock.
        self.send_locks = [context.Lock() for _ in range(slots)]

    def claim(self, name: str) -> int | None:
        """The slot of ``name``, taken now if no process took it yet; None when full."""
        encoded = name.encode("utf-8")[:_NAME_BYTES]
        with self.lock:
            for slot in range(self.slots):
                start = slot * _NAME_BYTES
                stored = bytes(self.names[start:start + _NAME_BYTES]).rstrip(b"\0")
                if stored == encoded:
                    return slot
                if not stored:
                    self.names[start:start + len(encoded)] = encoded
                    return slot
        return None

    def get(self, slot: int, field: int) -> float:
        return float(self.values[slot * _FIELDS + field])

    def set(self, slot: int, field: int, value: float) -> None:
        self.values[slot * _FIELDS + field] = value


class SharedLimiter(HostLimiter):
    """A HostLimiter whose configured hosts are limited across processes.

    Every other host is limited in this process, as by HostLimiter (each site lives in
    one worker process). Times are ``time.monotonic()``, one clock for every process
    of the machine (CLOCK_MONOTONIC on Linux).
    """

    def __init__(
        self,
        per_host: int,
        interval: float,
        shared: SharedLimits,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(per_host, interval, clock)
        self._table = shared
        self._slot_of: dict[str, int] = {}
        self._now = clock

    def configure(self, host: str, *, concurrency: int, interval: float) -> None:
        slot = self._table.claim(host)
        if slot is None:
            super().configure(host, concurrency=concurrency, interval=interval)
            return
        with self._table.lock:
            # Every process configures the same archive the same way; the last word
            # stands (there is no other).
            self._table.set(slot, _LIMIT, max(1, concurrency))
            self._table.set(slot, _INTERVAL, max(0.0, interval))
        self._slot_of[host] = slot

    def is_shared(self, host: str) -> bool:
        return host in self._slot_of

    def _take(self, slot: int, now: float) -> bool:
        """Take the slot's place if one is free at ``now`` (under the table's lock)."""
        table = self._table
        if table.get(slot, _ACTIVE) < table.get(slot, _LIMIT) and now >= table.get(
            slot, _NEXT_START
        ):
            table.set(slot, _ACTIVE, table.get(slot, _ACTIVE) + 1)
            interval = table.get(slot, _INTERVAL)
            # Admitted a little early, as HostLimiter does: paced_send spaces the sends.
            table.set(slot, _NEXT_START, now + interval - min(0.010, interval / 2))
            return True
        return False

    def _wait(self, slot: int, now: float) -> float | None:
        table = self._table
        if table.get(slot, _ACTIVE) >= table.get(slot, _LIMIT):
            return None
        return max(0.0, table.get(slot, _NEXT_START) - now)

    def try_acquire(self, host: str) -> bool:
        slot = self._slot_of.get(host)
        if slot is None:
            return super().try_acquire(host)
        with self._table.lock:
            return self._take(slot, self._now())

    def wait_time(self, host: str) -> float | None:
        slot = self._slot_of.get(host)
        if slot is None:
            return super().wait_time(host)
        with self._table.lock:
            return self._wait(slot, self._now())

    def acquire(self, host: str, deadline: float | None = None) -> None:
        slot = self._slot_of.get(host)
        if slot is None:
            super().acquire(host, deadline)
            return
        while True:
            with self._table.lock:
                now = self._now()
                if self._take(slot, now):
                    return
                wait = self._wait(slot, now)
            if deadline is not None and now >= deadline:
                raise DeadlineExceeded(f"no request slot for {host} before the deadline")
            pause = _POLL if wait is None else min(max(wait, 0.0005), _POLL * 20)
            if deadline is not None:
                pause = min(pause, max(0.0, deadline - now))
            time.sleep(pause)

    def release(self, host: str) -> None:
        slot = self._slot_of.get(host)
        if slot is None:
            super().release(host)
            return
        with self._table.lock:
            self._table.set(slot, _ACTIVE, max(0.0, self._table.get(slot, _ACTIVE) - 1))
        self._released(host)

    def hold(self, host: str, seconds: float) -> None:
        slot = self._slot_of.get(host)
        if slot is None:
            super().hold(host, seconds)
            return
        if seconds <= 0:
            return
        with self._table.lock:
            until = self._now() + seconds
            self._table.set(slot, _NEXT_START, max(self._table.get(slot, _NEXT_START), until))

    def paced_send(self, host: str, send: Callable[[], object]) -> None:
        slot = self._slot_of.get(host)
        if slot is None:
            super().paced_send(host, send)
            return
        table = self._table
        with table.lock:
            interval = table.get(slot, _INTERVAL)
        if interval <= 0:
            send()
            return
        while True:
            with table.send_locks[slot]:
                now = self._now()
                with table.lock:
                    last_send = table.get(slot, _LAST_SEND)
                earliest = now if last_send == 0.0 else last_send + interval
                if now >= earliest:
                    started = None
                    try:
                        started = send()
                    finally:
                        sent = started + _SEND_MARGIN if isinstance(started, float) \
                            else self._now()
                        with table.lock:
                            table.set(slot, _LAST_SEND, sent)
                    return
            time.sleep(earliest - now)
