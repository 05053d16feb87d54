"""``check_parallel``: one check spread over worker processes of this machine.

One interpreter spends its core on page analysis and the engine's bookkeeping long
before the network is busy; worker processes add the other cores. The references
are split by registered domain (``partition.split_by_domain``, the partition the
Dask executor uses), so every site lives in exactly one process and that process's
engine keeps the site's politeness exactly, as it keeps its soft-404 probe cache.
The archive is shared by all: its limits live in shared memory (``SharedLimiter``),
so N processes never talk to it N times as fast. Each process gets its share of the
overall concurrency.

Results stream back over a pipe per worker as they are judged; the parent calls
``on_result`` (progress, history store) in one thread of its own, and builds the
same Report as ``citecheck.check``, in input order. Ctrl-C or SIGTERM stops the
workers (each reports what it finished) and the partial report is returned; a
worker that dies without reporting is a ``WorkerDied`` error naming it, found by
watching its process, never waited for.

Start method: ``spawn``. Each worker is a fresh interpreter that imports what it
uses; it inherits nothing of the parent (its threads: a progress bar's, a test's
servers; its memory: a 100,000-reference input). A fork server that imports citecheck
once and forks every worker from it (``forkserver``) starts workers with less CPU
(~0.35 s each, measured), but the server stays for the whole run with ~64 MB of
resident memory, of which the workers shared little (PSS 52 MB: the pages they
touch, every object's reference count, are copied into them anyway). ``fork`` is
unsafe in a threaded parent.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess

from citecheck.api import assemble_report, now_iso
from citecheck.checking.slots import result_store
from citecheck.distributed.errors import DistributedError
from citecheck.distributed.local_worker import WorkerSummary, run_worker, send_references
from citecheck.distributed.partition import Share, split_by_domain
from citecheck.distributed.shared_limiter import SharedLimits
from citecheck.gating.rules import IgnoreRules
from citecheck.models import Reference, Report, Result
from citecheck.options import CheckOptions
from citecheck.text import plural

ResultCallback = Callable[[Result], None]
START_METHOD = "spawn"
# Processes cost CPU before the first request: each worker ~0.5 s (importing citecheck,
# its engine, its TLS context), while a reference costs ~1-2 ms (measured on the
# benchmark web, 2 busy cores). Below this many references per worker, fewer workers
# do the same work for less.
MIN_REFERENCES_PER_WORKER = 100
# After Ctrl-C/SIGTERM a worker stops within ~2 s (api._STOP_GRACE) and reports; one
# that has not after this long is killed, and the report says what was finished.
STOP_TIMEOUT = 5.0
# How often the parent looks at its workers' processes when no message arrives.
_WATCH_EVERY = 0.5
# How citecheck.api.check's notes start (the pool writes its own interrupted note,
# and drops the offline note when another worker's servers answered).
_INTERRUPTED_NOTE = "interrupted:"
_OFFLINE_NOTE = "citecheck could not reach the network"


class WorkerDied(DistributedError):
    """A worker process ended without reporting its results (killed, out of memory)."""


class WorkerFailed(RuntimeError):
    """A worker process raised: a bug in citecheck, reported with the worker's traceback."""


