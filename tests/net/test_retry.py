"""The retry policy as pure functions: what is retried, how long to wait, when a host is held."""

from __future__ import annotations

import pytest

from citecheck.models import ErrorKind
from citecheck.net.retry import RETRY_ERRORS, RETRY_STATUSES, RetryPolicy, parse_retry_after

POLICY = RetryPolicy(backoff=0.5, max_retry_after=30.0)


def test_parse_retry_after() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after(" 7 ") == 7
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 30) == 30
    # A date in the past means now, not a negative wait.
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 + 30) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-5") is None
    assert parse_retry_after("") is None
    assert parse_retry_after(None) is None


def test_backoff_doubles_after_each_attempt() -> None:
    assert [POLICY.backoff_after(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]


@pytest.mark.parametrize("status", sorted(RETRY_STATUSES))
def test_transient_statuses_are_retried_after_a_jittered_backoff(status: int) -> None:
    assert POLICY.wait_before_retry(status, None, None, 1, jitter=0.0) == 0.375
    assert POLICY.wait_before_retry(status, None, None, 1, jitter=0.5) == 0.5
    assert POLICY.wait_before_retry(status, None, None, 2, jitter=0.999) == pytest.approx(1.2495)


@pytest.mark.parametrize("status", [200, 301, 404, 410, 403, 501])
def test_final_statuses_are_not_retried(status: int) -> None:
    assert POLICY.wait_before_retry(status, None, "1", 1, jitter=0.5) is None


@pytest.mark.parametrize("kind", list(ErrorKind))
def test_only_transient_network_errors_are_retried(kind: ErrorKind) -> None:
    wait = POLICY.wait_before_retry(None, kind, None, 1, jitter=0.5)
    assert (wait is not None) is (kind in RETRY_ERRORS)
    # An error decides even when a status is known (a body cut short after a 200).
    assert (POLICY.wait_before_retry(200, kind, None, 1, jitter=0.5) is not None) is (
        kind in RETRY_ERRORS)


def test_retry_after_replaces_the_backoff_up_to_the_limit() -> None:
    assert POLICY.wait_before_retry(429, None, "3", 5, jitter=0.9) == 3.0
    assert POLICY.wait_before_retry(503, None, "0", 1, jitter=0.9) == 0.0
    assert POLICY.wait_before_retry(503, None, "30", 1, jitter=0.9) == 30.0
    assert POLICY.wait_before_retry(503, None, "31", 1, jitter=0.9) is None  # too long: give up
    # Unparseable: the backoff, as if there were none.
    assert POLICY.wait_before_retry(429, None, "later", 1, jitter=0.5) == 0.5


def test_a_429_holds_the_host_for_what_it_asks_or_the_backoff() -> None:
    assert POLICY.hold_host_for(429, "5", 1) == 5.0
    assert POLICY.hold_host_for(429, None, 3) == 2.0
    assert POLICY.hold_host_for(429, "3600", 1) == 30.0  # at most max_retry_after


def test_a_503_holds_the_host_only_for_a_wait_we_would_make() -> None:
    assert POLICY.hold_host_for(503, "5", 1) == 5.0
    assert POLICY.hold_host_for(503, None, 1) is None  # no Retry-After: an error, not a pause
    assert POLICY.hold_host_for(503, "3600", 1) is None  # maintenance: don't make all wait


@pytest.mark.parametrize("status", [None, 200, 404, 500, 502])
def test_other_answers_hold_nothing(status: int | None) -> None:
    assert POLICY.hold_host_for(status, "5", 1) is None
