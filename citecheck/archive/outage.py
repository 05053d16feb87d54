"""Telling an archive that is down from one that has no copy, once per run.

When the archive does not answer at all (connection refused, timeouts), every lookup
would otherwise wait out its own timeouts and retries and fail the same way: a run of
30 references took 61 s instead of 2.4 s. The watch sits between the archive layer and
the HTTP engine; after a few requests in a row got no answer (each after the engine's
own retries) it declares the archive down, and the checker stops asking it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from citecheck.archive.interface import ArchiveHttp
from citecheck.net.types import FetchResult

# Requests in a row without any answer from the archive that make it "down". Each has
# already been retried by the engine, so two are not a blip.
DOWN_AFTER = 2


class OutageWatch:
    """An :class:`ArchiveHttp` that notices when ``base_url``'s host stops answering."""

    def __init__(self, http: ArchiveHttp, base_url: str, *, down_after: int = DOWN_AFTER):
        self._http = http
        self._base = base_url
        self._host = (urlsplit(base_url).hostname or "").lower()
        self._down_after = down_after
        self._lock = threading.Lock()
        self._silent = 0  # requests in a row without an answer
        self._down = False

    @property
    def down(self) -> bool:
        return self._down

    @property
    def note(self) -> str:
        return f"the archive at {self._base} did not answer; archive checks skipped"

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
        result = self._http.fetch(url, follow_redirects=follow_redirects, max_bytes=max_bytes,
                                  enough=enough, headers=headers, retries=retries)
        if (urlsplit(url).hostname or "").lower() == self._host:
            with self._lock:
                if result.got_response:
                    self._silent = 0
                else:
                    self._silent += 1
                    self._down = self._down or self._silent >= self._down_after
        return result

    def trust_host(self, host: str) -> None:
        self._http.trust_host(host)

    def configure_host(self, host: str, *, concurrency: int, interval: float) -> None:
        self._http.configure_host(host, concurrency=concurrency, interval=interval)

    def configure_endpoint(
        self, host: str, path_prefix: str, *, concurrency: int, interval: float
    ) -> None:
        self._http.configure_endpoint(host, path_prefix, concurrency=concurrency,
                                      interval=interval)
