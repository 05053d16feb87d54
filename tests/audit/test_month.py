"""A month of daily audits with scripted outcomes: when does each URL become
confirmed-dead, when does it recover, and which days does the gate fail?"""

from datetime import timedelta
from pathlib import Path

from citecheck.audit.changes import ChangeKind
from citecheck.audit.run import run_audit
from citecheck.models import LinkStatus, Reference, Verdict
from citecheck.options import CheckOptions
from citecheck.store.db import HistoryStore
from tests.audit.audit_support import ManualClock, ScriptedCheck

LIVE, TIMEOUT, ERR = LinkStatus.LIVE, LinkStatus.TIMEOUT, LinkStatus.SERVER_ERROR
GONE, DOWN = LinkStatus.NOT_FOUND, LinkStatus.UNREACHABLE

SCRIPT = {
    "https://a.example/": lambda day: LIVE,
    # Down days 5-20: 3 checks by day 7 but only 2 days apart; confirmed on day 8.
    "https://b.example/": lambda day: TIMEOUT if 5 <= day <= 20 else LIVE,
    # Gone for good on day 10: dead at once, confirmed the next day.
    "https://c.example/": lambda day: GONE if day >= 10 else LIVE,
    # Fails 3-5, one success on 6 resets, fails again 7-12: confirmed on day 10.
    "https://d.example/": lambda day: ERR if 3 <= day <= 5 or 7 <= day <= 12 else LIVE,
    # Two bad days only: never dead.
    "https://e.example/": lambda day: DOWN if day in (12, 13) else LIVE,
}


def test_a_month_of_daily_audits(tmp_path: Path) -> None:
    refs = [Reference(id=f"ref-{i}", url=url) for i, url in enumerate(SCRIPT)]
    check = ScriptedCheck(SCRIPT)
    clock = ManualClock()
    verdicts: dict[str, list[Verdict]] = {url: [] for url in SCRIPT}
    confirmed: dict[str, list[bool | None]] = {url: [] for url in SCRIPT}
    events: dict[int, dict[ChangeKind, list[str]]] = {}
    gate_failed_days = []
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        for day in range(30):
            check.day = day
            out = run_audit(refs, CheckOptions(), store, clock, check)
            for result in out.report.results:
                verdicts[result.url or ""].append(result.verdict)
                confirmed[result.url or ""].append(result.history.confirmed)
            events[day] = {
                k: [c.url or "" for c in out.changes.of_kind(k)]
                for k in ChangeKind
                if out.changes.of_kind(k)
            }
            if out.changes.new_problems:
                gate_failed_days.append(day)
            clock.advance(timedelta(days=1))

    def dead_days(url: str) -> list[int]:
        return [d for d, v in enumerate(verdicts[url]) if v is Verdict.DEAD]

    b, c, d, e = (f"https://{h}.example/" for h in "bcde")
    assert dead_days("https://a.example/") == []
    assert dead_days(b) == list(range(8, 21))
    assert verdicts[b][5:8] == [Verdict.UNREACHABLE] * 3
    assert verdicts[b][21] is Verdict.OK
    assert dead_days(c) == list(range(10, 30))
    assert confirmed[c][9:12] == [None, False, True]
    assert dead_days(d) == [10, 11, 12]
    assert dead_days(e) == []
    # Each change is reported on the day it happens, once.
    assert events[8] == {ChangeKind.NEWLY_DEAD: [b]}
    assert events[10] == {ChangeKind.NEWLY_DEAD: [c, d]}
    assert events[13] == {ChangeKind.RECOVERED: [d]}
    assert events[14] == {ChangeKind.RECOVERED: [e]}
    assert events[21] == {ChangeKind.RECOVERED: [b]}
    # The gate fails only on days with new problems (not while they persist).
    assert gate_failed_days == [8, 10]


def test_definitive_failure_dead_at_once_but_confirmed_on_second_check(tmp_path: Path) -> None:
    url = "https://gone.example/x"
    check = ScriptedCheck({url: lambda day: GONE})
    clock = ManualClock()
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        first = run_audit([Reference(id="r", url=url)], CheckOptions(), store, clock, check)
        clock.advance(timedelta(days=1))
        second = run_audit([Reference(id="r", url=url)], CheckOptions(), store, clock, check)
    assert first.report.results[0].verdict is Verdict.DEAD
    assert first.report.results[0].history.confirmed is False
    assert first.changes.new_problems and not second.changes.new_problems
    assert second.report.results[0].history.to_dict() == {
        "checks": 2, "failing_since": "2026-11-01T02:00:00Z", "confirmed": True}


def test_what_the_cache_reuses(tmp_path: Path) -> None:
    ok, down = "https://ok.example/", "https://down.example/"
    check = ScriptedCheck({ok: lambda day: LIVE, down: lambda day: TIMEOUT})
    refs = [Reference(id="ok", url=ok), Reference(id="down", url=down)]
    clock = ManualClock()
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        def audit(**kw: timedelta) -> None:
            run_audit(refs, CheckOptions(), store, clock, check, **kw)
            clock.advance(timedelta(hours=1))

        audit()
        audit()  # OK an hour ago: reused; a failure is always checked again
        assert check.requested == {ok: 1, down: 2}
        audit(max_age=timedelta(0))  # check everything
        assert check.requested == {ok: 2, down: 3}
        clock.advance(timedelta(hours=22))
        audit()  # the last real check of ok is now 23 h old: still fresh
        assert check.requested == {ok: 2, down: 4}
        audit()  # exactly 24 h old: not younger than max_age, checked again
        assert check.requested == {ok: 3, down: 5}
        # An edited citation (new cited title) is a different reference: not reused.
        run_audit([Reference(id="ok", url=ok, title="New")], CheckOptions(), store, clock,
                  check)
        assert check.requested[ok] == 4
