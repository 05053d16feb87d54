"""The worker side of ``check_parallel`` (citecheck.distributed.local): one process
checks its share of the references with the ordinary engine and streams each result
to the parent as it is judged.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection

from citecheck.distributed.shared_limiter import SharedLimiter, SharedLimits
from citecheck.gating.rules import IgnoreRules
from citecheck.heap import own_process, settle_for_run
from citecheck.models import Location, Reference, Result
from citecheck.options import CheckOptions

ResultCallback = Callable[[Result], None]
# The parent sends a worker its references in chunks of this many (~300 kB pickled).
_REFERENCE_CHUNK = 1000
_NOWHERE = Location()
# A worker sends its results to the parent in batches of this many, or after this long.
_BATCH = 64
_LINGER = 0.05
# How often a worker looks whether the run's process is still there.
_WATCH_EVERY = 0.5


@dataclass(frozen=True)
class WorkerSummary:
    """What a worker reports once its check has ended (the Report's run-wide facts)."""

    offline: bool
    complete: bool
    notes: tuple[str, ...]
    archive_outage: str | None



def run_worker(
    inbox: Connection,
    options: CheckOptions,
    rules: IgnoreRules | None,
    conn: Connection,
    shared: SharedLimits,
    parent: int,
) -> None:
    """A worker process: check the references that come down ``inbox`` (in chunks,
    then None) and send each result up ``conn``."""
    _stop_on_signals()
    _exit_with_parent(parent)
    outbox = _Outbox(conn)
    try:
        references = receive_references(inbox)
        positions = _Positions(references)
        # This process exists for this check alone: what lives all run (the modules,
        # the references) out of the collector's way, young collections less often.
        own_process()
        settle_for_run()

        def on_result(result: Result) -> None:
            outbox.put(positions.take(result.reference), result)

        summary = _check_here(references, options, rules, shared, on_result)
        outbox.close()
        conn.send(("done", summary))
    except KeyboardInterrupt:  # stopped before its check began
        outbox.close()
        conn.send(("done", WorkerSummary(offline=False, complete=False, notes=(),
                                         archive_outage=None)))
    except BaseException:
        outbox.close()
        conn.send(("failed", traceback.format_exc()))
    finally:
        conn.close()


def send_references(inbox: Connection, references: Sequence[Reference]) -> None:
    """Hand a worker its references a chunk at a time, then None.

    Not as the process's arguments: those are pickled whole, and pickling 50,000
    references at once (the bytes, the pickler's memo of every object) left ~1 kB per
    reference of freed-but-kept memory in both processes (110 MB in the parent of a
    100,000-reference run). A chunk's pickle is small, and the memory is reused.
    """
    for start in range(0, len(references), _REFERENCE_CHUNK):
        # Without its place in the input: nothing in a check reads it, and the report,
        # written by the parent with its own references, says where each one is
        # (~160 bytes less per reference in the worker).
        inbox.send([replace(r, location=_NOWHERE)
                    for r in references[start:start + _REFERENCE_CHUNK]])
    inbox.send(None)


def receive_references(inbox: Connection) -> tuple[Reference, ...]:
    """What ``send_references`` sent, in order."""
    references: list[Reference] = []
    while (chunk := inbox.recv()) is not None:
        references.extend(chunk)
    inbox.close()
    return tuple(references)


class _Positions:
    """Which position of the batch a result's Reference holds, so the parent knows it.

    A Reference given twice is the same object: its positions are taken in turn. The
    repeats have a queue of their own; the first positions are plain ints (a queue per
    reference cost ~600 bytes each: 30 MB for a worker's 50,000 references).
    """

    def __init__(self, references: tuple[Reference, ...]):
        self._first: dict[int, int] = {}
        self._repeats: dict[int, deque[int]] = {}
        for position, reference in enumerate(references):
            key = id(reference)
            if key in self._first:
                self._repeats.setdefault(key, deque()).append(position)
            else:
                self._first[key] = position

    def take(self, reference: Reference) -> int:
        """The next position of ``reference`` (called from the engine's threads: each
        dict.pop and deque.popleft is atomic)."""
        key = id(reference)
        position = self._first.pop(key, None)
        return position if position is not None else self._repeats[key].popleft()


class _Outbox:
    """Results on their way to the parent, a few at a time.

    One message per batch: pickling a batch costs half as much per result as one
    message each (the classes are written once), and wakes the parent once. Sent when
    ``_BATCH`` are waiting, or ``_LINGER`` seconds after the first, whichever is first,
    so progress keeps flowing when results trickle in. Each result goes without its
    reference, which the parent holds already (a third of the bytes).
    """

    def __init__(self, conn: Connection):
        self._conn = conn
        self._lock = threading.Lock()  # on_result is called from the engine's threads
        self._waiting: list[tuple[int, Result]] = []
        self._closed = threading.Event()
        self._flusher = threading.Thread(target=self._linger, name="citecheck-outbox",
                                         daemon=True)
        self._flusher.start()

    def put(self, position: int, result: Result) -> None:
        bare = replace(result, reference=None)  # type: ignore[arg-type]
        with self._lock:
            self._waiting.append((position, bare))
            if len(self._waiting) >= _BATCH:
                self._send()

    def close(self) -> None:
        """Send what is waiting; nothing more comes."""
        self._closed.set()
        self._flusher.join()
        with self._lock:
            self._send()

    def _linger(self) -> None:
        while not self._closed.wait(_LINGER):
            with self._lock:
                self._send()

    def _send(self) -> None:
        """Under the lock."""
        if self._waiting:
            batch, self._waiting = self._waiting, []
            self._conn.send(("results", batch))


def _check_here(references: tuple[Reference, ...], options: CheckOptions,
                rules: IgnoreRules | None, shared: SharedLimits,
                on_result: ResultCallback) -> WorkerSummary:
    from citecheck.api import check
    from citecheck.net.client import HttpClient

    client = HttpClient(options, limiter=SharedLimiter(options.per_host, options.host_interval,
                                                       shared))
    try:
        # The results live on in the parent: this process keeps none of them.
        report = check(references, options, on_result=on_result, client=client, rules=rules,
                       keep_results=False)
    finally:
        client.close()
    return WorkerSummary(report.offline, report.complete, report.notes, report.archive_outage)


def _stop_on_signals() -> None:
    """SIGINT and SIGTERM stop the check as Ctrl-C does (the engine reports what it
    finished); a second signal is ignored, so the stop itself is not cut short."""

    def stop(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def _exit_with_parent(parent: int) -> None:
    """End this worker if the parent goes away without stopping it (killed with
    SIGKILL): nobody is left to report to, and no worker may be left behind (a process
    does not end with its parent)."""

    def watch() -> None:
        while _alive(parent):
            time.sleep(_WATCH_EVERY)
        os._exit(1)

    threading.Thread(target=watch, name="citecheck-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's: the pid was reused, treat as gone
        return False
    return True
