"""What a Dask worker runs: the ordinary engine on one chunk of references.

Kept free of Dask imports so the same function can be tested, or run, in one process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from citecheck.gating.rules import IgnoreRules, apply_accept_status
from citecheck.models import Reference, Result
from citecheck.options import CheckOptions
from citecheck.verdict import judge


@dataclass(frozen=True)
class ChunkOutcome:
    results: tuple[Result, ...]  # in the chunk's order
    offline: bool  # nothing answered, not even a canary: judged as offline
    answered: bool  # some server answered (the network works)
    complete: bool
    notes: tuple[str, ...]
    seconds: float  # wall time of the check on the worker


def slot_options(options: CheckOptions, slots: int) -> CheckOptions:
    """Options for one of ``slots`` chunks running at once across the cluster.

    Each site lives in one lane, so its limits need no change, and a chunk runs in
    the Dask worker's own process (never a local pool: --workers). The archive is one
    service shared by every chunk: its budget is divided so that all slots together
    stay within the configured rate (interval times slots) and concurrency.
    """
    slots = max(1, slots)
    if slots == 1:
        return replace(options, workers=1)
    return replace(
        options,
        workers=1,  # a chunk is checked in the Dask worker's process, not a pool of its own
        archive_interval=options.archive_interval * slots,
        archive_index_interval=options.archive_index_interval * slots,
        archive_concurrency=max(1, options.archive_concurrency // slots),
    )


def check_chunk(
    references: tuple[Reference, ...],
    options: CheckOptions,
    rules: IgnoreRules | None,
    start_delay: float,
) -> ChunkOutcome:
    """Check one chunk with ``citecheck.api.check``, exactly as a local run would.

    ``start_delay``: a chunk that continues its lane waits one host interval first, so
    the previous chunk's last request to a host and this chunk's first are spaced as
    one engine would space them (this chunk's limiter starts empty).
    """
    from citecheck.api import check  # imported here: the worker may not have loaded it yet

    if start_delay > 0:
        time.sleep(start_delay)
    started = time.monotonic()
    report = check(references, options, rules=rules)
    return ChunkOutcome(
        results=report.results,
        offline=report.offline,
        answered=any(r.link.http_status is not None for r in report.results),
        complete=report.complete,
        notes=report.notes,
        seconds=time.monotonic() - started,
    )


def judged_online(result: Result, rules: IgnoreRules | None) -> Result:
    """``result`` judged again knowing the network works (another chunk got answers).

    A chunk that heard from no server and no canary judges as if offline, while the
    local engine, having heard from some server in the run, would not: the evidence is
    the same, only the verdict differs, and ``judge`` is a pure function of it.
    """
    verdict, reasons = judge(
        result.reference, result.link, result.title, result.archive, offline=False,
        quote=result.quote,
    )
    return apply_accept_status(replace(result, verdict=verdict, reasons=reasons),
                               rules or IgnoreRules())
