"""Audits in real processes against a local web: concurrency, kill -9 and resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from citecheck.api import check
from citecheck.audit.run import run_audit
from citecheck.models import Reference, Verdict
from citecheck.store.db import HistoryStore
from citecheck.store.rows import reference_key
from tests.audit.audit_support import LOCAL, START, ManualClock, Page, SimWeb

HERE = Path(__file__).parent
REPO = HERE.parent.parent
WORKER = HERE / "audit_worker.py"


def _spawn(*args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, str(WORKER), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(condition, what: str, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    # Polls for a real event in another process (not a simulated passage of days).
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def _refs(web: SimWeb, count: int) -> list[Reference]:
    return [Reference(id=f"ref-{i}", url=web.url(f"/p{i}")) for i in range(count)]


def test_kill_9_mid_run_then_resume_rechecks_nothing_finished(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    with SimWeb() as web:
        for i in range(100):
            web.pages[f"/p{i}"] = lambda day, i=i: Page(200, f"Page {i}", stall=(i == 50))
        proc = _spawn(str(db), web.url(""), "100", START.isoformat())
        try:
            _wait_for(lambda: web.hits["/p50"] == 1, "the worker to reach /p50")
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert proc.returncode == -signal.SIGKILL
        web.release.set()

        with HistoryStore(db) as store:
            (run,) = store.runs()
            assert not run.complete
            before_kill = {row.url for row in store.run_checks(run.id).values()}
            assert web.url("/p50") not in before_kill
            assert len(before_kill) >= 50  # one request at a time, in input order
            out = run_audit(_refs(web, 100), LOCAL, store, ManualClock(), check,
                            resume=True, inputs=("refs.json",))
            assert out.run_id == run.id and store.run(run.id).complete
            assert (out.resumed, out.reused) == (len(before_kill), 0)
            assert out.checked == 100 - len(before_kill)
        assert [r.verdict for r in out.report.results] == [Verdict.OK] * 100
        # What finished before the kill was not requested again; only the check in
        # flight at the kill (/p50) was made twice.
        assert {web.hits[f"/p{i}"] for i in range(100) if i != 50} == {1}
        assert web.hits["/p50"] == 2


@pytest.mark.slow
def test_two_concurrent_audits_share_one_database(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    with SimWeb() as web:
        # Both workers block on /gate until both have reached it: the runs overlap.
        web.pages["/gate"] = lambda day: Page(200, "gate", stall=web.hits["/gate"] < 2)
        for i in range(200):
            web.pages[f"/p{i}"] = lambda day, i=i: Page(503 if i % 10 == 0 else 200, f"P{i}")
        procs = [_spawn(str(db), web.url(""), "200", START.isoformat(), "--first", "/gate")
                 for _ in range(2)]
        try:
            _wait_for(lambda: web.hits["/gate"] == 2, "both workers to start")
        except AssertionError:
            for p in procs:
                p.kill()
            raise AssertionError([p.communicate() for p in procs], dict(web.hits)) from None
        web.release.set()
        outputs = [p.communicate(timeout=60) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outputs
        assert web.hits["/p0"] == 2  # both really checked

        with HistoryStore(db) as store:
            assert store.integrity_ok()
            runs = store.runs()
            assert [r.complete for r in runs] == [True, True]
            for run in runs:
                assert len(store.run_checks(run.id)) == 201
            assert sum(1 for _ in store.all_checks()) == 402
            # Two checks at the same moment are one observation, not two failures.
            failing = Reference(id="ref-0", url=web.url("/p0"))
            out = run_audit([failing], LOCAL, store, ManualClock(), check)
            assert out.report.results[0].history.checks == 1


@pytest.mark.slow
def test_cached_rerun_of_1000_references_makes_no_requests(tmp_path: Path) -> None:
    clock = ManualClock()
    with SimWeb() as web, HistoryStore(tmp_path / "h.sqlite3") as store:
        for i in range(1000):
            web.pages[f"/p{i}"] = lambda day, i=i: Page(200, f"Page {i}")
        refs = [Reference(id=f"ref-{i}", url=web.url(f"/p{i}"), title=f"Page {i}")
                for i in range(1000)]
        first = run_audit(refs, LOCAL, store, clock, check)
        assert first.checked == 1000 and web.total_hits == 1000
        clock.advance(timedelta(hours=1))
        again = run_audit(refs, LOCAL, store, clock, check)
        assert web.total_hits == 1000  # not one request more
        assert (again.checked, again.reused) == (0, 1000)
        assert [r.verdict for r in again.report.results] == [Verdict.OK] * 1000
        assert again.report.results[7].title.found == "Page 7"
        assert again.report.results[7].link == first.report.results[7].link
        assert not again.changes.changes and not again.changes.new_problems
        # Reused rows are recorded for the run but are not checks.
        assert again.report.results[7].history.checks == 1
        assert store.run_checks(again.run_id)[reference_key(refs[7])].is_reused
