"""Exceptions raised inside the HTTP engine; each maps to one ErrorKind.

They do not derive from urllib3's or requests' exceptions on purpose: urllib3
and requests then let them through unchanged, so the engine sees exactly what
happened instead of a generic "connection error".
"""

from __future__ import annotations

from citecheck.models import ErrorKind


class FetchError(Exception):
    kind: ErrorKind = ErrorKind.OTHER


class GuardRefusal(FetchError):
    """The address guard forbids connecting to where this URL leads."""

    kind = ErrorKind.GUARD


class ResolutionFailed(FetchError):
    """The host name could not be resolved."""

    def __init__(self, host: str, message: str, *, nxdomain: bool):
        super().__init__(f"DNS lookup of {host} failed: {message}")
        self.host = host
        self.nxdomain = nxdomain
        self.kind = ErrorKind.DNS_NXDOMAIN if nxdomain else ErrorKind.DNS_FAILURE


class DeadlineExceeded(FetchError):
    kind = ErrorKind.DEADLINE
