"""The HTTP engine's front: one fetch, with redirects by hand, retries and bounded reads.

`HttpClient.fetch` is thread-safe and blocking. Every request it sends
waits for a per-host slot (politeness), connects only where the address
guard allows, and reads no more of the body than the caller's stop rule
needs. Link checks, soft-404 probes and archive lookups all use it.

The parts: `session` (requests session, TLS trust, proxies), `send` (one GET),
`body` (reading with caps), `retry` (when to try again: pure), `limiter`
(per-host and per-endpoint politeness), `guard` (where we may connect).
"""

from __future__ import annotations

import logging
import random
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

from citecheck.models import ErrorKind
from citecheck.net.body import StopRule, StopRuleError
from citecheck.net.errors import DeadlineExceeded
from citecheck.net.guard import AddressGuard
from citecheck.net.limiter import EndpointLimits, HostLimiter
from citecheck.net.resolver import Resolver
from citecheck.net.retry import RetryPolicy, parse_retry_after
from citecheck.net.transport import REDIRECT_STATUSES, Attempt, Transport
from citecheck.net.types import FetchResult
from citecheck.net.watchdog import Watchdog
from citecheck.options import CheckOptions

__all__ = ["HttpClient", "StopRule", "parse_retry_after"]

# `--verbose` shows one line per request sent (INFO on this logger).
log = logging.getLogger("citecheck.net")

_CANCELLED = "cancelled: the run was stopped"


@dataclass
class _Fetch:
    """One fetch in progress: the URL asked for and the hops taken so far."""

    url: str
    started: float
    current: str = ""
    redirects: list[str] = field(default_factory=list)
    attempts: int = 0
    seen: set[str] = field(default_factory=set)  # the hops' URLs without fragment

    def __post_init__(self) -> None:
        self.current = self.current or self.url
        self.seen.add(self.url.split("#", 1)[0])

    def refuse_scheme(self) -> FetchResult | None:
        """The result for a hop we will not send (not http or https), else None."""
        scheme = urlsplit(self.current).scheme.lower()
        if scheme in ("http", "https"):
            return None
        return self.result(
            error_kind=ErrorKind.BAD_SCHEME,
            error=f"redirect to a non-HTTP URL ({scheme or 'no'} scheme): {self.current[:200]}",
        )

    def follow(
        self, attempt: Attempt, follow_redirects: bool, max_redirects: int
    ) -> FetchResult | None:
        """Take the redirect ``attempt`` answered with (None: go on to the new
        ``current``), or the fetch's result: no redirect, or one we will not follow."""
        location = attempt.headers.get("location")
        if not (follow_redirects and attempt.status in REDIRECT_STATUSES and location is not None):
            return self.result(attempt)
        try:
            target = urljoin(self.current, location.strip())
        except ValueError:
            return self.result(
                attempt, error_kind=ErrorKind.PROTOCOL, error="invalid redirect location"
            )
        key = target.split("#", 1)[0]
        if key in self.seen:
            return self.result(
                attempt, error_kind=ErrorKind.REDIRECT_LOOP,
                error=f"redirect loop back to {target[:200]}", extra_hop=target,
            )
        if len(self.redirects) >= max_redirects:
            return self.result(
                attempt, error_kind=ErrorKind.TOO_MANY_REDIRECTS,
                error=f"more than {max_redirects} redirects",
            )
        self.seen.add(key)
        self.redirects.append(target)
        self.current = target
        return None

    def result(
        self,
        attempt: Attempt | None = None,
        *,
        error_kind: ErrorKind | None = None,
        error: str | None = None,
        extra_hop: str | None = None,
    ) -> FetchResult:
        attempt = attempt or Attempt()
        redirects = [*self.redirects, extra_hop] if extra_hop else self.redirects
        return FetchResult(
            url=self.url,
            final_url=self.current,
            status=attempt.status,
            headers=attempt.headers,
            body=attempt.body,
            truncated=attempt.truncated,
            redirects=tuple(redirects),
            error_kind=error_kind or attempt.error_kind,
            error=error or attempt.error,
            attempts=self.attempts,
            elapsed_ms=int((time.monotonic() - self.started) * 1000),
        )


def _log_attempt(url: str, attempt: Attempt, started: float, number: int) -> None:
    outcome = attempt.status if attempt.status is not None else attempt.error
    log.info(
        "GET %s -> %s (%d bytes%s, %.0f ms, attempt %d)", url, outcome,
        len(attempt.body), ", truncated" if attempt.truncated else "",
        (time.monotonic() - started) * 1000, number,
    )


