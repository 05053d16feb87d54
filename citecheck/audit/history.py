"""Fill a report's history blocks from the store and upgrade confirmed failures."""

from __future__ import annotations

import dataclasses

from citecheck.audit.rules import ConfirmationRules, Judgement, Observation, classify, judge
from citecheck.models import Report, Result, Verdict
from citecheck.store.clock import Clock, from_stored
from citecheck.store.db import HistoryStore


def observations(store: HistoryStore, url: str, clock: Clock) -> list[Observation]:
    now = clock.now()
    found = []
    for row in store.url_checks(url):
        at = from_stored(row.checked_at)
        if at <= now:
            found.append(Observation(at, classify(row.verdict, row.link_status), row.link_status))
    return found


def apply_history(report: Report, store: HistoryStore, clock: Clock,
                  rules: ConfirmationRules | None = None) -> Report:
    """Return ``report`` with history filled in and confirmed transient failures `dead`.

    The store must already hold this run's checks (``run_audit`` records each result as
    it finishes). A report made while citecheck was offline upgrades nothing.
    """
    rules = rules or ConfirmationRules()
    judged: dict[str, Judgement] = {}
    results = []
    for result in report.results:
        url = result.reference.url
        if not url:
            results.append(result)
            continue
        if url not in judged:
            judged[url] = judge(observations(store, url, clock), rules)
        results.append(_updated(result, judged[url], upgrade=not report.offline))
    return dataclasses.replace(report, results=tuple(results))


def _updated(result: Result, judgement: Judgement, *, upgrade: bool) -> Result:
    if (
        upgrade
        and judgement.upgrade_to_dead
        and result.verdict is Verdict.UNREACHABLE
        and result.link.status.is_transient()
    ):
        reasons = result.reasons + ((judgement.reason,) if judgement.reason else ())
        return dataclasses.replace(
            result, verdict=Verdict.DEAD, reasons=reasons, history=judgement.history
        )
    return dataclasses.replace(result, history=judgement.history)
