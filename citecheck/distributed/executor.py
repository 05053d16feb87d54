"""``check_distributed``: the check of ``citecheck.api.check`` spread over a Dask cluster.

The driver plans chains of chunks (``partition.py``), keeps at most one chunk of each
chain on the cluster, and hands each chunk's results to ``on_result`` the moment its
future completes (in the driver's thread, so a history store needs no locking across
processes). A chunk whose worker dies is re-run by Dask (the scheduler reschedules it;
``retries`` re-runs a task that raised); its results are delivered once, when the chunk
completes, so nothing is recorded twice and nothing is lost. The report keeps input
order, like ``check``.
"""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from citecheck.api import assemble_report, now_iso
from citecheck.distributed.errors import DistributedError
from citecheck.distributed.partition import DEFAULT_CHUNK_SIZE, Chain, Chunk, plan_chains
from citecheck.distributed.progress import ProgressCallback, ProgressMeter
from citecheck.distributed.worker import ChunkOutcome, check_chunk, judged_online, slot_options
from citecheck.gating.rules import IgnoreRules
from citecheck.models import Reference, Report, Result
from citecheck.options import CheckOptions

if TYPE_CHECKING:
    from distributed import Client, Future, as_completed

DEFAULT_RETRIES = 2
# Chunks on the cluster per worker thread: enough queued that a thread never waits for
# the driver, few enough that the scheduler holds a bounded number of tasks however
# large the dump (the driver submits the next one as each finishes).
IN_FLIGHT_PER_SLOT = 3
# How citecheck.api.check's offline note starts (dropped when the run was online after all).
_OFFLINE_NOTE = "citecheck could not reach the network"


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
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    retries: int = DEFAULT_RETRIES,
) -> Report:
    """Check ``references`` on a Dask cluster; the same Report as ``citecheck.check``.

    Give a connected ``client`` or the ``scheduler_address`` (``tcp://127.0.0.1:8786``)
    to connect to. ``chunk_size``: references per task (streaming and retry granularity).
    """
    if (client is None) == (scheduler_address is None):
        raise ValueError("give exactly one of client and scheduler_address")
    own_client = client is None
    if client is None:
        client = connect(scheduler_address or "")
    try:
        return _Run(
            list(references), options or CheckOptions(), client, on_result, rules, on_progress,
            chunk_size, retries,
        ).execute(tuple(inputs))
    finally:
        if own_client:
            client.close()


def connect(address: str) -> Client:
    """A client of the scheduler at ``address``; DistributedError when it cannot be reached."""
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
        self.window = slots * IN_FLIGHT_PER_SLOT
        self.chains: tuple[Chain, ...] = plan_chains(references, chunk_size)
        # Giants' chunks go first: the longest chain sets the length of the run.
        self.giant_ready: deque[Chunk] = deque(c.chunks[0] for c in self.chains if c.giant)
        self.small_ready: deque[Chunk] = deque(c.chunks[0] for c in self.chains if not c.giant)
        total_chunks = sum(len(chain.chunks) for chain in self.chains)
        self.meter = ProgressMeter(len(references), total_chunks, on_progress)
        self.results: list[Result | None] = [None] * len(references)
        self.offline = False
        self.complete = True
        self.notes: list[str] = []
        # Chunks that heard from no server wait for the end of the run: whether they were
        # offline depends on the other chunks, as the local engine decides for the run.
        self.network_ok = False
        self.held: list[tuple[Chunk, ChunkOutcome]] = []
        self.pending: dict[Future[ChunkOutcome], Chunk] = {}
        # Keys name the run, so two runs on one cluster never share a task.
        self.run_key = "citecheck-" + secrets.token_hex(6)

    def execute(self, inputs: tuple[str, ...]) -> Report:
        from distributed import as_completed

        started = now_iso()
        stream = as_completed()
        try:
            self._fill(stream)
            for future in stream:
                chunk = self.pending.pop(future)
                self._arrived(chunk, self._outcome(future, chunk))
                chain = self.chains[chunk.chain]
                if chunk.seq + 1 < len(chain.chunks):
                    self.giant_ready.appendleft(chain.chunks[chunk.seq + 1])
                self._fill(stream)
            self._release_held()
        except KeyboardInterrupt:
            self.client.cancel(list(self.pending))
            self.complete = False
            done = sum(1 for r in self.results if r is not None)
            self.notes.append(
                f"interrupted: {done} of {len(self.references)} references were checked"
            )
        except BaseException:
            self.client.cancel(list(self.pending))
            raise
        return assemble_report(
            tuple(r for r in self.results if r is not None),
            self.results.count(None),
            self.options,
            inputs=inputs,
            started_at=started,
            interrupted=not self.complete,
            notes=self.notes,
            offline=self.offline,
        )

    def _fill(self, stream: as_completed) -> None:
        """Submit ready chunks until ``window`` are on the cluster (bounded driver memory)."""
        while len(self.pending) < self.window and (self.giant_ready or self.small_ready):
            giant = bool(self.giant_ready)
            chunk = self.giant_ready.popleft() if giant else self.small_ready.popleft()
            future = self._submit(chunk, priority=1 if giant else 0)
            self.pending[future] = chunk
            stream.add(future)

    def _submit(self, chunk: Chunk, priority: int) -> Future[ChunkOutcome]:
        batch = tuple(self.references[i] for i in chunk.indexes)
        delay = self.options.host_interval if chunk.seq > 0 else 0.0
        return self.client.submit(
            check_chunk, batch, self.worker_options, self.rules, delay,
            key=f"{self.run_key}-chain{chunk.chain}-chunk{chunk.seq}",
            retries=self.retries, pure=False, priority=priority,
        )

    def _outcome(self, future: Future[ChunkOutcome], chunk: Chunk) -> ChunkOutcome:
        try:
            outcome: ChunkOutcome = future.result()
        except Exception as exc:  # the task's own error, or KilledWorker after retries
            raise DistributedError(
                f"chunk {chunk.seq} of chain {chunk.chain} ({', '.join(chunk.domains[:3])}) "
                f"failed on every attempt: {type(exc).__name__}: {exc}"
            ) from exc
        if len(outcome.results) != len(chunk.indexes):
            raise DistributedError(
                f"chunk {chunk.seq} of chain {chunk.chain} returned {len(outcome.results)} "
                f"results for {len(chunk.indexes)} references"
            )
        return outcome

    def _arrived(self, chunk: Chunk, outcome: ChunkOutcome) -> None:
        self.network_ok = self.network_ok or outcome.answered
        if outcome.offline:
            self.held.append((chunk, outcome))
            self.meter.chunk_finished(0)
            return
        self._deliver(chunk, outcome)
        self.meter.chunk_finished(len(chunk.indexes))

    def _release_held(self) -> None:
        """Deliver the chunks that heard from nobody, now that the whole run is known."""
        for chunk, outcome in self.held:
            if self.network_ok:
                outcome = replace(
                    outcome,
                    offline=False,
                    results=tuple(judged_online(r, self.rules) for r in outcome.results),
                    notes=tuple(n for n in outcome.notes if not n.startswith(_OFFLINE_NOTE)),
                )
            self._deliver(chunk, outcome)
            self.meter.chunk_finished(len(chunk.indexes), chunks=0)
        self.held = []

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
