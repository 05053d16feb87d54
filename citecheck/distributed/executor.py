"""``check_distributed``: the check of ``citecheck.api.check`` spread over a Dask cluster.

The driver plans lanes (``partition.py``), keeps one chunk of each lane in flight, and
hands each chunk's results to ``on_result`` the moment its future completes (in the
driver's thread, so a history store needs no locking across processes). A chunk whose
worker dies is re-run by Dask (the scheduler reschedules it; ``retries`` re-runs a task
that raised); its results are delivered once, when the chunk completes, so nothing is
recorded twice and nothing is lost. The report keeps input order, like ``check``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from citecheck._version import __version__
from citecheck.distributed.partition import DEFAULT_CHUNK_SIZE, Chunk, Lane, plan_lanes
from citecheck.distributed.progress import ProgressCallback, ProgressMeter
from citecheck.distributed.worker import ChunkOutcome, check_chunk, slot_options
from citecheck.errors import CitecheckError
from citecheck.gating.rules import IgnoreRules
from citecheck.models import Reference, Report, Result
from citecheck.options import CheckOptions

if TYPE_CHECKING:
    from distributed import Client, Future

DEFAULT_RETRIES = 2
# Lanes per worker thread: a few more lanes than slots, so a slot whose lane ran dry
# finds queued work from another lane instead of idling until the run ends.
LANES_PER_SLOT = 2


class DistributedError(CitecheckError):
    """The cluster could not be used, or a chunk failed on every retry."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def check_distributed(
    references: Sequence[Reference],
    options: CheckOptions | None = None,
    *,
    client: Client | None = None,
    scheduler_address: str | None = None,
    inputs: Sequence[str] = (),
    on_result: Callable[[Result], None] | None = None,
    rules: IgnoreRules | None = None,
    on_progress: ProgressCallback | None = None,
    lanes: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    retries: int = DEFAULT_RETRIES,
) -> Report:
    """Check ``references`` on a Dask cluster; the same Report as ``citecheck.check``.

    Give a connected ``client`` or the ``scheduler_address`` (``tcp://127.0.0.1:8786``)
    to connect to. ``lanes`` defaults to twice the cluster's worker threads.
    """
    if (client is None) == (scheduler_address is None):
        raise ValueError("give exactly one of client and scheduler_address")
    own_client = client is None
    if client is None:
        client = _connect(scheduler_address or "")
    try:
        return _Run(
            list(references), options or CheckOptions(), client, on_result, rules, on_progress,
            lanes, chunk_size, retries,
        ).execute(tuple(inputs))
    finally:
        if own_client:
            client.close()


def _connect(address: str) -> Client:
    from distributed import Client

    try:
        return Client(address, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise DistributedError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


class _Run:
    def __init__(
        self,
        references: list[Reference],
        options: CheckOptions,
        client: Client,
        on_result: Callable[[Result], None] | None,
        rules: IgnoreRules | None,
        on_progress: ProgressCallback | None,
        lanes: int | None,
        chunk_size: int,
        retries: int,
    ):
        self.references = references
        self.options = options
        self.client = client
        self.on_result = on_result
        self.rules = rules
        self.retries = retries
        slots = max(1, sum(client.nthreads().values()))
        self.worker_options = slot_options(options, slots)
        self.lanes: tuple[Lane, ...] = plan_lanes(
            references, lanes or slots * LANES_PER_SLOT, chunk_size
        )
        total_chunks = sum(len(lane.chunks) for lane in self.lanes)
        self.meter = ProgressMeter(len(references), total_chunks, on_progress)
        self.results: list[Result | None] = [None] * len(references)
        self.offline = False
        self.complete = True
        self.notes: list[str] = []
        # Keys name the run, so two runs on one cluster never share a task.
        self.run_key = "citecheck-" + secrets.token_hex(6)

    def execute(self, inputs: tuple[str, ...]) -> Report:
        from distributed import as_completed

        started = _now()
        pending: dict[Future, Chunk] = {}
        for lane in self.lanes:
            if lane.chunks:
                future = self._submit(lane.chunks[0])
                pending[future] = lane.chunks[0]
        stream = as_completed(list(pending))
        try:
            for future in stream:
                chunk = pending.pop(future)
                self._deliver(chunk, self._outcome(future, chunk))
                lane = self.lanes[chunk.lane]
                if chunk.seq + 1 < len(lane.chunks):
                    nxt = lane.chunks[chunk.seq + 1]
                    new = self._submit(nxt)
                    pending[new] = nxt
                    stream.add(new)
        except KeyboardInterrupt:
            self.client.cancel(list(pending))
            self.complete = False
            done = sum(1 for r in self.results if r is not None)
            self.notes.append(
                f"interrupted: {done} of {len(self.references)} references were checked"
            )
        except BaseException:
            self.client.cancel(list(pending))
            raise
        results = tuple(r for r in self.results if r is not None)
        return Report(
            results=results,
            inputs=inputs,
            started_at=started,
            finished_at=_now(),
            tool_version=__version__,
            fail_on=self.options.fail_on,
            fail_on_archive=self.options.fail_on_archive,
            complete=self.complete and len(results) == len(self.references),
            notes=tuple(self.notes),
            offline=self.offline,
        )

    def _submit(self, chunk: Chunk) -> Future:
        batch = tuple(self.references[i] for i in chunk.indexes)
        delay = self.options.host_interval if chunk.seq > 0 else 0.0
        return self.client.submit(
            check_chunk, batch, self.worker_options, self.rules, delay,
            key=f"{self.run_key}-lane{chunk.lane}-chunk{chunk.seq}",
            retries=self.retries, pure=False,
        )

    def _outcome(self, future: Future, chunk: Chunk) -> ChunkOutcome:
        try:
            outcome: ChunkOutcome = future.result()
        except Exception as exc:  # the task's own error, or KilledWorker after retries
            raise DistributedError(
                f"chunk {chunk.seq} of lane {chunk.lane} failed on every attempt: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        if len(outcome.results) != len(chunk.indexes):
            raise DistributedError(
                f"chunk {chunk.seq} of lane {chunk.lane} returned {len(outcome.results)} "
                f"results for {len(chunk.indexes)} references"
            )
        return outcome

    def _deliver(self, chunk: Chunk, outcome: ChunkOutcome) -> None:
        self.offline = self.offline or outcome.offline
        self.complete = self.complete and outcome.complete
        for note in outcome.notes:
            if note not in self.notes:
                self.notes.append(note)
        for index, result in zip(chunk.indexes, outcome.results, strict=True):
            if self.results[index] is not None:
                continue  # never reported twice, whatever the cluster did
            self.results[index] = result
            if self.on_result is not None:
                self.on_result(result)
        self.meter.chunk_finished(len(chunk.indexes))
