"""Wiki-scale checking on a Dask cluster: partitions by registered domain, one engine each.

``check_distributed`` is imported lazily (it needs the optional ``dask.distributed``);
partitioning and the public suffix list work without it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DistributedError", "Progress", "check_distributed"]


def __getattr__(name: str) -> Any:
    if name in ("check_distributed", "DistributedError"):
        from citecheck.distributed import executor

        return getattr(executor, name)
    if name == "Progress":
        from citecheck.distributed.progress import Progress

        return Progress
    raise AttributeError(name)
