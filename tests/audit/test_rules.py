from datetime import UTC, datetime, timedelta

import pytest

from citecheck.audit.rules import ConfirmationRules, Observation, Outcome, classify, judge
from citecheck.models import LinkStatus, Verdict

T0 = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
S, T, D, N = Outcome.SUCCESS, Outcome.TRANSIENT, Outcome.DEFINITIVE, Outcome.NEUTRAL
STATUS = {S: LinkStatus.LIVE, T: LinkStatus.TIMEOUT, D: LinkStatus.NOT_FOUND,
          N: LinkStatus.BLOCKED}


def obs(*days_and_outcomes: tuple[float, Outcome]) -> list[Observation]:
    return [Observation(T0 + timedelta(days=d), o, STATUS[o]) for d, o in days_and_outcomes]


@pytest.mark.parametrize(
    ("verdict", "status", "expected"),
    [
        (Verdict.OK, LinkStatus.LIVE, S),
        (Verdict.MISMATCH, LinkStatus.REDIRECTED, S),
        (Verdict.DEAD, LinkStatus.NOT_FOUND, D),
        # NXDOMAIN: link unreachable but already judged dead by the check.
        (Verdict.DEAD, LinkStatus.UNREACHABLE, D),
        (Verdict.UNREACHABLE, LinkStatus.UNREACHABLE, T),
        (Verdict.UNREACHABLE, LinkStatus.SERVER_ERROR, T),
        (Verdict.UNREACHABLE, LinkStatus.REFUSED, N),
        (Verdict.BLOCKED, LinkStatus.BLOCKED, N),
        (Verdict.SKIPPED, LinkStatus.SKIPPED, N),
    ],
)
def test_classify(verdict: Verdict, status: LinkStatus, expected: Outcome) -> None:
    assert classify(verdict, status) is expected


def test_transient_needs_three_checks_over_three_days() -> None:
    rules = ConfirmationRules()
    two_days = judge(obs((0, T), (1, T), (2, T)), rules)
    assert (two_days.history.checks, two_days.upgrade_to_dead) == (3, False)
    assert two_days.history.confirmed is False
    assert two_days.history.failing_since == "2026-11-01T02:00:00Z"
    three_days = judge(obs((0, T), (1, T), (2, T), (3, T)), rules)
    assert three_days.upgrade_to_dead and three_days.history.confirmed
    assert three_days.reason == "timeout in 4 checks since 2026-11-01"
    # Spread over three days but only two checks: not enough.
    assert not judge(obs((0, T), (3, T)), rules).upgrade_to_dead


def test_success_resets_the_streak() -> None:
    j = judge(obs((0, T), (1, T), (2, T), (2.5, S), (3, T), (4, T), (5, T)), ConfirmationRules())
    assert not j.upgrade_to_dead
    assert j.history.failing_since == "2026-11-04T02:00:00Z"
    assert j.history.checks == 7
    ok = judge(obs((0, T), (1, T), (2, S)), ConfirmationRules())
    assert ok.history.failing_since is None and ok.history.confirmed is None


def test_neutral_checks_neither_count_nor_reset() -> None:
    j = judge(obs((0, T), (1, N), (2, T), (3, N), (3.5, T)), ConfirmationRules(failures=3))
    assert j.upgrade_to_dead and j.history.checks == 3
    blocked_now = judge(obs((0, T), (1, N)), ConfirmationRules())
    assert blocked_now.history.failing_since == "2026-11-01T02:00:00Z"
    assert blocked_now.history.confirmed is None and not blocked_now.upgrade_to_dead


def test_checks_close_together_count_once() -> None:
    # Two audits at once (or two references to one URL) must not confirm faster.
    j = judge(obs((0, T), (0.01, T), (3, T)), ConfirmationRules())
    assert j.history.checks == 2 and not j.upgrade_to_dead
    gapless = ConfirmationRules(min_gap=timedelta(0))
    assert judge(obs((0, T), (0.01, T), (3, T)), gapless).upgrade_to_dead


def test_definitive_confirmed_on_second_check() -> None:
    first = judge(obs((0, S), (1, D)), ConfirmationRules())
    assert first.history.confirmed is False and not first.upgrade_to_dead
    second = judge(obs((0, S), (1, D), (2, D)), ConfirmationRules())
    assert second.history.confirmed is True and not second.upgrade_to_dead
    # A transient failure before the 404 is part of the same failing streak.
    assert judge(obs((0, T), (1, D)), ConfirmationRules()).history.confirmed is True


def test_configurable_thresholds() -> None:
    rules = ConfirmationRules(failures=2, span=timedelta(days=1))
    assert judge(obs((0, T), (1, T)), rules).upgrade_to_dead
    assert not judge(obs((0, T), (0.9, T)), rules).upgrade_to_dead
    with pytest.raises(ValueError):
        ConfirmationRules(failures=0)


def test_no_observations() -> None:
    assert judge([], ConfirmationRules()).history.checks is None
