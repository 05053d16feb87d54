"""Interrupted and offline audits, in process."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

import pytest

from citecheck.audit.run import run_audit
from citecheck.models import LinkStatus, Reference, Report, Result, Verdict
from citecheck.options import CheckOptions
from citecheck.store.db import HistoryStore
from citecheck.store.errors import NothingToResumeError
from tests.audit.audit_support import ManualClock, ScriptedCheck, make_result

REFS = [Reference(id=f"r{i}", url=f"https://h{i}.example/") for i in range(10)]
INPUTS = ("refs.json",)


class Interrupting(ScriptedCheck):
    """Reports ``stop_after`` results, then behaves as Ctrl-C or as a partial report."""

    def __init__(self, stop_after: int, partial: bool):
        super().__init__({r.url or "": (lambda day: LinkStatus.LIVE) for r in REFS})
        self.stop_after, self.partial = stop_after, partial

    def __call__(self, references: Sequence[Reference], options: CheckOptions, *,
                 on_result: Callable[[Result], None]) -> Report:
        done = []
        for ref in references[: self.stop_after]:
            self.requested[ref.url or ""] += 1
            done.append(make_result(ref, LinkStatus.LIVE))
            on_result(done[-1])
        if not self.partial:
            raise KeyboardInterrupt
        return Report(results=tuple(done), complete=len(done) == len(references))


@pytest.mark.parametrize("partial", [False, True], ids=["ctrl-c", "partial-report"])
def test_interrupted_audit_is_resumed(tmp_path: Path, partial: bool) -> None:
    clock = ManualClock()
    with HistoryStore(tmp_path / "h.db") as store:
        first = Interrupting(4, partial)
        if partial:
            out = run_audit(REFS, CheckOptions(), store, clock, first, inputs=INPUTS)
            assert not out.report.complete and len(out.report.results) == 4
        else:
            with pytest.raises(KeyboardInterrupt):
                run_audit(REFS, CheckOptions(), store, clock, first, inputs=INPUTS)
        (run,) = store.runs()
        assert not run.complete and len(store.run_checks(run.id)) == 4
        with pytest.raises(NothingToResumeError):
            run_audit(REFS, CheckOptions(), store, clock, first, resume=True,
                      inputs=("other.json",))

        clock.advance(timedelta(hours=2))
        rest = Interrupting(100, partial=True)
        out = run_audit(REFS, CheckOptions(), store, clock, rest, resume=True, inputs=INPUTS)
        # max_age would have allowed reuse anyway; resume takes the run's own rows first.
        assert (out.run_id, out.resumed, out.reused, out.checked) == (run.id, 4, 0, 6)
        assert set(rest.requested) == {r.url for r in REFS[4:]}
        assert store.run(run.id).complete
        assert [r.id for r in out.report.results] == [r.id for r in REFS]


def test_offline_run_is_no_evidence(tmp_path: Path) -> None:
    url = REFS[0].url or ""

    def offline_check(references: Sequence[Reference], options: CheckOptions, *,
                      on_result: Callable[[Result], None]) -> Report:
        results = tuple(make_result(r, LinkStatus.UNREACHABLE) for r in references)
        for r in results:
            on_result(r)
        return Report(results=results, offline=True, notes=("network unreachable",))

    down = ScriptedCheck({url: lambda day: LinkStatus.UNREACHABLE})
    clock = ManualClock()
    with HistoryStore(tmp_path / "h.db") as store:
        for _day in range(3):  # three real failures over days 0-2
            run_audit(REFS[:1], CheckOptions(), store, clock, down)
            clock.advance(timedelta(days=1))
        # Day 3: citecheck itself is offline. Without that flag this would confirm.
        out = run_audit(REFS[:1], CheckOptions(), store, clock, offline_check)
        result = out.report.results[0]
        assert out.report.offline and result.verdict is Verdict.UNREACHABLE
        assert result.history.checks == 3 and not result.history.confirmed
        assert store.run(out.run_id).offline
        assert store.previous_complete_run(out.run_id + 1).id == out.run_id - 1
        clock.advance(timedelta(days=1))
        back = run_audit(REFS[:1], CheckOptions(), store, clock, down)
        assert back.report.results[0].verdict is Verdict.DEAD
        assert back.report.results[0].history.checks == 4
        assert back.changes.previous_run_id == out.run_id - 1
