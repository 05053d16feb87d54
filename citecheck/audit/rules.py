"""Confirmation rules: when a failure seen across audits counts as established.

Pure functions of a URL's observations, so they can be tested without a database.
A transient failure (server error, timeout, unreachable) becomes `dead` only after
``failures`` failing checks spread over at least ``span``; any success resets the
count. A definitive failure (404, NXDOMAIN, parked…) is `dead` at once but only
``confirmed`` once a second check agrees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from citecheck.models import HistoryInfo, LinkStatus, Verdict
from citecheck.store.clock import to_stored

DEFAULT_CONFIRM_CHECKS = 3
DEFAULT_CONFIRM_DAYS = 3
DEFAULT_DEFINITIVE_CHECKS = 2
# Two checks closer than this (two audits running at once, two references citing
# one URL) are one observation: concurrency must not speed up confirmation.
DEFAULT_MIN_GAP = timedelta(hours=1)


class Outcome(Enum):
    SUCCESS = "success"
    TRANSIENT = "transient"
    DEFINITIVE = "definitive"
    # Says nothing about the link's health (blocked, skipped, refused by our guard).
    NEUTRAL = "neutral"

    @property
    def is_failure(self) -> bool:
        return self in (Outcome.TRANSIENT, Outcome.DEFINITIVE)


def classify(verdict: Verdict, link_status: LinkStatus) -> Outcome:
    """``verdict`` is the check's own, before history upgraded it."""
    if link_status.is_live():
        return Outcome.SUCCESS
    if verdict is Verdict.DEAD:
        return Outcome.DEFINITIVE
    if link_status.is_transient():
        return Outcome.TRANSIENT
    return Outcome.NEUTRAL


@dataclass(frozen=True)
class Observation:
    at: datetime
    outcome: Outcome
    status: LinkStatus


@dataclass(frozen=True)
class ConfirmationRules:
    failures: int = DEFAULT_CONFIRM_CHECKS
    span: timedelta = timedelta(days=DEFAULT_CONFIRM_DAYS)
    definitive_checks: int = DEFAULT_DEFINITIVE_CHECKS
    min_gap: timedelta = DEFAULT_MIN_GAP

    def __post_init__(self) -> None:
        if self.failures < 1 or self.definitive_checks < 1:
            raise ValueError("confirmation needs at least one check")
        if self.span < timedelta(0) or self.min_gap < timedelta(0):
            raise ValueError("confirmation span and gap cannot be negative")


@dataclass(frozen=True)
class Judgement:
    history: HistoryInfo
    # The current transient failure is confirmed: its verdict becomes `dead`.
    upgrade_to_dead: bool = False
    reason: str | None = None


def spaced(observations: Sequence[Observation], min_gap: timedelta) -> list[Observation]:
    """Drop each observation made less than ``min_gap`` after the last one kept."""
    kept: list[Observation] = []
    for obs in observations:
        if not kept or obs.at - kept[-1].at >= min_gap:
            kept.append(obs)
    return kept


def next_counting_check(
    observations: Sequence[Observation], rules: ConfirmationRules
) -> datetime | None:
    """The earliest time a new check counts as a distinct one (``min_gap`` after the
    last check that counted), or None before any check that counts."""
    relevant = [o for o in observations if o.outcome is not Outcome.NEUTRAL]
    kept = spaced(relevant, rules.min_gap)
    return kept[-1].at + rules.min_gap if kept else None


def judge(observations: Sequence[Observation], rules: ConfirmationRules) -> Judgement:
    """Judge a URL from its observations, oldest first; the last one is the current check."""
    relevant = [o for o in observations if o.outcome is not Outcome.NEUTRAL]
    if not observations:
        return Judgement(HistoryInfo())
    checks = len(spaced(relevant, rules.min_gap))
    last_success = max(
        (i for i, o in enumerate(relevant) if o.outcome is Outcome.SUCCESS), default=-1
    )
    streak = spaced(relevant[last_success + 1 :], rules.min_gap)
    current = observations[-1].outcome
    if not streak:
        return Judgement(HistoryInfo(checks=checks, failing_since=None, confirmed=None))
    since = to_stored(streak[0].at)
    if current is Outcome.TRANSIENT:
        confirmed = len(streak) >= rules.failures and streak[-1].at - streak[0].at >= rules.span
        reason = None
        if confirmed:
            status = observations[-1].status.value
            reason = f"{status} in {len(streak)} checks since {since[:10]}"
        return Judgement(HistoryInfo(checks, since, confirmed), confirmed, reason)
    if current is Outcome.DEFINITIVE:
        confirmed = len(streak) >= rules.definitive_checks
        return Judgement(HistoryInfo(checks, since, confirmed))
    # Neutral now (e.g. blocked): still failing since then, nothing newly confirmed.
    return Judgement(HistoryInfo(checks, since, None))
