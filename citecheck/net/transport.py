"""One request and its answer, on guarded connections: the engine's connection side.

`Transport.exchange` checks the URL against the address guard, sends one GET
(`send.Sender`), and reads the body as far as the caller's stop rule needs
(`body.read_body`), turning every transport failure into an ErrorKind. It knows
nothing of politeness, retries or redirects: `client.HttpClient` does those.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import requests
import urllib3

from citecheck.models import ErrorKind
from citecheck.net.body import BodyDeadline, StopRule, default_cap, drain, media_type, read_body
from citecheck.net.classify import TRANSPORT_ERRORS, classify
from citecheck.net.errors import DeadlineExceeded
from citecheck.net.guard import AddressGuard, check_url
from citecheck.net.resolver import Resolver
from citecheck.net.send import Sender
from citecheck.net.session import Proxies, build_session, tls_verify
from citecheck.net.tls import tls_context
from citecheck.net.watchdog import Watchdog
from citecheck.options import CheckOptions

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# What a connection cut by the watchdog at the deadline looks like.
_CUT_KINDS = (ErrorKind.READ_TIMEOUT, ErrorKind.RESET, ErrorKind.PROTOCOL, ErrorKind.OTHER)


@dataclass
class Attempt:
    """What one request brought: a response (status, headers, the body read), or why none."""

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    error_kind: ErrorKind | None = None
    error: str | None = None


class Transport:
    def __init__(
        self,
        options: CheckOptions,
        watchdog: Watchdog,
        pacer: Callable[[Callable[[], object]], None],
        *,
        direct_send: bool = True,
    ):
        """``pacer`` runs each request's first send (per-host spacing);
        ``direct_send=False`` sends every request through requests (see send.py)."""
        self.options = options
        self.watchdog = watchdog
        self._pacer = pacer
        self._direct_send = direct_send
        self.resolver = Resolver(options.resolve)
        self._trusted: set[str] = set(self.resolver.pinned_hosts())
        self.guard = AddressGuard(options.allow_private, frozenset(self._trusted))
        self.proxies = Proxies()
        self._verify = tls_verify(options)
        self.tls_context: ssl.SSLContext = tls_context(self._verify)
        self._connect()

    def _connect(self) -> None:
        self.session: requests.Session = build_session(
            self.options, self.resolver, self.guard, self.watchdog, self._pacer,
            self.tls_context,
        )
        self.sender = Sender(
            self.session, self.proxies, self._verify, self.tls_context, direct=self._direct_send
        )

    def trust_host(self, host: str) -> None:
        """Lift the address guard for ``host``; rebuilds the session's pools."""
        self._trusted.add(host.lower().rstrip("."))
        self.guard = AddressGuard(self.options.allow_private, frozenset(self._trusted))
        # The adapter's connection classes captured the guard: remount with the new one.
        self.session.close()
        self._connect()

    def release_host(self, host: str) -> None:
        # urllib3 keys pools by the host as written, a final dot included.
        name = host.lower().rstrip(".")
        self.sender.pool_manager.drop_host(name)
        self.sender.pool_manager.drop_host(name + ".")

    def close(self) -> None:
        self.session.close()

    def exchange(
        self,
        url: str,
        deadline: float,
        max_bytes: int | None,
        enough: StopRule | None,
        headers: Mapping[str, str] | None,
        follow_redirects: bool,
    ) -> Attempt:
        """Send, then read the body (or drain a redirect's). A stop rule that raises
        raises StopRuleError out of here."""
        attempt = Attempt()
        raw: urllib3.BaseHTTPResponse | None = None
        # A connection whose response was read to its end goes back to the pool:
        # reconnecting per request cost both sides a TCP handshake and a new guarded,
        # watched socket (keep-alive; measured in benchmarks/).
        reusable = False
        try:
            check_url(url, self.guard, self.resolver, proxied=bool(self.proxies.for_url(url)))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DeadlineExceeded("total time for this URL used up")
            sent = self.sender.send(url, headers, min(self.options.timeout, remaining))
            raw, attempt.headers, attempt.status = sent.raw, sent.headers, sent.raw.status
            if raw.status == 204:
                reusable = True
            elif raw.status in REDIRECT_STATUSES and follow_redirects:
                reusable = drain(raw, deadline)
            else:
                limit = max_bytes if max_bytes is not None else default_cap(
                    attempt.headers, self.options.max_bytes, self.options.max_pdf_bytes
                )
                body = read_body(
                    raw, media_type(attempt.headers) or None, limit, enough, deadline,
                    self.options.total_timeout,
                )
                attempt.body, attempt.truncated = body.data, body.truncated
                reusable = not body.truncated
        except TRANSPORT_ERRORS as exc:
            if isinstance(exc, BodyDeadline):
                attempt.body, attempt.truncated = exc.partial, True
            attempt.error_kind, attempt.error = self._explain(exc, deadline)
        finally:
            if raw is not None:
                if not reusable:
                    raw.close()  # an unfinished response leaves the connection unusable
                raw.release_conn()
        return attempt

    def _explain(self, exc: BaseException, deadline: float) -> tuple[ErrorKind, str]:
        kind, message = classify(exc)
        if time.monotonic() >= deadline and kind in _CUT_KINDS:
            # The watchdog cut the connection: say so rather than "reset".
            return ErrorKind.DEADLINE, (
                f"no complete response within {self.options.total_timeout:g}s"
            )
        return kind, message
