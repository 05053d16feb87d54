"""Save Page Now through waybackpy, with the request made by citecheck's engine.

waybackpy's ``WaybackMachineSaveAPI.save()`` sleeps 5–10 s between up to 8 tries and
makes requests without a timeout; citecheck wants one polite request per page, under
its own timeouts and rate limit. So :class:`_EngineSaveRequest` reuses waybackpy's
request URL and headers and its parser of the answer (``archive_url_parser``), and
overrides only ``get_save_request_headers``, the method that talks to the network.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from requests.structures import CaseInsensitiveDict
from waybackpy import WaybackMachineSaveAPI

from citecheck.archive import timestamps
from citecheck.archive.interface import ArchiveHttp, ArchiveUnavailable
from citecheck.archive.links import parse_archive_url
from citecheck.archive.memento import parse_links

SAVE_MAX_BYTES = 64 * 1024
_IA_PREFIX = re.compile(r"^https?://web\.archive\.org(?=/web/)")


class _EngineSaveRequest(WaybackMachineSaveAPI):
    def __init__(self, url: str, *, base_url: str, http: ArchiveHttp):
        super().__init__(url, max_tries=1)
        self.request_url = f"{base_url.rstrip('/')}/save/{self.url}"
        self._http = http

    def get_save_request_headers(self) -> None:
        # waybackpy's request headers (its User-Agent) are left out: the engine
        # identifies citecheck. No redirects: the capture's address is in the answer's
        # headers (Location or Content-Location); following it costs one more request.
        result = self._http.fetch(
            self.request_url,
            follow_redirects=False,
            max_bytes=SAVE_MAX_BYTES,
            retries=0,  # a retried save can start a second capture
        )
        if result.status is None:
            raise ArchiveUnavailable(f"Save Page Now unreachable: {result.error}")
        self.headers = CaseInsensitiveDict(result.headers)
        self.status_code = result.status
        self.response_url = result.headers.get("location") or result.final_url or result.url


@dataclass(frozen=True)
class Saved:
    url: str
    timestamp: str | None


class SaveBudget:
    """At most ``limit`` saves per run, shared by every thread."""

    def __init__(self, limit: int):
        self._left = max(0, limit)
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self._left <= 0:
                return False
            self._left -= 1
            return True


def save_page(http: ArchiveHttp, url: str, *, base_url: str) -> Saved:
    """Ask the archive to capture ``url`` now; the capture's URL, or ArchiveUnavailable."""
    request = _EngineSaveRequest(url, base_url=base_url, http=http)
    request.get_save_request_headers()
    status = request.status_code or 0
    if status == 429 or status >= 500 or status == 509:
        raise ArchiveUnavailable(f"Save Page Now answered HTTP {status}", status=status)
    if status >= 400:
        raise ArchiveUnavailable(f"Save Page Now refused the page (HTTP {status})",
                                 status=status)
    saved = _capture_address(request, base_url)
    if saved is None:
        raise ArchiveUnavailable("Save Page Now gave no capture address")
    link = parse_archive_url(saved)
    stamp = link.padded_timestamp if link and link.timestamp else None
    if stamp is None and request.headers is not None:
        stamp = timestamps.from_http_date(request.headers.get("memento-datetime"))
    return Saved(saved, stamp)


def _capture_address(request: _EngineSaveRequest, base_url: str) -> str | None:
    """Where the new capture is: Content-Location, Location or a memento Link, in that order.

    waybackpy's ``archive_url_parser`` only knows web.archive.org addresses, so the
    headers are read here first and waybackpy's parser (which also knows the IA's
    X-Cache-Key) is the fallback.
    """
    headers: Mapping[str, str] = request.headers or {}
    candidates = [headers.get("content-location"), headers.get("location")]
    candidates += [
        link.target for link in parse_links(headers.get("link") or "") if "memento" in link.rels
    ]
    for candidate in candidates:
        if not candidate:
            continue
        absolute = urljoin(base_url.rstrip("/") + "/", candidate)
        link = parse_archive_url(absolute, wayback_hosts=frozenset({_host_of(base_url)}))
        if link is not None and link.is_wayback_scheme:
            return absolute
    found: str | None = request.archive_url_parser()
    # waybackpy writes the Internet Archive's host into what it parses; keep ours.
    return _IA_PREFIX.sub(base_url.rstrip("/"), found) if found else None


def _host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
