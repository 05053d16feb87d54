"""Checking across processes: partitions by registered domain, one engine each.

``check_parallel`` runs worker processes of this machine (``--workers``);
``check_distributed`` a Dask cluster (wiki scale).

``check_distributed`` is imported lazily (it needs the optional ``dask.distributed``);
partitioning and the public suffix list work without it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DistributedError", "Progress", "check_distributed", "check_parallel"]


def __getattr__(name: str) -> Any:
    if name in ("check_distributed", "DistributedError"):
        from citecheck.distributed import executor

        return getattr(executor, name)
    if name == "check_parallel":
        from citecheck.distributed.local import check_parallel

        return check_parallel
    if name == "Progress":
        from citecheck.distributed.progress import Progress

        return Progress
    raise AttributeError(name)
