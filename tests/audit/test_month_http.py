"""A month of daily audits making real HTTP checks against a local web whose pages
and hosts change from day to day; asserts exactly when each URL is confirmed dead
and when it recovers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from citecheck.api import check
from citecheck.audit.changes import ChangeKind
from citecheck.audit.run import run_audit
from citecheck.models import Reference, Verdict
from citecheck.store.db import HistoryStore
from tests.audit.audit_support import LOCAL, ManualClock, Page, SimWeb


def test_a_month_against_a_changing_local_web(tmp_path: Path) -> None:
    web = SimWeb("127.0.0.2")
    web.pages["/stable"] = lambda day: Page(200, "Stable")
    web.pages["/flaky"] = lambda day: Page(503 if 3 <= day <= 9 else 200, "Flaky")
    web.pages["/gone"] = lambda day: Page(404) if day >= 6 else Page(200, "Gone")
    web.pages["/drift"] = lambda day: Page(200, "Drift" if day < 15 else "Rewritten")
    other = SimWeb("127.0.0.3")
    other.pages["/page"] = lambda day: Page(200, "Other")
    refs = [Reference(id=p.strip("/"), url=web.url(p), title=p.strip("/").title())
            for p in ("/stable", "/flaky", "/gone", "/drift")]
    refs.append(Reference(id="other", url=other.url("/page"), title="Other"))
    port = other.server.server_address[1]

    clock = ManualClock()
    verdicts: dict[str, list[Verdict]] = {r.id: [] for r in refs}
    events: dict[int, list[tuple[ChangeKind, str]]] = {}
    with web, HistoryStore(tmp_path / "h.db") as store:
        other.__enter__()
        try:
            for day in range(30):
                web.day = other.day = day
                if day == 4:  # the whole host goes down: connections refused
                    other.__exit__()
                if day == 12:  # and comes back on the same address
                    other = SimWeb("127.0.0.3", port)
                    other.pages["/page"] = lambda day: Page(200, "Other")
                    other.__enter__()
                out = run_audit(refs, LOCAL, store, clock, check)
                for result in out.report.results:
                    verdicts[result.id].append(result.verdict)
                events[day] = [(c.kind, c.ref_id) for c in out.changes.changes]
                clock.advance(timedelta(days=1))
        finally:
            other.__exit__()

    def days(ref_id: str, verdict: Verdict) -> list[int]:
        return [d for d, v in enumerate(verdicts[ref_id]) if v is verdict]

    assert days("stable", Verdict.OK) == list(range(30))
    assert days("flaky", Verdict.UNREACHABLE) == [3, 4, 5]
    assert days("flaky", Verdict.DEAD) == [6, 7, 8, 9]
    assert days("gone", Verdict.DEAD) == list(range(6, 30))
    assert days("other", Verdict.UNREACHABLE) == [4, 5, 6]
    assert days("other", Verdict.DEAD) == [7, 8, 9, 10, 11]
    assert days("drift", Verdict.MISMATCH) == list(range(15, 30))
    assert {d: e for d, e in events.items() if e} == {
        6: [(ChangeKind.NEWLY_DEAD, "flaky"), (ChangeKind.NEWLY_DEAD, "gone")],
        7: [(ChangeKind.NEWLY_DEAD, "other")],
        10: [(ChangeKind.RECOVERED, "flaky")],
        12: [(ChangeKind.RECOVERED, "other")],
        15: [(ChangeKind.NEWLY_MISMATCHED, "drift")],
    }
