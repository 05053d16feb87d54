"""Read one capture back from an archive and say what it is.

Redirects are followed by hand, never by the engine: a raw (``id_``) replay of an
archived redirect carries the *live* target in ``Location``, and following it would
fetch the live web instead of the archive. Two kinds of 3xx are told apart by where
they point: the archive's own "closest capture" redirect (or an archived redirect
between spellings of the same page, http -> https, ``/a`` -> ``/a/``) stays on the same
page and is followed inside the archive; an archived redirect to another page makes
the capture a capture of a redirect.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urljoin

from citecheck.archive import timestamps
from citecheck.archive.interface import ArchiveHttp
from citecheck.archive.links import ArchiveLink, parse_archive_url
from citecheck.archive.memento import original_from_link_header
from citecheck.archive.urlnorm import same_page
from citecheck.net.types import FetchResult

REPLAY_MAX_BYTES = 512 * 1024
# Enough to judge a page: its head, plus the start of the body for soft-404 text.
_BODY_AFTER_HEAD = 16 * 1024
MAX_HOPS = 4


class ReplayState(StrEnum):
    CAPTURE = "capture"  # an archived 2xx page
    ERROR_CAPTURE = "error-capture"  # an archived 4xx/5xx
    REDIRECT_CAPTURE = "redirect-capture"  # an archived redirect to another page
    NOT_ARCHIVED = "not-archived"  # the archive says it has no such capture
    UNAVAILABLE = "unavailable"  # the archive failed to answer (transient)
    REFUSED = "refused"  # the archive answered 4xx other than 404/410 (blocked, excluded)


@dataclass(frozen=True)
class Replay:
    state: ReplayState
    url: str  # the last archive URL read
    timestamp: str | None = None  # 14 digits
    original: str | None = None
    archived_status: int | None = None
    fetch: FetchResult | None = None  # the capture's own response (CAPTURE/ERROR_CAPTURE)
    detail: str | None = None
    requests: int = 0


def _enough(body: bytes, content_type: str | None) -> bool:
    head_end = body.find(b"</head")
    if head_end < 0:
        head_end = body.find(b"</HEAD")
    return head_end >= 0 and len(body) - head_end >= _BODY_AFTER_HEAD


def read_capture(
    http: ArchiveHttp,
    link: ArchiveLink,
    *,
    wayback_hosts: frozenset[str] = frozenset(),
    whole: bool = False,
) -> Replay:
    """Replay ``link`` (a Wayback-scheme capture) raw and classify what comes back.
    ``whole``: read the page to REPLAY_MAX_BYTES, not only its start (a quote is
    looked for in it)."""
    enough = None if whole else _enough
    url = link.raw_url()
    if url is None or link.original is None or link.prefix is None:
        raise ValueError(f"not a Wayback-scheme capture: {link.url}")
    page = link.original
    requests = 0
    for _hop in range(MAX_HOPS + 1):
        result = http.fetch(url, follow_redirects=False, max_bytes=REPLAY_MAX_BYTES,
                            enough=enough)
        requests += 1
        if result.status is None:
            return Replay(ReplayState.UNAVAILABLE, url, detail=result.error or "no response",
                          requests=requests)
        memento = timestamps.from_http_date(result.headers.get("memento-datetime"))
        here = parse_archive_url(url, wayback_hosts=wayback_hosts)
        stamp = memento or (here.padded_timestamp if here else None)
        original = original_from_link_header(result.headers.get("link")) or (
            here.original if here and here.original else page
        )
        status = result.status
        if 300 <= status < 400:
            target = _redirect_target(result, url, original, wayback_hosts)
            if target is None:
                return Replay(ReplayState.UNAVAILABLE, url, stamp, original, status,
                              detail=f"archive redirect without a usable Location ({status})",
                              requests=requests)
            target_stamp, target_original = target
            if not same_page(target_original, page):
                return Replay(ReplayState.REDIRECT_CAPTURE, url, stamp, original, status,
                              detail=f"capture is a redirect ({status}) to {target_original}",
                              requests=requests)
            url = f"{link.prefix}{target_stamp or stamp or link.timestamp}id_/{target_original}"
            continue
        return _final_answer(result, url, stamp, original, requests,
                             captured=memento is not None)
    return Replay(ReplayState.UNAVAILABLE, url, detail="too many redirects inside the archive",
                  requests=requests)


def _redirect_target(
    result: FetchResult, url: str, original: str, wayback_hosts: frozenset[str]
) -> tuple[str | None, str] | None:
    """(timestamp or None, original URL) that a 3xx from the archive points to."""
    location = result.headers.get("location")
    if not location:
        return None
    absolute = urljoin(url, location)
    target = parse_archive_url(absolute, wayback_hosts=wayback_hosts)
    if target is not None and target.original and target.is_wayback_scheme:
        return target.padded_timestamp, target.original
    # A raw replay keeps the archived Location as it was: a live URL, relative to
    # the captured page, not to the archive.
    return None, urljoin(original, location)


def read_memento(http: ArchiveHttp, url: str, *, whole: bool = False) -> Replay:
    """Read a capture from an archive without a raw mode (archive.today, Perma.cc, ...).

    Its own redirects stay inside the archive (replay rewrites them), so the engine
    may follow them. What was captured is read from the Memento headers when the
    archive sends them.
    """
    result = http.fetch(url, max_bytes=REPLAY_MAX_BYTES, enough=None if whole else _enough)
    # Each redirect the engine followed inside the archive was one more request.
    requests = 1 + len(result.redirects)
    if result.status is None:
        return Replay(ReplayState.UNAVAILABLE, url, detail=result.error or "no response",
                      requests=requests)
    final = result.final_url or url
    stamp = timestamps.from_http_date(result.headers.get("memento-datetime"))
    original = original_from_link_header(result.headers.get("link"))
    return _final_answer(result, final, stamp, original, requests, captured=stamp is not None)


def _final_answer(
    result: FetchResult,
    url: str,
    stamp: str | None,
    original: str | None,
    requests: int,
    *,
    captured: bool,
) -> Replay:
    """What an archive's answer (not a redirect) for a capture's address means;
    ``captured``: the archive said it holds a capture there (a Memento-Datetime)."""
    status = result.status
    assert status is not None
    if 200 <= status < 300:
        return Replay(ReplayState.CAPTURE, url, stamp, original, status, fetch=result,
                      requests=requests)
    if captured:
        return Replay(ReplayState.ERROR_CAPTURE, url, stamp, original, status, fetch=result,
                      detail=f"capture is of an HTTP {status} page", requests=requests)
    if status in (404, 410):
        return Replay(ReplayState.NOT_ARCHIVED, url, detail="the archive has no such capture",
                      requests=requests)
    if status == 429 or status >= 500:
        return Replay(ReplayState.UNAVAILABLE, url, detail=f"archive answered HTTP {status}",
                      requests=requests)
    return Replay(ReplayState.REFUSED, url, detail=f"archive answered HTTP {status}",
                  requests=requests)
