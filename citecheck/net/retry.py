"""When to try a request again, and how long a host is held back: pure decisions.

The engine sends; these functions only look at what came back (a status, an
error kind, a Retry-After header) and say how long to wait. Nothing here
sleeps, reads the clock (but for an HTTP-date Retry-After without ``now``) or
draws random numbers: the caller passes the jitter in.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass

from citecheck.models import ErrorKind

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RETRY_ERRORS = frozenset(
    {
        ErrorKind.CONNECT_TIMEOUT,
        ErrorKind.READ_TIMEOUT,
        ErrorKind.RESET,
        ErrorKind.CONNECT_REFUSED,
        ErrorKind.DNS_FAILURE,
    }
)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True)
class RetryPolicy:
    """``backoff`` seconds after the first attempt, doubling after each one;
    a server asking for more than ``max_retry_after`` seconds is not waited for."""

    backoff: float
    max_retry_after: float

    def backoff_after(self, attempt_number: int) -> float:
        """Exponential backoff after the ``attempt_number``-th attempt (no jitter)."""
        return self.backoff * (2 ** (attempt_number - 1))

    def wait_before_retry(
        self,
        status: int | None,
        error_kind: ErrorKind | None,
        retry_after: str | None,
        attempt_number: int,
        jitter: float,
    ) -> float | None:
        """Seconds to wait before retrying, or None when this outcome is not retried.

        ``jitter`` in [0, 1) spreads the backoff over 0.75-1.25 of itself, so the
        threads that failed together do not retry in lockstep.
        """
        if error_kind is not None:
            if error_kind not in RETRY_ERRORS:
                return None
        elif status not in RETRY_STATUSES:
            return None
        asked = parse_retry_after(retry_after)
        if asked is not None:
            if asked > self.max_retry_after:
                return None  # the server asks for longer than we will wait
            return max(asked, 0.0)
        return self.backoff_after(attempt_number) * (0.75 + jitter / 2)

    def hold_host_for(
        self, status: int | None, retry_after: str | None, attempt_number: int
    ) -> float | None:
        """How long no new request may start for the host, or None: no hold.

        A server that says we send too much (429) gets no new request from this
        run until the time it asks for (at most max_retry_after) or a backoff is
        past: every worker waits, not only the one retrying (the Internet Archive
        blocks a client that goes on after 429s for an hour). A 503 with a
        Retry-After we will wait for holds the host the same way; a longer one
        (maintenance) does not, or each of the host's references would wait for it
        in turn.
        """
        if status not in (429, 503):
            return None
        pause = parse_retry_after(retry_after)
        if status == 503 and (pause is None or pause > self.max_retry_after):
            return None
        if pause is None:
            pause = self.backoff_after(attempt_number)
        return min(pause, self.max_retry_after)
