"""The farm's stall meter: it excuses only starts that a stall of this process bunched."""

from __future__ import annotations

import time

from tests.distributed.webfarm import StallMeter


def test_a_stall_is_seen_and_excuses_only_marks_inside_it() -> None:
    with StallMeter() as meter:
        time.sleep(0.05)
        started = time.monotonic()
        # One long C call holds the interpreter: no other thread of this process runs.
        sum(range(30_000_000))
        ended = time.monotonic()
        time.sleep(0.05)
    assert meter.stalls, "a 0.3 s hold must show up"
    start, end = max(meter.stalls, key=lambda s: s[1] - s[0])
    assert end - start >= 0.1
    assert meter.explains(ended - 0.001, ended)  # two marks made as the stall ended
    assert not meter.explains(started - 1.0, ended)  # one of them long before it
    assert not meter.explains(ended + 1.0, ended + 1.001)  # both long after it
