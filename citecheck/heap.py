"""Garbage-collector settings for a process whose whole job is one run.

A run allocates millions of short-lived objects (parsed headers, page trees,
title tokens) while a large, long-lived heap sits still: the modules, the word
lists, the references. With CPython's defaults the young generation is
collected every 700 net allocations and the full collections walk the whole
long-lived heap again and again: about 3-4% of a run's CPU in profiles (10,000
references: 862 collections, 0.63 s). Only a process that exists for the run
(the command line, a worker process) changes them: a library call leaves its
host program's collector alone.
"""

from __future__ import annotations

import gc

# Young collections every this many net allocations (CPython: 700). Objects that
# die before the next collection are never traversed at all.
YOUNG_THRESHOLD = 20_000

_own_process = False


def own_process() -> None:
    """Declare that this process exists for citecheck alone (its program entry point,
    a worker process): :func:`settle_for_run` may then change the collector."""
    global _own_process
    _own_process = True


def settle_for_run() -> None:
    """In a process of citecheck's own, move everything alive now (imports, word lists,
    inputs) out of the collector's sight and collect the young generation less often;
    elsewhere (a library call, a test calling the CLI in-process) do nothing."""
    if not _own_process:
        return
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
