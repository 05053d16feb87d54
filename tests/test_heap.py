"""The collector is tuned only in a process that exists for citecheck alone."""

from __future__ import annotations

import gc
import subprocess
import sys

from citecheck.heap import YOUNG_THRESHOLD, settle_for_run


def test_a_process_that_is_not_citecheck_s_own_keeps_its_collector_settings() -> None:
    before = (gc.get_threshold(), gc.get_freeze_count())
    settle_for_run()  # this test process: as a library call or an in-process CLI run
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_citecheck_s_own_process_freezes_what_lives_all_run_and_collects_less_often() -> None:
    script = (
        "import gc\n"
        "from citecheck.heap import own_process, settle_for_run\n"
        "kept = [{'reference': i} for i in range(1000)]\n"
        "own_process()\n"
        "settle_for_run()\n"
        "print(gc.get_threshold()[0], gc.get_freeze_count() >= 1000)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [str(YOUNG_THRESHOLD), "True"]
