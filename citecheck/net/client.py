"""The HTTP engine: one pooled session, redirects by hand, retries, bounded reads.

`HttpClient.fetch` is thread-safe and blocking. Every request it sends
waits for a per-host slot (politeness), connects only where the address
guard allows, and reads no more of the body than the caller's stop rule
needs. Link checks, soft-404 probes and archive lookups all use it.
"""

from __future__ import annotations

import email.utils
import http.client
import logging
import os
import random
import re
import threading
import time
import urllib.request
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import SplitResult, urljoin, urlsplit

import certifi
import requests
import urllib3
import urllib3.exceptions
from requests.cookies import extract_cookies_to_jar

from citecheck.models import ErrorKind
from citecheck.net.classify import classify
from citecheck.net.connection import GuardedAdapter, HostTrackingPoolManager
from citecheck.net.errors import DeadlineExceeded, FetchError, GuardRefusal
from citecheck.net.guard import AddressGuard, parse_ip
from citecheck.net.limiter import HostLimiter
from citecheck.net.resolver import Resolver
from citecheck.net.tls import tls_context
from citecheck.net.types import FetchResult
from citecheck.net.watchdog import Watchdog
from citecheck.options import CheckOptions

StopRule = Callable[[bytes, str | None], bool]
# `--verbose` shows one line per request sent (INFO on this logger).
log = logging.getLogger("citecheck.net")

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
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
# What may go wrong inside one request; anything else is a bug and propagates.
_REQUEST_ERRORS = (
    requests.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
    FetchError,
    ValueError,
)
_CHUNK = 16_384
_MIN_POOLS = 1024
# After the evidence is in, read on this far to let a small page finish, so its
# connection goes back to the pool instead of being closed.
_DRAIN_LIMIT = 65_536
_ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"
# URLs that requests would send byte for byte as written (its requote_uri leaves
# them alone): RFC 3986 characters only, and percent-escapes that are valid and
# not of an unreserved character (requests would decode those).
_PLAIN_URL = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_PERCENT = re.compile(r"%(.?.?)")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_HEX = frozenset("0123456789abcdefABCDEF")


def _sent_unchanged(url: str) -> bool:
    if not _PLAIN_URL.fullmatch(url):
        return False
    if "%" not in url:
        return True
    for match in _PERCENT.finditer(url):
        code = match.group(1)
        if len(code) != 2 or not set(code) <= _HEX or chr(int(code, 16)) in _UNRESERVED:
            return False
    return True


def _cookie_applies(host: str, domains: set[str]) -> bool:
    """Whether a cookie stored for one of ``domains`` could be sent to ``host``."""
    labels = host.lower().split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels)))


def _merge_headers(base: Mapping[str, str], extra: Mapping[str, str | None]) -> dict[str, str]:
    """Session headers overridden by per-request ones, case-insensitively, as requests does."""
    merged = dict(base)
    names = {k.lower(): k for k in merged}
    for name, value in extra.items():
        old = names.pop(name.lower(), None)
        if old is not None:
            del merged[old]
        if value is not None:
            merged[name] = value
            names[name.lower()] = name
    return merged


@dataclass
class _Attempt:
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    error_kind: ErrorKind | None = None
    error: str | None = None


def _host_key(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".")


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


