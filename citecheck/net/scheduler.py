"""Host-aware dispatch: hand a job to a worker only when its host may start a request.

Threads that block on a busy host's slot would sit idle while other hosts
wait; instead workers take the next job from the busiest host that has a free
slot right now, so the hosts holding most links are kept as busy as
politeness allows from the first second, and everything else fills the gaps.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

from citecheck.net.limiter import HostLimiter

# A job runs with the name of the host whose slot was taken for it.
Job = Callable[[str], None]
_MAX_IDLE_WAIT = 0.25


class HostScheduler:
    def __init__(self, limiter: HostLimiter, workers: int):
        self._limiter = limiter
        self._workers = max(1, workers)
        self._cv = threading.Condition()
        self._queues: dict[str, deque[Job]] = {}
        self._order: list[str] = []
        self._errors: list[BaseException] = []
        self._stopping = False
        self._threads: list[threading.Thread] = []
        self._pending = 0
        self._exhausted = 0  # hosts in _order whose queue is empty (compacted lazily)

    def _has_jobs(self, host: str) -> bool:
        return bool(self._queues[host])

    def run(self, jobs: Iterable[tuple[str, Job]]) -> None:
        """Run every job; returns when all are done. A job's exception is re-raised here."""
        self.start(jobs)
        self.join()

    def start(self, jobs: Iterable[tuple[str, Job]]) -> None:
        for host, job in jobs:
            self._queues.setdefault(host, deque()).append(job)
        self._pending = sum(len(q) for q in self._queues.values())
        # Busiest hosts first: they set the length of the run.
        self._order = sorted(self._queues, key=lambda h: len(self._queues[h]), reverse=True)
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
        if self._errors:
            raise self._errors[0]
        return not any(thread.is_alive() for thread in self._threads)

    def stop(self) -> None:
        """Let running jobs finish but start no new ones."""
        with self._cv:
            self._stopping = True
            self._cv.notify_all()

    def _next(self) -> tuple[str, Job] | None:
        with self._cv:
            while True:
                if self._stopping:
                    return None
                if self._exhausted > 32 and self._exhausted * 4 > len(self._order):
                    self._order = [h for h in self._order if self._queues[h]]
                    self._exhausted = 0
                if self._pending == 0:
                    return None
                host = self._limiter.try_acquire_any(self._order, self._has_jobs)
                if host is not None:
                    queue = self._queues[host]
                    job = queue.popleft()
                    self._pending -= 1
                    if not queue:
                        self._exhausted += 1
                    return host, job
                waits = [self._limiter.wait_time(h) for h in self._order[:64] if self._queues[h]]
                known = [w for w in waits if w is not None]
                self._cv.wait(min([*known, _MAX_IDLE_WAIT]) if known else _MAX_IDLE_WAIT)

    def _work(self) -> None:
        while True:
            item = self._next()
            if item is None:
                return
            host, job = item
            try:
                job(host)
            except BaseException as exc:  # surfaced by run(): a bug must not vanish in a thread
                with self._cv:
                    self._errors.append(exc)
                    self._stopping = True
            with self._cv:
                self._cv.notify_all()