class HttpClient:
    def __init__(
        self,
        options: CheckOptions,
        *,
        limiter: HostLimiter | None = None,
        direct_send: bool = True,
    ):
        """``direct_send=False`` sends every request through requests (see send.py)."""
        self.options = options
        self.limiter = limiter or HostLimiter(options.per_host, options.host_interval)
        self.endpoints = EndpointLimits()
        self.retry = RetryPolicy(options.backoff, options.max_retry_after)
        self.watchdog = Watchdog()
        # The slot key of each thread's request, by thread id (not a threading.local:
        # see Watchdog.__init__).
        self._sending: dict[int, str] = {}
        self._cancelled = False
        self.transport = Transport(
            options, self.watchdog, self._pace_send, direct_send=direct_send
        )

    # What the rest of citecheck (and tests) look at: the transport's.
    @property
    def resolver(self) -> Resolver:
        return self.transport.resolver

    @property
    def guard(self) -> AddressGuard:
        return self.transport.guard

    @property
    def session(self) -> requests.Session:
        return self.transport.session

    @property
    def tls_context(self) -> ssl.SSLContext:
        return self.transport.tls_context

    def trust_host(self, host: str) -> None:
        """Lift the address guard for ``host`` (e.g. the configured archive service).

        Call it before fetching starts: it rebuilds the session's pools.
        """
        self.transport.trust_host(host)

    def configure_host(self, host: str, *, concurrency: int, interval: float) -> None:
        self.limiter.configure(host.lower().rstrip("."), concurrency=concurrency, interval=interval)

    def configure_endpoint(
        self, host: str, path_prefix: str, *, concurrency: int, interval: float
    ) -> None:
        """Give the URLs of ``host`` whose path starts with ``path_prefix`` a limit of their
        own, instead of the host's. Call it before fetching starts."""
        key = self.endpoints.add(host, path_prefix)
        self.limiter.configure(key, concurrency=concurrency, interval=interval)

    def cancel(self) -> None:
        """Stop: in-flight requests fail at once and no new ones start."""
        self._cancelled = True
        self.watchdog.cancel_all()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def close(self) -> None:
        self.transport.close()
        self.watchdog.close()

    def _pace_send(self, send: Callable[[], object]) -> None:
        host = self._sending.get(threading.get_ident())
        if host is None:
            send()
        else:
            self.limiter.paced_send(host, send)

    def release_host(self, host: str) -> None:
        """Close the idle connections to ``host``: nothing more will be fetched from it
        (fetching again later still works, on new connections)."""
        self.transport.release_host(host)

    # -- fetching -----------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        follow_redirects: bool = True,
        max_bytes: int | None = None,
        enough: StopRule | None = None,
        headers: Mapping[str, str] | None = None,
        retries: int | None = None,
        slot_held: str | None = None,
    ) -> FetchResult:
        """Fetch ``url``. ``slot_held`` names a host whose slot the caller already took.

        A stop rule (``enough``) that raises is a bug of the caller: its exception
        propagates, it is never reported as a network failure."""
        started = time.monotonic()
        deadline = started + self.options.total_timeout
        fetch = _Fetch(url, started)
        max_retries = self.options.retries if retries is None else retries
        while True:
            refused = fetch.refuse_scheme()
            if refused is not None:
                if slot_held is not None:
                    self.limiter.release(slot_held)
                return refused
            try:
                attempt, used = self._attempt_with_retries(
                    fetch.current, deadline, max_retries, max_bytes, enough, headers,
                    follow_redirects, slot_held,
                )
            except StopRuleError as exc:
                raise exc.__cause__ from None  # type: ignore[misc]  # always set
            slot_held = None
            fetch.attempts += used
            done = fetch.follow(attempt, follow_redirects, self.options.max_redirects)
            if done is not None:
                return done

    def _attempt_with_retries(
        self,
        url: str,
        deadline: float,
        max_retries: int,
        max_bytes: int | None,
        enough: StopRule | None,
        headers: Mapping[str, str] | None,
        follow_redirects: bool,
        slot_held: str | None,
    ) -> tuple[Attempt, int]:
        key = self.endpoints.key_for(url)
        if slot_held is not None and slot_held != key:
            # The slot taken for the host is not the one this URL is limited by.
            self.limiter.release(slot_held)
            slot_held = None
        used = 0
        while True:
            used += 1
            started = time.monotonic()
            attempt = self._attempt(
                url, key, deadline, max_bytes, enough, headers, follow_redirects,
                slot_held=slot_held == key,
            )
            retry_after = attempt.headers.get("retry-after")
            hold = self.retry.hold_host_for(attempt.status, retry_after, used)
            if hold is not None:
                self.limiter.hold(key, hold)
            if log.isEnabledFor(logging.INFO):
                _log_attempt(url, attempt, started, used)
            slot_held = None
            if used > max_retries or self._cancelled:
                return attempt, used
            wait = self.retry.wait_before_retry(
                attempt.status, attempt.error_kind, retry_after, used, random.random()
            )
            if wait is None or time.monotonic() + wait >= deadline:
                return attempt, used
            time.sleep(wait)

    def _attempt(
        self,
        url: str,
        key: str,
        deadline: float,
        max_bytes: int | None,
        enough: StopRule | None,
        headers: Mapping[str, str] | None,
        follow_redirects: bool,
        *,
        slot_held: bool,
    ) -> Attempt:
        """One request under ``key``'s slot (taken here unless ``slot_held``; always
        released here: ownership passes to this call)."""
        if self._cancelled:
            if slot_held:
                self.limiter.release(key)
            return Attempt(error_kind=ErrorKind.DEADLINE, error=_CANCELLED)
        try:
            if not slot_held:
                self.limiter.acquire(key, deadline)
        except DeadlineExceeded as exc:
            return Attempt(error_kind=ErrorKind.DEADLINE, error=str(exc))
        self.watchdog.arm(deadline)
        self._sending[threading.get_ident()] = key
        try:
            attempt = self.transport.exchange(
                url, deadline, max_bytes, enough, headers, follow_redirects
            )
        finally:
            self.watchdog.disarm()
            self._sending.pop(threading.get_ident(), None)
            self.limiter.release(key)
        if attempt.error_kind is not None and self._cancelled:
            attempt.error_kind, attempt.error = ErrorKind.DEADLINE, _CANCELLED
        return attempt
