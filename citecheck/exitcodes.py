"""Process exit codes: a documented contract for CI (DESIGN.md, CLI contract)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # nothing failed the gate
    FAILED = 1  # at least one reference failed the gate
    USAGE = 2  # usage, config or input error
    OFFLINE = 3  # the checker itself could not reach the network; nothing was judged dead
    INTERNAL = 4  # a bug in citecheck
    INTERRUPTED = 130  # stopped by Ctrl-C or SIGTERM; the partial report was written
