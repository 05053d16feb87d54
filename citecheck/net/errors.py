"""Exceptions raised inside the HTTP engine; each maps to one ErrorKind.

They do not derive from urllib3's or requests' exceptions on purpose: urllib3
and requests then let them through unchanged, so the engine sees exactly what
happened instead of a generic "connection error". The engine turns every one
of them into a result's ErrorKind; none leaves `HttpClient.fetch`.
"""

from __future__ import annotations

from citecheck.errors import CitecheckError
from citecheck.models import ErrorKind


class FetchError(CitecheckError):
    """A request failed for a reason of the network or the server (a value, not a bug)."""

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


class HeaderLimitExceeded(FetchError):
    """The response's header block breaks a limit: a server we will not parse."""

    kind = ErrorKind.PROTOCOL


class HeaderLineTooLong(HeaderLimitExceeded):
    def __init__(self, limit: int):
        super().__init__(f"header line too long (more than {limit} bytes)")
        self.limit = limit


class TooManyHeaders(HeaderLimitExceeded):
    def __init__(self, limit: int):
        super().__init__(f"too many response headers (more than {limit})")
        self.limit = limit
