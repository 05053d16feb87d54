"""The project's HTTP engine, recording what it is asked to fetch.

Tests count archive requests exactly from this record, and it enforces the test
rule that nothing but 127.0.0.x is ever contacted.
"""

from __future__ import annotations

import ipaddress
import threading
from typing import Any
from urllib.parse import urlsplit

from citecheck.net.client import HttpClient
from citecheck.net.types import FetchResult
from citecheck.options import CheckOptions


class RecordingHttpClient(HttpClient):
    def __init__(self, options: CheckOptions | None = None):
        # No retries by default: a test of a dead archive should not wait on backoff.
        super().__init__(options or CheckOptions(retries=0, timeout=5.0, total_timeout=20.0))
        self.requested: list[str] = []
        self.trusted: set[str] = set()
        self.configured: dict[str, tuple[int, float]] = {}
        self._record_lock = threading.Lock()

    def trust_host(self, host: str) -> None:
        self.trusted.add(host)
        super().trust_host(host)

    def configure_host(self, host: str, *, concurrency: int, interval: float) -> None:
        self.configured[host] = (concurrency, interval)
        super().configure_host(host, concurrency=concurrency, interval=interval)

    def configure_endpoint(
        self, host: str, path_prefix: str, *, concurrency: int, interval: float
    ) -> None:
        self.configured[host + path_prefix] = (concurrency, interval)
        super().configure_endpoint(host, path_prefix, concurrency=concurrency, interval=interval)

    def fetch(self, url: str, **kwargs: Any) -> FetchResult:
        host = urlsplit(url).hostname or ""
        if not ipaddress.ip_address(host).is_loopback:
            raise AssertionError(f"a test tried to leave loopback: {url}")
        result = super().fetch(url, **kwargs)
        with self._record_lock:
            self.requested.append(url)
            self.requested.extend(result.redirects)
        return result
