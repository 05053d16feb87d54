"""Host-aware dispatch: hand a job to a worker only when its host may start a request.

Threads that block on a busy host's slot would sit idle while other hosts
wait; instead workers take the next job from the busiest host that has a free
slot right now, so the hosts holding most links are kept as busy as
politeness allows from the first second, and everything else fills the gaps.

Cost matters here: with a hundred workers and thousands of hosts, waking
every worker on every event and scanning every host made the dispatcher the
largest CPU cost of a run. So each host with work sits in exactly one place —
``ready`` (may start now, a heap by rank: busiest first), ``timers`` (waiting
for its interval, a heap by time) or parked (all its slots busy: it comes back
when one of its jobs ends) — and one event wakes one worker. A single waiting
worker (the timekeeper) sleeps until the earliest timer; the others sleep
until they are notified.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

from citecheck.net.limiter import HostLimiter

# A job runs with the name of the host whose slot was taken for it.
Job = Callable[[str], None]
# Safety net for slots taken outside the scheduler (a soft-404 probe, an archive
# lookup): a parked host is looked at again after this long even if none of the
# scheduler's own jobs for it ended.
_MAX_IDLE_WAIT = 0.25


class HostScheduler:
    def __init__(
        self,
        limiter: HostLimiter,
        workers: int,
        on_host_done: Callable[[str], None] | None = None,
    ):
        """``on_host_done(host)`` runs once the last job of a host has ended (the client
        closes that host's idle connections: a run over thousands of hosts would
        otherwise keep every one open, or churn through a bounded pool of them)."""
        self._limiter = limiter
        self._workers = max(1, workers)
        self._on_host_done = on_host_done
        self._running: dict[str, int] = {}  # jobs started and not yet ended, per host
        lock = threading.RLock()
        self._cv = threading.Condition(lock)
        # The timekeeper alone waits on this one (the same lock): a timer due before it
        # wakes wakes the timekeeper, not every idle worker. (One Condition for all woke
        # the whole idle pool at almost every request of a run bound by host intervals:
        # ~1.3 M futex calls for 10,000 references.)
        self._keeper_cv = threading.Condition(lock)
        self._queues: dict[str, deque[Job]] = {}
        self._rank: dict[str, int] = {}
        # Heap entries carry the host's token at the time they were pushed; an
        # entry whose token is no longer current is stale and skipped.
        self._ready: list[tuple[int, str, int]] = []
        self._timers: list[tuple[float, int, str, int]] = []
        self._token: dict[str, int] = {}
        self._live: set[str] = set()  # hosts with a current entry in _ready or _timers
        self._parked: set[str] = set()  # of those, the ones whose slots were all busy
        self._errors: list[BaseException] = []
        self._stopping = False
        self._threads: list[threading.Thread] = []
        self._pending = 0
        self._idle = 0
        self._timekeeper_until: float | None = None
        self._stop_listening: Callable[[], None] | None = None

    def run(self, jobs: Iterable[tuple[str, Job]]) -> None:
        """Run every job; returns when all are done. A job's exception is re-raised here."""
        self.start(jobs)
        self.join()

    def start(self, jobs: Iterable[tuple[str, Job]]) -> None:
        for host, job in jobs:
            self._queues.setdefault(host, deque()).append(job)
        self._pending = sum(len(q) for q in self._queues.values())
        # Busiest hosts first: they set the length of the run.
        order = sorted(self._queues, key=lambda h: len(self._queues[h]), reverse=True)
        self._rank = {host: rank for rank, host in enumerate(order)}
        with self._cv:
            now = time.monotonic()
            for host in order:
                self._place(host, now)
        # A parked host may start again as soon as one of its responses is read.
        self._stop_listening = self._limiter.on_release(self._slot_released)
        count = min(self._workers, self._pending)
        threads = [
            threading.Thread(target=self._work, name=f"citecheck-worker-{i}", daemon=True)
            for i in range(count)
        ]
        self._threads = threads
        for thread in threads:
            thread.start()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the workers; True when all finished. Re-raises a job's exception."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in self._threads:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            thread.join(remaining)
        finished = not any(thread.is_alive() for thread in self._threads)
        if finished and self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        if self._errors:
            raise self._errors[0]
        return finished

    def stop(self) -> None:
        """Let running jobs finish but start no new ones."""
        with self._cv:
            self._stopping = True
            self._wake_all()

    def _slot_released(self, host: str) -> None:
        """A slot of ``host`` was given back (whoever held it): if the host waits for
        one, it may be ready now; wake a worker for it."""
        if host not in self._parked:  # read without the lock: only a hint, checked below
            return
        with self._cv:
            if host not in self._parked or self._stopping:
                return
            self._place(host, time.monotonic(), again=True)
            if self._ready and self._idle:
                self._wake_one()

    # -- under self._cv ----------------------------------------------------------------

    def _wake_all(self) -> None:
        self._cv.notify_all()
        self._keeper_cv.notify_all()

    def _wake_one(self) -> None:
        """Wake an idle worker for work that may start now: one waiting plainly, or the
        timekeeper when it is the only one idle (it takes the work; the next worker to
        wait keeps the timers)."""
        keeper_waiting = self._timekeeper_until is not None
        if self._idle > keeper_waiting:
            self._cv.notify()
        elif keeper_waiting:
            self._keeper_cv.notify()

    def _place(self, host: str, now: float, *, again: bool = False) -> None:
        """Put a host that has jobs where it belongs: ready, on a timer, or parked.

        ``again`` re-places a host that already has an entry (its state changed).
        """
        if not self._queues[host]:
            self._live.discard(host)
            self._parked.discard(host)
            return
        if host in self._live and not again:
            return
        token = self._token[host] = self._token.get(host, 0) + 1
        self._live.add(host)
        self._parked.discard(host)
        rank = self._rank[host]
        wait = self._limiter.wait_time(host)
        if wait is None:
            # All slots busy: its own jobs bring it back when they end; the timer
            # covers slots held by requests the scheduler did not start.
            self._parked.add(host)
            heapq.heappush(self._timers, (now + _MAX_IDLE_WAIT, rank, host, token))
        elif wait <= 0:
            heapq.heappush(self._ready, (rank, host, token))
        else:
            self._set_timer(now + wait, rank, host, token)

    def _set_timer(self, when: float, rank: int, host: str, token: int) -> None:
        heapq.heappush(self._timers, (when, rank, host, token))
        if self._timekeeper_until is not None and when < self._timekeeper_until:
            # The timekeeper sleeps past this timer: wake it to sleep less.
            self._keeper_cv.notify()

    def _promote_due(self, now: float) -> None:
        timers = self._timers
        while timers and timers[0][0] <= now:
            _, rank, host, token = heapq.heappop(timers)
            if self._token.get(host) == token:
                self._parked.discard(host)
                heapq.heappush(self._ready, (rank, host, token))

    def _take(self, now: float) -> tuple[str, Job] | None:
        while self._ready:
            rank, host, token = heapq.heappop(self._ready)
            if self._token.get(host) != token:
                continue
            self._live.discard(host)
            queue = self._queues[host]
            if not queue:
                continue
            if self._limiter.try_acquire(host):
                job = queue.popleft()
                self._pending -= 1
                self._running[host] = self._running.get(host, 0) + 1
                self._place(host, now)
                return host, job
            # A request the scheduler did not start holds the slot (its end is not
            # announced: look again soon), or the host asked us to wait
            # (HostLimiter.hold): look again when the limiter says it may start.
            wait = self._limiter.wait_time(host)
            token = self._token[host] = token + 1
            self._live.add(host)
            self._set_timer(now + max(wait or 0.0, 0.002), rank, host, token)
        return None

    def _next(self) -> tuple[str, Job] | None:
        with self._cv:
            while True:
                if self._stopping or self._pending == 0:
                    return None
                now = time.monotonic()
                self._promote_due(now)
                item = self._take(now)
                if item is not None:
                    unwatched = self._timers and self._timekeeper_until is None
                    if (self._ready or unwatched) and self._idle:
                        # More can start now, or the timers lost their keeper (it may
                        # be us): wake one more worker to take over.
                        self._wake_one()
                    return item
                wait = _MAX_IDLE_WAIT
                keeper = False
                if self._timers and self._timekeeper_until is None:
                    keeper = True
                    wait = max(0.0, min(wait, self._timers[0][0] - now))
                    self._timekeeper_until = now + wait
                self._idle += 1
                try:
                    (self._keeper_cv if keeper else self._cv).wait(wait)
                finally:
                    self._idle -= 1
                    if keeper:
                        self._timekeeper_until = None

    def _work(self) -> None:
        while True:
            item = self._next()
            if item is None:
                with self._cv:
                    self._wake_all()  # let the others see the end too
                return
            host, job = item
            try:
                job(host)
            except BaseException as exc:  # surfaced by run(): a bug must not vanish in a thread
                with self._cv:
                    self._errors.append(exc)
                    self._stopping = True
                    self._wake_all()
            with self._cv:
                # Its slot is free again: a parked host may be ready now.
                self._place(host, time.monotonic(), again=host in self._parked)
                if self._ready:
                    self._wake_one()
                self._running[host] -= 1
                host_done = not self._running[host] and not self._queues[host]
                if host_done:
                    del self._running[host]
            if host_done and self._on_host_done is not None:
                try:
                    self._on_host_done(host)
                except BaseException as exc:  # surfaced by run(), like a job's
                    with self._cv:
                        self._errors.append(exc)
                        self._stopping = True
                        self._wake_all()
