"""The soft-404 probe cache: one probe per site section, shared by all its pages.

A probe requests a URL that cannot exist on the site, to learn what its error page looks
like. Pages of one site are checked on many threads at once; the first asks, the rest
wait for its answer instead of asking again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from urllib.parse import urlsplit

from citecheck.linkstatus import ProbeEvidence


def probe_key(url: str) -> str:
    """One probe per site section: sites route error pages by section (/news/, /shop/),
    while probing every article's own directory would double the requests."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    section = segments[0] if len(segments) > 1 else ""
    return f"{parts.scheme}://{parts.netloc}/{section}".lower()


class ProbeCache:
    """``probe(url)`` once per :func:`probe_key`; every later caller gets its answer."""

    def __init__(self, probe: Callable[[str], ProbeEvidence]) -> None:
        self._probe = probe
        self._lock = threading.Lock()
        self._futures: dict[str, Future[ProbeEvidence]] = {}

    def evidence(self, url: str) -> ProbeEvidence:
        """What the site of ``url`` answers for a page that does not exist."""
        key = probe_key(url)
        with self._lock:
            future = self._futures.get(key)
            owner = future is None
            if future is None:
                future = Future()
                self._futures[key] = future
        if not owner:
            return future.result()
        try:
            evidence = self._probe(url)
        except BaseException as exc:
            # The waiting callers see the same failure (an interrupt, a bug), not a hang.
            future.set_exception(exc)
            raise
        future.set_result(evidence)
        return evidence

    def __len__(self) -> int:
        with self._lock:
            return len(self._futures)
