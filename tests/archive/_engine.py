"""A small real HTTP client with the engine's ``fetch`` signature, for loopback tests only.

Used until ``citecheck.net.client.HttpClient`` lands on main. It makes real requests
(no mocking), refuses anything but 127.0.0.x, and records every URL it requested so
tests can count archive requests exactly.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable, Mapping
from urllib.parse import urljoin, urlsplit

import requests

from citecheck.models import ErrorKind
from citecheck.net.types import FetchResult


class LoopbackHttp:
    def __init__(self, timeout: float = 10.0, max_redirects: int = 10):
        self.session = requests.Session()
        self.session.trust_env = False  # no proxies for loopback
        self.timeout = timeout
        self.max_redirects = max_redirects
        self.requested: list[str] = []
        self.trusted: set[str] = set()
        self.configured: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def trust_host(self, host: str) -> None:
        self.trusted.add(host)

    def configure_host(self, host: str, *, concurrency: int, interval: float) -> None:
        self.configured[host] = (concurrency, interval)

    def fetch(
        self,
        url: str,
        *,
        follow_redirects: bool = True,
        max_bytes: int | None = None,
        enough: Callable[[bytes, str | None], bool] | None = None,
        headers: Mapping[str, str] | None = None,
        retries: int | None = None,
    ) -> FetchResult:
        started = time.monotonic()
        redirects: list[str] = []
        current = url
        while True:
            host = urlsplit(current).hostname or ""
            try:
                if not ipaddress.ip_address(host).is_loopback:
                    raise ValueError(host)
            except ValueError:
                return FetchResult(url, error_kind=ErrorKind.GUARD,
                                   error=f"test client only talks to loopback: {current}")
            with self._lock:
                self.requested.append(current)
            try:
                response = self.session.get(current, headers=dict(headers or {}), stream=True,
                                            allow_redirects=False, timeout=self.timeout)
            except requests.ConnectionError as exc:
                return FetchResult(url, error_kind=ErrorKind.CONNECT_REFUSED, error=str(exc),
                                   attempts=1, redirects=tuple(redirects))
            except requests.Timeout as exc:
                return FetchResult(url, error_kind=ErrorKind.READ_TIMEOUT, error=str(exc),
                                   attempts=1, redirects=tuple(redirects))
            location = response.headers.get("location")
            if follow_redirects and response.is_redirect and location:
                response.close()
                if len(redirects) >= self.max_redirects:
                    return FetchResult(url, error_kind=ErrorKind.TOO_MANY_REDIRECTS,
                                       error="too many redirects", redirects=tuple(redirects))
                redirects.append(current)
                current = urljoin(current, location)
                continue
            body, truncated = _read(response, max_bytes, enough)
            return FetchResult(
                url=url,
                final_url=current,
                status=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                body=body,
                truncated=truncated,
                redirects=tuple(redirects),
                attempts=1,
                elapsed_ms=int((time.monotonic() - started) * 1000),
            )


def _read(
    response: requests.Response,
    max_bytes: int | None,
    enough: Callable[[bytes, str | None], bool] | None,
) -> tuple[bytes, bool]:
    content_type = response.headers.get("content-type")
    body = bytearray()
    try:
        for chunk in response.iter_content(16384):
            body += chunk
            if max_bytes is not None and len(body) >= max_bytes:
                return bytes(body[:max_bytes]), True
            if enough is not None and enough(bytes(body), content_type):
                return bytes(body), True
        return bytes(body), False
    finally:
        response.close()
