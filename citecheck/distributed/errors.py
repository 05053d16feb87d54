"""The error of runs spread over processes (a module of its own: the local pool's
parent raises it without importing the Dask executor and the engine behind it)."""

from __future__ import annotations

from citecheck.errors import CitecheckError


class DistributedError(CitecheckError):
    """The cluster could not be used, or a chunk failed on every retry."""