def check_parallel(
    references: Sequence[Reference | str],
    options: CheckOptions,
    *,
    inputs: Sequence[str] = (),
    on_result: ResultCallback | None = None,
    rules: IgnoreRules | None = None,
    min_references_per_worker: int = MIN_REFERENCES_PER_WORKER,
) -> Report:
    """``citecheck.check`` on ``options.workers`` processes; the same Report.

    Fewer processes run when there are fewer registered domains, or fewer than
    ``min_references_per_worker`` references per process; one runs in this process.
    As with any multiprocessing program, a script that calls this must do so under
    ``if __name__ == "__main__":`` (each worker imports the main module again).
    """
    from citecheck.api import check

    refs = [Reference(f"ref-{n}", url=r) if isinstance(r, str) else r
            for n, r in enumerate(references, start=1)]
    wanted = min(options.workers, max(1, len(refs) // max(1, min_references_per_worker)))
    shares = split_by_domain(refs, wanted) if refs else ()
    single = replace(options, workers=1)
    if len(shares) <= 1:
        return check(refs, single, inputs=inputs, on_result=on_result, rules=rules)
    return _Pool(refs, shares, single, on_result, rules).execute(tuple(inputs))


def worker_options(options: CheckOptions, number: int, workers: int) -> CheckOptions:
    """Options of worker ``number`` of ``workers``: its share of the overall concurrency
    and of the archive saves. Per-host and archive limits are unchanged: each site is
    in one process, and the archive's limits are shared (SharedLimiter)."""

    def share(total: int) -> int:
        return total // workers + (1 if number < total % workers else 0)

    return replace(options, workers=1, concurrency=max(1, share(options.concurrency)),
                   max_saves=share(options.max_saves))


@dataclass
class _Worker:
    number: int
    share: Share
    process: BaseProcess
    conn: Connection
    summary: WorkerSummary | None = None
    ended: bool = False  # its pipe is closed: nothing more will come
    # Network-level failures wait for the worker's end: judged while its own servers
    # had not answered, they may have been judged offline (see _release).
    held: list[tuple[int, Result]] = field(default_factory=list)


class _Pool:
    def __init__(self, references: list[Reference], shares: Sequence[Share],
                 options: CheckOptions, on_result: ResultCallback | None,
                 rules: IgnoreRules | None):
        self.references = references
        self.shares = shares
        self.options = options
        self.on_result = on_result
        self.rules = rules
        # Each result as it arrives, kept for the report (spooled in a large run).
        self.results = result_store(references)
        self.workers: list[_Worker] = []
        self.answered = False  # some server answered some worker
        self.interrupted = threading.Event()
        self.stop_deadline: float | None = None
        self.error: BaseException | None = None
        self.shared: SharedLimits | None = None

    def execute(self, inputs: tuple[str, ...]) -> Report:
        started = now_iso()
        context = multiprocessing.get_context(START_METHOD)
        collector: threading.Thread | None = None
        try:
            self._start(context)
            collector = threading.Thread(target=self._collect, name="citecheck-pool",
                                         daemon=True)
            collector.start()
            # The main thread only waits: Ctrl-C and SIGTERM (KeyboardInterrupt) land
            # here, never inside on_result (a history store's write).
            while collector.is_alive():
                collector.join(0.2)
        except KeyboardInterrupt:
            self._interrupt()
            try:
                if collector is not None:
                    collector.join()
            except KeyboardInterrupt:  # asked twice: stop now
                self._kill_all(grace=0.0)
                if collector is not None:
                    collector.join()
        finally:
            self._kill_all(grace=0.0 if self.error is not None else 1.0)
        if self.error is not None:
            raise self.error
        return self._report(inputs, started)

    # -- processes ---------------------------------------------------------------------

    def _start(self, context: BaseContext) -> None:
        # Kept for the whole run: the workers open its semaphores after start() has
        # returned, and they are unlinked once the parent lets go of them.
        self.shared = shared = SharedLimits(context)
        count = len(self.shares)
        inboxes: list[Connection] = []
        for number, share in enumerate(self.shares):
            receiver, sender = context.Pipe(duplex=False)
            inbox_reader, inbox = context.Pipe(duplex=False)
            process = context.Process(
                target=run_worker,
                args=(inbox_reader, worker_options(self.options, number, count), self.rules,
                      sender, shared, os.getpid()),
                name=f"citecheck-worker-{number}",
                daemon=True,  # never outlives this process
            )
            process.start()
            sender.close()  # the worker holds the writing end: EOF once it has gone
            inbox_reader.close()
            inboxes.append(inbox)
            self.workers.append(_Worker(number, share, process, receiver))
        # Every worker is starting (importing citecheck) while each gets its references
        # in turn.
        for worker, inbox in zip(self.workers, inboxes, strict=True):
            try:
                send_references(inbox, [self.references[i] for i in worker.share.indexes])
            except OSError:
                pass  # it died at once: the collector finds it and says so
            finally:
                inbox.close()

    def _interrupt(self) -> None:
        """Ask every worker to stop and report what it finished."""
        self.interrupted.set()
        self.stop_deadline = time.monotonic() + STOP_TIMEOUT
        for worker in self.workers:
            if worker.process.is_alive():
                _signal(worker.process, signal.SIGTERM)

    def _kill_all(self, grace: float) -> None:
        """End every worker: those that reported exit by themselves (given ``grace``
        seconds in all), the others are killed."""
        deadline = time.monotonic() + grace
        for worker in self.workers:
            worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                _signal(worker.process, signal.SIGKILL)
        for worker in self.workers:
            worker.process.join(timeout=STOP_TIMEOUT)
            worker.conn.close()

    # -- results -----------------------------------------------------------------------

    def _collect(self) -> None:
        try:
            while not all(w.ended for w in self.workers):
                if self.stop_deadline is not None and time.monotonic() > self.stop_deadline:
                    return  # stragglers after a stop: execute() kills them
                waiting = {w.conn: w for w in self.workers if not w.ended}
                sentinels = {w.process.sentinel: w for w in waiting.values()}
                for ready in wait([*waiting, *sentinels], timeout=_WATCH_EVERY):
                    if isinstance(ready, Connection):
                        self._read(waiting[ready])
                    else:
                        self._exited(sentinels[ready])
            self._release()
        except BaseException as exc:  # handed to the main thread, which raises it
            self.error = exc
            for worker in self.workers:
                if worker.process.is_alive():
                    _signal(worker.process, signal.SIGKILL)

    def _read(self, worker: _Worker) -> None:
        while not worker.ended and worker.conn.poll():
            try:
                kind, payload = worker.conn.recv()
            except (EOFError, OSError):
                worker.ended = True
                break
            except Exception:
                if not self.interrupted.is_set():
                    raise
                # A stop signal cut a message short in the worker's main thread: what
                # came before it is kept, the rest of that worker's pipe is not read.
                worker.ended = True
                break
            if kind == "results":
                for position, bare in payload:
                    index = worker.share.indexes[position]
                    # The worker sent it without its reference: this process has it.
                    self._arrived(worker, index, replace(bare, reference=self.references[index]))
            elif kind == "done":
                worker.summary = payload
            elif kind == "failed":
                raise WorkerFailed(f"worker process {worker.number} failed:\n{payload}")
        self._check_ended(worker)

    def _exited(self, worker: _Worker) -> None:
        """Its process ended: take what is left in the pipe, then it is over."""
        self._read(worker)
        worker.ended = True
        self._check_ended(worker)

    def _check_ended(self, worker: _Worker) -> None:
        if worker.ended and worker.summary is None and not self.interrupted.is_set():
            worker.process.join(timeout=1.0)  # for its exit code
            self._died(worker)

    def _died(self, worker: _Worker) -> None:
        done = len(worker.held) + sum(1 for i in worker.share.indexes
                                      if self.results.filled(i))
        raise WorkerDied(_death(worker, done))

    def _arrived(self, worker: _Worker, index: int, result: Result) -> None:
        if result.link.http_status is not None:
            self.answered = True
        kind = result.link.error_kind
        if kind is not None and kind.is_network_level():
            worker.held.append((index, result))
            return
        self._deliver(index, result)

    def _deliver(self, index: int, result: Result) -> None:
        if self.results.filled(index):
            return
        self.results.put(index, result)
        if self.on_result is not None:
            self.on_result(result)

    def _release(self) -> None:
        """Deliver the held failures, judged online if another worker's servers answered
        (a worker whose own servers and canaries were all silent judged them offline;
        one process would have known the network worked)."""
        for worker in self.workers:
            offline = worker.summary is not None and worker.summary.offline
            for index, result in worker.held:
                if offline and self.answered:
                    # Only here: the verdict's rules import the engine's stack.
                    from citecheck.distributed.worker import judged_online

                    result = judged_online(result, self.rules)
                self._deliver(index, result)
            worker.held = []

    def _report(self, inputs: tuple[str, ...], started: str) -> Report:
        self._release()
        summaries = [w.summary for w in self.workers if w.summary is not None]
        offline = any(s.offline for s in summaries) and not self.answered
        complete = (not self.interrupted.is_set() and len(summaries) == len(self.workers)
                    and all(s.complete for s in summaries))
        notes = _merged_notes(summaries, offline)
        if not complete:
            notes.append(_interrupted_note(self.results.done, len(self.references)))
        outage = next((s.archive_outage for s in summaries if s.archive_outage), None)
        return assemble_report(
            self.results.finished(), len(self.references) - self.results.done, self.options,
            inputs=inputs,
            started_at=started, interrupted=not complete, notes=notes, offline=offline,
            archive_outage=outage,
        )


def _death(worker: _Worker, done: int) -> str:
    """What to say of a worker that ended without reporting, ``done`` results in."""
    code = worker.process.exitcode
    if code is not None and code < 0:
        how = f"was killed by {signal.Signals(-code).name}"
    elif code is None:
        how = "closed its pipe"
    else:
        how = f"exited with status {code}"
    domains = ", ".join(worker.share.domains[:3]) + (
        ", …" if len(worker.share.domains) > 3 else "")
    return (f"worker process {worker.number} (pid {worker.process.pid}; sites {domains}) "
            f"{how} before reporting: {done} of its "
            f"{plural(len(worker.share.indexes), 'reference')} were checked")


def _merged_notes(summaries: list[WorkerSummary], offline: bool) -> list[str]:
    """The workers' notes, once each: without their interrupted notes (the pool writes
    its own) and without the offline note when the run as a whole was online."""
    notes: list[str] = []
    for summary in summaries:
        for note in summary.notes:
            if note.startswith(_INTERRUPTED_NOTE) or note in notes:
                continue
            if note.startswith(_OFFLINE_NOTE) and not offline:
                continue
            notes.append(note)
    return notes


def _interrupted_note(done: int, total: int) -> str:
    return (f"interrupted: {done} of {plural(total, 'reference')} "
            f"{'was' if done == 1 else 'were'} checked")


def _signal(process: BaseProcess, signum: signal.Signals) -> None:
    if process.pid is None:
        return
    with contextlib.suppress(ProcessLookupError):  # it has just ended
        os.kill(process.pid, signum)
