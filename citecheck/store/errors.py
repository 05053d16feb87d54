"""What the history store raises: one base under CitecheckError, narrower cases below it."""

from __future__ import annotations

from citecheck.errors import CitecheckError


class StoreError(CitecheckError):
    """The history database cannot be used as asked (exit code 2 in the CLI)."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer citecheck; refusing to guess its layout."""


class NothingToResumeError(StoreError):
    """`audit --resume` found no interrupted audit of these inputs."""


class RunInUseError(StoreError):
    """The interrupted audit is still being run by a live process."""
