"""Candidates from the Wayback Machine: where the dead URL redirected when it was archived.

A site that reorganised often answered the old URL with a redirect to the new one for a
while, and the archive kept that redirect. But a site that sends every missing page to
its front page or to one "not found" page leaves the same kind of capture; so a target
counts only when the redirect captures of up to SIBLINGS other URLs of the same
directory, made within WINDOW_DAYS of it, did not point there too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

from citecheck.archive.cdx import CdxClient
from citecheck.archive.interface import Capture
from citecheck.archive.links import parse_archive_url
from citecheck.archive.memo import RequestTally, RunMemo
from citecheck.archive.urlnorm import comparable, same_page
from citecheck.moved.interface import ArchiveIndex
from citecheck.page import redirect_is_moved_home

# Redirect captures listed per dead URL (newest first), and how many of them are read
# to learn where they pointed (the index does not record the Location).
REDIRECT_LINES = 10
MAX_REPLAYS = 3
# Distinct targets handed on to be verified.
MAX_TARGETS = 2
SIBLINGS = 3
WINDOW_DAYS = 90
# Sibling captures listed: enough to find SIBLINGS distinct URLs among repeats.
SIBLING_LINES = 30
# A replayed redirect is headers and a short body.
_REPLAY_BYTES = 16 * 1024


@dataclass(frozen=True)
class RedirectCandidate:
    url: str
    timestamp: str  # of the redirect capture

    @property
    def evidence(self) -> str:
        stamp = self.timestamp
        return f"wayback redirect of {stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}"


class RedirectSearch:
    """Redirect targets of a dead URL's captures that are not site-wide redirects."""

    def __init__(self, archive: ArchiveIndex, now: datetime | None = None):
        self._archive = archive
        self._hosts = frozenset({(urlsplit(archive.base_url).hostname or "").lower()})
        self._now = now
        self._memo = RunMemo()

    def candidates(self, url: str, tally: RequestTally) -> list[RedirectCandidate]:
        """Raises ArchiveUnavailable when the index does not answer."""
        cdx = self._archive.index(tally)
        now = self._now or datetime.now(UTC)
        captures = cdx.redirects(url, newest=now.strftime("%Y%m%d%H%M%S"),
                                 limit=REDIRECT_LINES, on_request=tally.count)
        found: list[RedirectCandidate] = []
        seen: set[str] = set()
        for capture in captures[:MAX_REPLAYS]:
            target = self._target(capture, tally)
            if target is None or comparable(target) in seen:
                continue
            seen.add(comparable(target))
            if same_page(target, url) or redirect_is_moved_home(url, target):
                continue  # http -> https, or the front page: not a new home for the page
            if self._site_wide(cdx, url, capture, target, tally):
                continue
            found.append(RedirectCandidate(target, capture.timestamp))
            if len(found) >= MAX_TARGETS:
                break
        return found

    def _site_wide(
        self, cdx: CdxClient, url: str, capture: Capture, target: str, tally: RequestTally
    ) -> bool:
        """Whether redirect captures of other URLs of the directory, near in time,
        pointed to ``target`` too."""
        for sibling in self._siblings(cdx, url, capture.timestamp, tally):
            pointed = self._target(sibling, tally)
            if pointed is not None and same_page(pointed, target):
                return True
        return False

    def _siblings(
        self, cdx: CdxClient, url: str, stamp: str, tally: RequestTally
    ) -> list[Capture]:
        """One redirect capture each of up to SIBLINGS other URLs in ``url``'s directory."""
        parts = urlsplit(url)
        directory = parts.path.rsplit("/", 1)[0] + "/"
        prefix = f"{parts.scheme}://{parts.netloc}{directory}"
        try:
            day = datetime.strptime(stamp[:8], "%Y%m%d").replace(tzinfo=UTC)
        except ValueError:  # an index line with a malformed timestamp: no window
            return []
        start = (day - timedelta(days=WINDOW_DAYS)).strftime("%Y%m%d")
        end = (day + timedelta(days=WINDOW_DAYS)).strftime("%Y%m%d")
        listed = self._memo.get(
            ("siblings", prefix, start, end),
            lambda: cdx.redirects_under(prefix, start=start, end=end, limit=SIBLING_LINES,
                                        on_request=tally.count),
        )
        picked: dict[str, Capture] = {}
        for sibling in listed:
            key = comparable(sibling.original)
            if key != comparable(url) and key not in picked:
                picked[key] = sibling
                if len(picked) >= SIBLINGS:
                    break
        return list(picked.values())

    def _target(self, capture: Capture, tally: RequestTally) -> str | None:
        """Where an archived redirect pointed (read from its raw replay), or None."""
        return self._memo.get(("target", capture.original, capture.timestamp),
                              lambda: self._read_target(capture, tally))

    def _read_target(self, capture: Capture, tally: RequestTally) -> str | None:
        base = self._archive.base_url.rstrip("/")
        # ``id_``: the archived response as it was, not the archive's rewritten page.
        replay = f"{base}/web/{capture.timestamp}id_/{capture.original}"
        tally.count()
        fetched = self._archive.http.fetch(replay, follow_redirects=False,
                                           max_bytes=_REPLAY_BYTES)
        location = fetched.headers.get("location")
        if fetched.status is None or not 300 <= fetched.status < 400 or not location:
            return None
        absolute = urljoin(replay, location.strip())
        # The archive points its replay of a redirect at its own capture of the target.
        link = parse_archive_url(absolute, wayback_hosts=self._hosts)
        if link is not None and link.original:
            return link.original
        if (urlsplit(absolute).hostname or "").lower() in self._hosts:
            # A relative Location the archive left as it was: relative to the original.
            return urljoin(capture.original, location.strip())
        return absolute