class HttpClient:
    def __init__(self, options: CheckOptions, *, limiter: HostLimiter | None = None):
        self.options = options
        self.resolver = Resolver(options.resolve)
        self._trusted: set[str] = set(self.resolver.pinned_hosts())
        self.guard = AddressGuard(options.allow_private, frozenset(self._trusted))
        self.limiter = limiter or HostLimiter(options.per_host, options.host_interval)
        self.watchdog = Watchdog()
        # The slot host of each thread's request, by thread id (not a threading.local:
        # see Watchdog.__init__).
        self._sending: dict[int, str] = {}
        self._cancelled = False
        # Proxy settings are read once: looking them up per request costs ~0.1 ms.
        self._env_proxies = urllib.request.getproxies()
        self._verify: bool | str = (
            False if options.insecure else (options.ca_cert or certifi.where())
        )
        if options.insecure:
            # The user asked for it; one warning per request would drown the report.
            warnings.filterwarnings("ignore", category=urllib3.exceptions.InsecureRequestWarning)
        if not options.insecure and not options.ca_cert:
            # Without --ca-cert, honour the usual CA bundle variables like requests does.
            for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
                if os.environ.get(var) and os.path.isfile(os.environ[var]):
                    self._verify = os.environ[var]
                    break
        self.tls_context = tls_context(self._verify)
        self.session = self._build_session()
        self._cookie_domains: set[str] = set()
        self._endpoints: dict[str, list[str]] = {}  # host -> path prefixes with own limits
        self._init_direct()

    def _init_direct(self) -> None:
        """What the direct path needs, taken from the session so both paths agree."""
        adapter = self.session.get_adapter("http://")
        assert isinstance(adapter, GuardedAdapter)
        self._pool_manager = adapter.poolmanager
        self._retries = adapter.max_retries
        # The TLS settings requests would pass for this client's `verify`.
        # (the engine's one TLS context: no CA path, which would be loaded per connection).
        self._pool_kwargs: dict[str, object] = {
            "cert_reqs": "CERT_NONE" if self._verify is False else "CERT_REQUIRED",
            "ssl_context": self.tls_context,
        }
        # Session headers are all str (set in _build_session).
        self._base_headers: dict[str, str] = {k: str(v) for k, v in self.session.headers.items()}

    def _build_session(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # proxies and CA bundles are resolved once, explicitly
        session.headers.clear()
        session.headers.update(
            {
                "User-Agent": self.options.user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": "gzip, deflate",
                "Accept-Language": "en;q=0.9, *;q=0.5",
                "Connection": "keep-alive",
            }
        )
        adapter = GuardedAdapter(
            self.resolver,
            self.guard,
            self.watchdog,
            # Pools are closed when their host's work is done (release_host); this
            # bound is for what a run does not announce (redirect targets, archives).
            # A bound below the hosts in use made the pool manager close and reopen
            # pools constantly, under its one lock (17 ms per request at 1,000 hosts).
            pool_connections=max(_MIN_POOLS, self.options.concurrency * 8),
            pool_maxsize=max(self.options.per_host, 4),
            pacer=self._pace_send,
            tls_context=self.tls_context,
        )
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def trust_host(self, host: str) -> None:
        """Lift the address guard for ``host`` (e.g. the configured archive service).

        Call it before fetching starts: it rebuilds the session's pools.
        """
        self._trusted.add(host.lower().rstrip("."))
        self.guard = AddressGuard(self.options.allow_private, frozenset(self._trusted))
        # The adapter's connection classes captured the guard: remount with the new one.
        self.session.close()
        self.session = self._build_session()
        self._init_direct()

    def configure_host(self, host: str, *, concurrency: int, interval: float) -> None:
        self.limiter.configure(host.lower().rstrip("."), concurrency=concurrency, interval=interval)

    def configure_endpoint(
        self, host: str, path_prefix: str, *, concurrency: int, interval: float
    ) -> None:
        """Give the URLs of ``host`` whose path starts with ``path_prefix`` a limit of their
        own, instead of the host's (a service that rate-limits its API apart from its
        pages, like the Internet Archive's CDX index). Call it before fetching starts."""
        name = host.lower().rstrip(".")
        prefixes = self._endpoints.setdefault(name, [])
        if path_prefix not in prefixes:
            prefixes.append(path_prefix)
            prefixes.sort(key=len, reverse=True)  # the most specific prefix wins
        self.limiter.configure(name + path_prefix, concurrency=concurrency, interval=interval)

    def _limit_key(self, url: str) -> str:
        """Whose politeness limit ``url`` is under: its host's, or a configured endpoint's."""
        host = _host_key(url)
        prefixes = self._endpoints.get(host)
        if prefixes:
            path = urlsplit(url).path
            for prefix in prefixes:
                if path.startswith(prefix):
                    return host + prefix
        return host

    def cancel(self) -> None:
        """Stop: in-flight requests fail at once and no new ones start."""
        self._cancelled = True
        self.watchdog.cancel_all()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def close(self) -> None:
        self.session.close()
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
        manager = self._pool_manager
        if isinstance(manager, HostTrackingPoolManager):
            # urllib3 keys pools by the host as written, a final dot included.
            name = host.lower().rstrip(".")
            manager.drop_host(name)
            manager.drop_host(name + ".")

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
        """Fetch ``url``. ``slot_held`` names a host whose slot the caller already took."""
        started = time.monotonic()
        deadline = started + self.options.total_timeout
        redirects: list[str] = []
        seen = {url.split("#", 1)[0]}
        attempts = 0
        current = url
        max_retries = self.options.retries if retries is None else retries
        while True:
            scheme = urlsplit(current).scheme.lower()
            if scheme not in ("http", "https"):
                if slot_held is not None:
                    self.limiter.release(slot_held)
                return self._result(
                    url, current, redirects, attempts, started,
                    error_kind=ErrorKind.BAD_SCHEME,
                    error=f"redirect to a non-HTTP URL ({scheme or 'no'} scheme): {current[:200]}",
                )
            attempt, used = self._attempt_with_retries(
                current, deadline, max_retries, max_bytes, enough, headers,
                follow_redirects, slot_held,
            )
            slot_held = None
            attempts += used
            location = attempt.headers.get("location")
            if (
                follow_redirects
                and attempt.status in REDIRECT_STATUSES
                and location is not None
            ):
                try:
                    target = urljoin(current, location.strip())
                except ValueError:
                    return self._result(
                        url, current, redirects, attempts, started, attempt=attempt,
                        error_kind=ErrorKind.PROTOCOL, error="invalid redirect location",
                    )
                key = target.split("#", 1)[0]
                if key in seen:
                    return self._result(
                        url, current, [*redirects, target], attempts, started, attempt=attempt,
                        error_kind=ErrorKind.REDIRECT_LOOP,
                        error=f"redirect loop back to {target[:200]}",
                    )
                if len(redirects) >= self.options.max_redirects:
                    return self._result(
                        url, current, redirects, attempts, started, attempt=attempt,
                        error_kind=ErrorKind.TOO_MANY_REDIRECTS,
                        error=f"more than {self.options.max_redirects} redirects",
                    )
                seen.add(key)
                redirects.append(target)
                current = target
                continue
            return self._result(url, current, redirects, attempts, started, attempt=attempt)

    def _result(
        self,
        url: str,
        final_url: str,
        redirects: list[str],
        attempts: int,
        started: float,
        *,
        attempt: _Attempt | None = None,
        error_kind: ErrorKind | None = None,
        error: str | None = None,
    ) -> FetchResult:
        attempt = attempt or _Attempt()
        return FetchResult(
            url=url,
            final_url=final_url,
            status=attempt.status,
            headers=attempt.headers,
            body=attempt.body,
            truncated=attempt.truncated,
            redirects=tuple(redirects),
            error_kind=error_kind or attempt.error_kind,
            error=error or attempt.error,
            attempts=attempts,
            elapsed_ms=int((time.monotonic() - started) * 1000),
        )

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
    ) -> tuple[_Attempt, int]:
        key = self._limit_key(url)
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
            self._slow_down(key, attempt, used)
            if log.isEnabledFor(logging.INFO):
                outcome = attempt.status if attempt.status is not None else attempt.error
                log.info(
                    "GET %s -> %s (%d bytes%s, %.0f ms, attempt %d)", url, outcome,
                    len(attempt.body), ", truncated" if attempt.truncated else "",
                    (time.monotonic() - started) * 1000, used,
                )
            slot_held = None
            if used > max_retries or self._cancelled:
                return attempt, used
            wait = self._retry_wait(attempt, used)
            if wait is None or time.monotonic() + wait >= deadline:
                return attempt, used
            time.sleep(wait)

    def _slow_down(self, key: str, attempt: _Attempt, attempt_number: int) -> None:
        """A server that says we send too much (429) gets no new request from this run
        until the time it asks for (at most max_retry_after, 30 s) or a backoff is past:
        every worker waits, not only the one retrying (the Internet Archive blocks a
        client that goes on after 429s for an hour). A 503 with a Retry-After we will
        wait for holds the host the same way; a longer one (maintenance) does not, or
        each of the host's references would wait for it in turn."""
        if attempt.status not in (429, 503):
            return
        limit = self.options.max_retry_after
        pause = parse_retry_after(attempt.headers.get("retry-after"))
        if attempt.status == 503 and (pause is None or pause > limit):
            return
        if pause is None:
            pause = self._backoff(attempt_number)
        self.limiter.hold(key, min(pause, limit))

    def _backoff(self, attempt_number: int) -> float:
        """Exponential backoff after the ``attempt_number``-th attempt (no jitter)."""
        return self.options.backoff * (2 ** (attempt_number - 1))

    def _retry_wait(self, attempt: _Attempt, attempt_number: int) -> float | None:
        """Seconds to wait before retrying, or None when this outcome is not retried."""
        if attempt.error_kind is not None:
            if attempt.error_kind not in RETRY_ERRORS:
                return None
        elif attempt.status not in RETRY_STATUSES:
            return None
        backoff = self._backoff(attempt_number)
        backoff *= 0.75 + random.random() / 2  # jitter: don't retry in lockstep
        retry_after = parse_retry_after(attempt.headers.get("retry-after"))
        if retry_after is not None:
            if retry_after > self.options.max_retry_after:
                return None  # the server asks for longer than we will wait
            return max(retry_after, 0.0)
        return backoff

    def _attempt(
        self,
        url: str,
        host: str,
        deadline: float,
        max_bytes: int | None,
        enough: StopRule | None,
        headers: Mapping[str, str] | None,
        follow_redirects: bool,
        *,
        slot_held: bool,
    ) -> _Attempt:
        if self._cancelled:
            if slot_held:
                self.limiter.release(host)
            return _Attempt(error_kind=ErrorKind.DEADLINE, error="cancelled: the run was stopped")
        try:
            if not slot_held:
                self.limiter.acquire(host, deadline)
        except DeadlineExceeded as exc:
            return _Attempt(error_kind=ErrorKind.DEADLINE, error=str(exc))
        self.watchdog.arm(deadline)
        self._sending[threading.get_ident()] = host
        response: requests.Response | None = None
        raw: urllib3.BaseHTTPResponse | None = None
        attempt = _Attempt()
        # A connection whose response was read to its end goes back to the pool:
        # reconnecting per request cost both sides a TCP handshake and a new guarded,
        # watched socket (keep-alive; measured in benchmarks/).
        reusable = False
        try:
            self._guard_url(url)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DeadlineExceeded("total time for this URL used up")
            timeout = min(self.options.timeout, remaining)
            parts = urlsplit(url)
            if self._direct_ok(url, parts):
                raw = self._send_direct(url, parts, headers, timeout)
                attempt.headers = {k.lower(): raw.headers[k] for k in raw.headers}
            else:
                request = requests.Request("GET", url, headers=dict(headers or {}))
                prepared = self.session.prepare_request(request)
                response = self.session.send(
                    prepared,
                    stream=True,
                    timeout=(timeout, timeout),
                    verify=self._verify,
                    proxies=self._proxies_for(url),
                    allow_redirects=False,
                )
                raw = response.raw
                attempt.headers = {k.lower(): v for k, v in response.headers.items()}
            attempt.status = raw.status
            is_redirect = raw.status in REDIRECT_STATUSES and follow_redirects
            if raw.status == 204:
                reusable = True
            elif is_redirect:
                reusable = self._drain(raw, deadline)
            else:
                limit = max_bytes if max_bytes is not None else self._default_cap(attempt.headers)
                self._read_body(raw, attempt.headers, attempt, limit, enough, deadline)
                reusable = not attempt.truncated
        except _REQUEST_ERRORS as exc:
            reusable = False
            kind, message = classify(exc)
            if time.monotonic() >= deadline and kind in (
                ErrorKind.READ_TIMEOUT, ErrorKind.RESET, ErrorKind.PROTOCOL, ErrorKind.OTHER
            ):
                # The watchdog cut the connection: say so rather than "reset".
                kind, message = ErrorKind.DEADLINE, (
                    f"no complete response within {self.options.total_timeout:g}s"
                )
            if self._cancelled:
                kind, message = ErrorKind.DEADLINE, "cancelled: the run was stopped"
            attempt.error_kind, attempt.error = kind, message
        finally:
            self.watchdog.disarm()
            self._sending.pop(threading.get_ident(), None)
            if raw is not None:
                if not reusable:
                    raw.close()  # an unfinished response leaves the connection unusable
                raw.release_conn()
            # The slot is released even when the caller took it: ownership passed to us.
            self.limiter.release(host)
        return attempt

    # -- the direct path -----------------------------------------------------------------
    #
    # requests spends about as much CPU per request as everything else in a fetch
    # together (prepare_request, setting merges, hooks, the cookie jar, the
    # adapter). When none of what it adds applies — no proxy, no cookie for the
    # host, a URL it would send unchanged, no credentials in it — the request goes
    # straight to the same urllib3 pool (same guarded connections, same TLS
    # settings, same error types), and otherwise through requests as before.

    def _direct_ok(self, url: str, parts: SplitResult) -> bool:
        if self._env_proxies and self._proxies_for(url):
            return False
        if "@" in parts.netloc or not _sent_unchanged(url):
            return False
        host = (parts.hostname or "").rstrip(".")
        return not (self._cookie_domains and _cookie_applies(host, self._cookie_domains))

    def _send_direct(
        self,
        url: str,
        parts: SplitResult,
        headers: Mapping[str, str] | None,
        timeout: float,
    ) -> urllib3.BaseHTTPResponse:
        scheme = parts.scheme.lower()
        pool = self._pool_manager.connection_from_host(
            parts.hostname, parts.port, scheme,
            pool_kwargs=self._pool_kwargs if scheme == "https" else None,
        )
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        merged = self._base_headers
        if headers:
            merged = _merge_headers(merged, headers)
        raw = pool.urlopen(
            "GET",
            target,
            headers=merged,
            redirect=False,
            assert_same_host=False,
            preload_content=False,
            decode_content=False,
            retries=self._retries,
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
        )
        if "set-cookie" in raw.headers:
            # Keep the session's cookie behaviour: store them as requests would,
            # and send later requests to this host through requests.
            prepared = requests.Request("GET", url, headers=dict(merged)).prepare()
            extract_cookies_to_jar(self.session.cookies, prepared, raw)
            self._cookie_domains.update(c.domain.lstrip(".").lower() for c in self.session.cookies)
        return raw

    def _read_body(
        self,
        raw: urllib3.BaseHTTPResponse,
        headers: Mapping[str, str],
        attempt: _Attempt,
        limit: int,
        enough: StopRule | None,
        deadline: float,
    ) -> None:
        content_type = (headers.get("content-type") or "").split(";", 1)[0].strip()
        buffer = bytearray()
        finished = False
        while len(buffer) < limit:
            # read1 returns what has arrived (bounded decompression), so a
            # slow-dripping body cannot hold us past the deadline.
            chunk = b"" if time.monotonic() >= deadline else raw.read1(
                min(_CHUNK, limit - len(buffer)), decode_content=True
            )
            if not chunk and time.monotonic() >= deadline:
                # Out of time, or the watchdog cut the connection at the deadline (which
                # reads as an end of body): what arrived is a part, not the page. It is
                # kept: a title in it may still settle the check (see api).
                attempt.body, attempt.truncated = bytes(buffer), True
                raise DeadlineExceeded(
                    f"the page did not finish loading within {self.options.total_timeout:g}s"
                )
            if not chunk:
                finished = True
                break
            buffer += chunk
            if enough is not None and enough(bytes(buffer), content_type or None):
                break
        if not finished:
            finished = self._drain(raw, deadline)
        attempt.body = bytes(buffer[:limit])
        attempt.truncated = not finished

    def _default_cap(self, headers: Mapping[str, str]) -> int:
        """PDFs keep their metadata at the end: they may be read further than pages."""
        media = (headers.get("content-type") or "").split(";", 1)[0].strip().lower()
        if media == "application/pdf":
            return self.options.max_pdf_bytes
        return self.options.max_bytes

    @staticmethod
    def _drain(raw: urllib3.response.BaseHTTPResponse, deadline: float) -> bool:
        """Read the rest of a small body so the connection can be reused; True at EOF."""
        length = raw.headers.get("content-length")
        if length is None or not length.isdigit():
            return False
        remaining = int(length) - raw.tell()
        if remaining > _DRAIN_LIMIT:
            return False
        drained = 0
        try:
            while drained <= _DRAIN_LIMIT and time.monotonic() < deadline:
                chunk = raw.read1(_CHUNK, decode_content=True)
                if not chunk:
                    return True
                drained += len(chunk)
        except _REQUEST_ERRORS:
            return False
        return False

    def _guard_url(self, url: str) -> None:
        """Checks that need no DNS: an IP-literal host, and targets reached through a proxy."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host:
            raise GuardRefusal(f"URL has no host: {url[:200]}")
        if self.guard.trusts(host):
            return
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if self.resolver.is_pinned(host, port):
            return
        literal = parse_ip(host)
        if literal is not None:
            reason = self.guard.refusal(host, literal)
            if reason:
                raise GuardRefusal(reason)
        elif self._proxies_for(url):
            # The proxy will resolve the name; check what it would resolve to here.
            for address in self.resolver.resolve(host, port).addresses:
                reason = self.guard.refusal(host, address)
                if reason:
                    raise GuardRefusal(reason)

    def _proxies_for(self, url: str) -> dict[str, str]:
        if not self._env_proxies:
            return {}
        parts = urlsplit(url)
        return _proxies_for_host(
            parts.scheme, parts.hostname or "", tuple(sorted(self._env_proxies.items()))
        )


@lru_cache(maxsize=4096)
def _proxies_for_host(
    scheme: str, host: str, env_proxies: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    proxies = dict(env_proxies)
    no_proxy = proxies.pop("no", None) or proxies.pop("no_proxy", None)
    if requests.utils.should_bypass_proxies(f"{scheme}://{host}/", no_proxy=no_proxy):
        return {}
    return {k: v for k, v in proxies.items() if k in (scheme, "all", f"all://{host}")}
