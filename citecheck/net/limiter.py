"""Per-host politeness: at most N requests in flight to a host, and a minimum
interval between the starts of two requests to it.

Every request the engine sends passes through :meth:`HostLimiter.slot`, so the
limits hold whatever the caller (link checks, soft-404 probes, archive
lookups) and however many worker threads there are.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from citecheck.net.errors import DeadlineExceeded

# Slots are handed out this much before the interval is up (at most half of it):
# the time from taking a slot to sending (starting the job, a connection) is then
# spent while the previous request's interval runs out, and paced_send, which
# spaces the sends themselves, holds the request until it may go.
_ADMIT_AHEAD = 0.010
# A send that reports when its bytes began to go (the engine's sockets do) is timed
# from that moment, plus this much for the calls left between it and the socket.
# (Timing from when the send was done - still the rule for a send that does not
# report - added the wait for the GIL after it to every interval: under load a host's
# requests went out 22-23 ms apart for a 20 ms interval. Timing from before the call
# let a thread held up inside it send two requests back to back.)
_SEND_MARGIN = 0.00025


# Hosts remembered before the first sweep for idle ones; a sweep is due again when
# the count has doubled (amortised O(1) per request, memory bounded by the hosts in
# use rather than by every host a dump-sized run ever touched).
_SWEEP_AT_LEAST = 4096


def _admission_gap(interval: float) -> float:
    return interval - min(_ADMIT_AHEAD, interval / 2)


@dataclass(slots=True)
class _HostState:
    limit: int
    interval: float
    active: int = 0
    next_start: float = 0.0
    configured: bool = False  # set by configure(): never forgotten

    def take(self, now: float) -> bool:
        """Take a slot if one is free at ``now`` (under the limiter's lock)."""
        if self.active < self.limit and now >= self.next_start:
            self.active += 1
            self.next_start = now + _admission_gap(self.interval)
            return True
        return False


class HostLimiter:
    def __init__(
        self,
        per_host: int,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
    ):
        if per_host < 1:
            raise ValueError("per-host concurrency must be at least 1")
        self._default_limit = per_host
        self._default_interval = max(0.0, interval)
        self._clock = clock
        self._cv = threading.Condition()
        self._hosts: dict[str, _HostState] = {}
        # The second gate (paced_send): when each host's last request went out.
        self._send_locks_guard = threading.Lock()
        self._send_locks: dict[str, threading.Lock] = {}
        self._last_send: dict[str, float] = {}
        self._sweep_at = _SWEEP_AT_LEAST
        # Told the host whenever one of its slots is given back (see on_release).
        self._release_listeners: list[Callable[[str], None]] = []

    def on_release(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """Call ``listener(host)`` each time a slot of ``host`` is given back, outside
        the limiter's lock; returns the function that stops it.

        The scheduler listens: a host whose slots were all busy may start its next
        request the moment a response is read, not when the thread that read it has
        also analysed the page (on a busy run that was tens of milliseconds per
        request, on the host that sets the length of the run)."""
        self._release_listeners = [*self._release_listeners, listener]

        def stop() -> None:
            self._release_listeners = [
                known for known in self._release_listeners if known is not listener
            ]

        return stop

    def listening(self) -> int:
        """How many listeners are told of released slots."""
        return len(self._release_listeners)

    def _released(self, host: str) -> None:
        for listener in self._release_listeners:  # a snapshot: the list is replaced, never changed
            listener(host)

    def configure(self, host: str, *, concurrency: int, interval: float) -> None:
        with self._cv:
            state = self._state(host)
            state.limit = max(1, concurrency)
            state.interval = max(0.0, interval)
            state.configured = True
            self._cv.notify_all()

    def hold(self, host: str, seconds: float) -> None:
        """Start nothing more for ``host`` for ``seconds`` (it asked us to slow down:
        429 or 503 with Retry-After). Requests already sent are not affected."""
        if seconds <= 0:
            return
        with self._cv:
            state = self._state(host)
            state.next_start = max(state.next_start, self._clock() + seconds)
            self._cv.notify_all()

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            state = _HostState(self._default_limit, self._default_interval)
            self._hosts[host] = state
        return state

    def try_acquire(self, host: str) -> bool:
        """Take a slot for ``host`` if one is free right now (used by the dispatcher)."""
        with self._cv:
            return self._state(host).take(self._clock())

    def wait_time(self, host: str) -> float | None:
        """Seconds until ``host`` may start a request, or None while all its slots are busy."""
        with self._cv:
            state = self._state(host)
            if state.active >= state.limit:
                return None
            return max(0.0, state.next_start - self._clock())

    def acquire(self, host: str, deadline: float | None = None) -> None:
        with self._cv:
            while True:
                state = self._state(host)  # again after each wait: a sweep may have run
                now = self._clock()
                if state.take(now):
                    return
                if deadline is not None and now >= deadline:
                    raise DeadlineExceeded(f"no request slot for {host} before the deadline")
                wait = None if state.active >= state.limit else state.next_start - now
                if deadline is not None:
                    remaining = deadline - now
                    wait = remaining if wait is None else min(wait, remaining)
                self._cv.wait(wait)

    def release(self, host: str) -> None:
        with self._cv:
            self._hosts[host].active -= 1
            if len(self._hosts) >= self._sweep_at:
                self._forget_idle_hosts()
            self._cv.notify_all()
        self._released(host)

    def _forget_idle_hosts(self) -> None:
        """Drop what is kept for hosts that could not be held back any more: nothing
        in flight, the next start and the interval since the last send both past.
        Forgetting such a host changes no decision. Under the lock."""
        now = self._clock()
        for host, state in list(self._hosts.items()):
            if state.active or state.configured or state.next_start > now:
                continue
            last_send = self._last_send.get(host)
            if last_send is not None and now - last_send < state.interval:
                continue
            # Nothing is in flight, so no thread is inside paced_send for this host.
            del self._hosts[host]
            self._last_send.pop(host, None)
            self._send_locks.pop(host, None)
        self._sweep_at = max(_SWEEP_AT_LEAST, 2 * len(self._hosts))

    def hosts_remembered(self) -> int:
        """How many hosts the limiter keeps state for (bounded by the hosts in use)."""
        with self._cv:
            return len(self._hosts)

    def paced_send(self, host: str, send: Callable[[], object]) -> None:
        """Run ``send`` (a request's first bytes) at least the host's interval after the
        previous request to it went out. ``send`` may return the ``time.monotonic()``
        at which its bytes began to go (the engine's sockets know it).

        Slots are spaced when they are taken, but the time from taking a slot to
        sending (a new connection, a TLS handshake, a busy interpreter) varies: a
        request held up by 50 ms and the next one sent at once reached the server
        only a few ms apart. So the send itself is spaced: one send per host at a
        time, each at least the interval after the previous one *started* (what the
        server sees as the start of a request), not after it was meant to go.
        """
        state = self._hosts.get(host)
        interval = state.interval if state is not None else self._default_interval
        if interval <= 0:
            send()
            return
        lock = self._send_locks.get(host)
        if lock is None:  # the guard only for a host's first send, not on every request
            with self._send_locks_guard:
                lock = self._send_locks.setdefault(host, threading.Lock())
        # The thread whose turn it is sleeps out the interval holding the host's send
        # lock; the others wait on the lock, asleep. (Each sleeping apart and trying
        # again woke every waiting thread at every send: ~10 wake-ups per request on
        # a busy host, all of them competing for the interpreter.)
        with lock:
            last_send = self._last_send.get(host)
            if last_send is not None:
                # (No "now - interval + interval" for a first send: rounding can put
                # that a hair past now.)
                while (wait := last_send + interval - self._clock()) > 0:
                    time.sleep(wait)
            started = None
            try:
                started = send()
            finally:
                # From when the bytes began to go, if ``send`` says; else from when it
                # returned (the bytes went some time before: the safe side).
                if isinstance(started, float):
                    self._last_send[host] = started + _SEND_MARGIN
                else:
                    self._last_send[host] = self._clock()

    @contextmanager
    def slot(self, host: str, deadline: float | None = None) -> Iterator[None]:
        self.acquire(host, deadline)
        try:
            yield
        finally:
            self.release(host)


def host_key(url: str) -> str:
    """The host whose limits ``url`` is under by default (lower case, no final dot)."""
    return (urlsplit(url).hostname or "").lower().rstrip(".")


class EndpointLimits:
    """Which limiter key a URL is under: its host's, or that of an endpoint of the host
    (a path prefix) given a limit of its own, like the Internet Archive's CDX index,
    which is rate-limited apart from its pages. Set up before fetching starts."""

    def __init__(self) -> None:
        self._prefixes: dict[str, list[str]] = {}  # host -> path prefixes, longest first

    def add(self, host: str, path_prefix: str) -> str:
        """Give ``host``'s URLs under ``path_prefix`` their own key, and return it."""
        name = host.lower().rstrip(".")
        prefixes = self._prefixes.setdefault(name, [])
        if path_prefix not in prefixes:
            prefixes.append(path_prefix)
            prefixes.sort(key=len, reverse=True)  # the most specific prefix wins
        return name + path_prefix

    def key_for(self, url: str) -> str:
        """Whose politeness limit ``url`` is under."""
        host = host_key(url)
        prefixes = self._prefixes.get(host)
        if prefixes:
            path = urlsplit(url).path
            for prefix in prefixes:
                if path.startswith(prefix):
                    return host + prefix
        return host
