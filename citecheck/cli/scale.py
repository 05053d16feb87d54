"""What the wiki-scale flags (``--executor``, ``--namespaces``…, in the option table)
turn into.

The commands build their check function with ``check_fn_from_args`` (None: the local
engine) and read inputs with ``dump_filter_from_args`` + ``citecheck.sources.dump_inputs``.
The library never sees argparse: everything here ends in plain values for
``check_distributed`` and ``load_dump``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from citecheck.distributed.partition import DEFAULT_CHUNK_SIZE
from citecheck.distributed.progress import Progress
from citecheck.errors import ConfigError
from citecheck.gating.rules import IgnoreRules
from citecheck.models import Reference, Report, Result
from citecheck.options import CheckOptions
from citecheck.sources.dump_filter import DumpFilter

# Chunks a local worker process runs at once: checking waits on the network, and one
# chunk holds few hosts (measured: 1 thread per worker reached 0.52 of the local engine,
# 4 threads 0.97). Run `dask worker --nthreads 4` on a cluster for the same reason.
CHUNKS_PER_WORKER = 4
# A progress line on stderr at most this often when it is not a terminal (cron logs).
_LOG_EVERY = 30.0

CheckFn = Callable[..., Report]


def dump_filter_from_args(args: argparse.Namespace) -> DumpFilter:
    return DumpFilter.build(
        namespaces=getattr(args, "namespaces", None),
        titles=tuple(getattr(args, "title", None) or ()),
        limit=getattr(args, "page_limit", None),
        shard=getattr(args, "shard", None),
    )


def check_fn_from_args(args: argparse.Namespace, rules: IgnoreRules | None) -> CheckFn | None:
    """``check``'s stand-in for ``--executor dask``; None for the local engine."""
    executor = getattr(args, "executor", None) or "local"
    scheduler = getattr(args, "scheduler", None)
    if executor != "dask":
        if scheduler:
            raise ConfigError("--scheduler needs --executor dask")
        return None
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ConfigError(
            "--executor dask needs dask.distributed: pip install 'citecheck-audit[scale]'"
        ) from None
    chunk_size = getattr(args, "chunk_size", None) or DEFAULT_CHUNK_SIZE
    quiet = bool(getattr(args, "quiet", False))
    return _DaskCheck(scheduler, chunk_size, rules, quiet)


class _DaskCheck:
    """``check(references, options, *, inputs, on_result)`` on a Dask cluster."""

    def __init__(self, scheduler: str | None, chunk_size: int, rules: IgnoreRules | None,
                 quiet: bool):
        self.scheduler = scheduler
        self.chunk_size = chunk_size
        self.rules = rules
        self.quiet = quiet

    def __call__(self, references: Sequence[Reference], options: CheckOptions | None = None,
                 *, inputs: Sequence[str] = (), on_result: Callable[[Result], None] | None = None,
                 **_: Any) -> Report:
        from citecheck.distributed.executor import check_distributed

        with _client(self.scheduler) as client:
            return check_distributed(
                references, options, client=client, inputs=inputs, on_result=on_result,
                rules=self.rules, chunk_size=self.chunk_size,
                on_progress=None if self.quiet else _log_progress(),
            )


@contextmanager
def _client(scheduler: str | None) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    from citecheck.distributed.executor import connect

    if scheduler:
        client = connect(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    # No scheduler named: a cluster of this machine's cores, reachable on loopback only.
    cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=CHUNKS_PER_WORKER,
                           processes=True, host="127.0.0.1", dashboard_address=None)
    with cluster, Client(cluster) as client:
        yield client


def _log_progress() -> Callable[[Progress], None] | None:
    if sys.stderr.isatty():
        return None  # the progress bar says it already
    last = [0.0]

    def log(progress: Progress) -> None:
        now = time.monotonic()
        if now - last[0] >= _LOG_EVERY or progress.done == progress.total:
            last[0] = now
            print(f"citecheck: {progress.describe()}", file=sys.stderr)

    return log
