"""The enums every stage matches on: link statuses, verdicts, gate kinds, title and
archive findings, error kinds, quote findings (values are the report's strings)."""

from __future__ import annotations

from enum import StrEnum


class LinkStatus(StrEnum):
    """What happened when the cited URL itself was requested."""

    LIVE = "live"
    REDIRECTED = "redirected"
    NOT_FOUND = "not-found"
    SOFT_404 = "soft-404"
    MOVED_HOME = "moved-home"
    PARKED = "parked"
    SERVER_ERROR = "server-error"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    BLOCKED = "blocked"
    REFUSED = "refused"
    INVALID = "invalid"
    SKIPPED = "skipped"

    def is_live(self) -> bool:
        return self in (LinkStatus.LIVE, LinkStatus.REDIRECTED)

    def is_transient(self) -> bool:
        """Failures that may go away by themselves (history can confirm them)."""
        return self in (LinkStatus.SERVER_ERROR, LinkStatus.TIMEOUT, LinkStatus.UNREACHABLE)


class Verdict(StrEnum):
    """One decision per reference (DESIGN.md, Verdicts)."""

    OK = "ok"
    DEAD = "dead"
    MISMATCH = "mismatch"
    UNREACHABLE = "unreachable"
    BLOCKED = "blocked"
    INVALID = "invalid"
    SKIPPED = "skipped"


class GateKind(StrEnum):
    """Gate outcomes finer than a verdict, usable in ``--fail-on`` beside the verdicts."""

    # A dead link whose citation already names a working archived copy: what
    # Wikipedia editors consider handled, so it passes unless asked for.
    DEAD_ARCHIVED = "dead-archived"
    # The page's text drifted from its capture near the access date, or the cited quote
    # is only in the capture (informational unless asked for).
    DRIFT = "drift"
    # The cited quote is neither on the page nor in its capture.
    QUOTE = "quote"


# What ``--fail-on`` selects: verdicts, and the finer gate kinds.
FailOn = frozenset[Verdict | GateKind]

DEFAULT_FAIL_ON: FailOn = frozenset({Verdict.DEAD, Verdict.MISMATCH, Verdict.INVALID})


class TitleMatch(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    UNKNOWN = "unknown"


class ArchiveStatus(StrEnum):
    OK = "ok"
    MISMATCH = "mismatch"
    BROKEN = "broken"
    SUGGESTED = "suggested"
    MISSING = "missing"
    UNCHECKED = "unchecked"


class ErrorKind(StrEnum):
    """Why a request produced no usable HTTP response; matched on, never the message."""

    DNS_NXDOMAIN = "dns-nxdomain"
    DNS_FAILURE = "dns-failure"
    CONNECT_REFUSED = "connect-refused"
    CONNECT_TIMEOUT = "connect-timeout"
    READ_TIMEOUT = "read-timeout"
    DEADLINE = "deadline"
    TLS = "tls"
    RESET = "reset"
    PROTOCOL = "protocol"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    REDIRECT_LOOP = "redirect-loop"
    GUARD = "guard"
    BAD_SCHEME = "bad-scheme"
    OTHER = "other"

    def is_network_level(self) -> bool:
        """Failures that say nothing about the server: what an offline machine sees."""
        return self in (
            ErrorKind.DNS_NXDOMAIN,
            ErrorKind.DNS_FAILURE,
            ErrorKind.CONNECT_REFUSED,
            ErrorKind.CONNECT_TIMEOUT,
            ErrorKind.RESET,
            ErrorKind.OTHER,
        )


class QuoteStatus(StrEnum):
    """Where the cited quote was found."""

    FOUND = "found"  # on the live page
    FOUND_IN_CAPTURE = "found-in-capture"  # not on the live page, in the archived copy
    NOT_FOUND = "not-found"  # on neither
    UNCHECKED = "unchecked"  # no text to look in (the page is not live, or not text)
