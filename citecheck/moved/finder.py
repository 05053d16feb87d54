"""Where a dead page moved: candidates from the archive and the site, verified live.

Runs for links that are ``not-found``, ``soft-404`` or ``moved-home`` (never for parked
or usurped domains: their pages are gone with the owner) when a title is cited (without
one no candidate can be verified). First the archive's redirect captures of the URL
(citecheck.moved.wayback), then the site's sitemaps and feed (citecheck.moved.sitelists);
the first candidate that is live and titled as cited is the answer.

The archive's index is shared with the archive stage and its rate limits; when it keeps
refusing (429s after the engine's own backoff), the archive half of this stage stops for
the rest of the run with one note, and the site half goes on.
"""

from __future__ import annotations

import threading

from citecheck.archive.interface import ArchiveUnavailable
from citecheck.archive.memo import RequestTally
from citecheck.models import LinkResult, LinkStatus, MovedTo, Reference
from citecheck.moved.interface import ArchiveIndex, SiteFetch, Verify
from citecheck.moved.sitelists import SiteLists
from citecheck.moved.slugs import likely_pages
from citecheck.moved.wayback import RedirectSearch

SEARCHED_STATUSES = frozenset({LinkStatus.NOT_FOUND, LinkStatus.SOFT_404, LinkStatus.MOVED_HOME})
# Index lookups in a row that the archive refused before the stage stops asking it.
REFUSALS_TO_STOP = 3


class MovedFinder:
    """Built once per run; ``find`` is thread-safe and never raises for one reference."""

    def __init__(self, site_fetch: SiteFetch, archive: ArchiveIndex | None = None):
        self._archive = archive
        self._redirects = RedirectSearch(archive) if archive is not None else None
        self._lists = SiteLists(site_fetch)
        self._lock = threading.Lock()
        self._refusals = 0
        self._stopped: str | None = None

    @property
    def note(self) -> str | None:
        """Set when the archive half stopped because the archive kept refusing."""
        return self._stopped

    @staticmethod
    def wants(reference: Reference, link: LinkResult) -> bool:
        """Whether a search is worth its requests for this reference and link."""
        return (
            link.status in SEARCHED_STATUSES
            and bool(reference.url)
            and bool(reference.title or reference.trans_title)
        )

    def find(self, reference: Reference, link: LinkResult, verify: Verify) -> MovedTo | None:
        """The verified new address of ``reference``'s dead page, or None."""
        if not self.wants(reference, link):
            return None
        assert reference.url is not None
        tally = RequestTally()
        for candidate, evidence in self._redirect_candidates(reference.url, tally):
            found = _confirmed(candidate, evidence, verify)
            if found is not None:
                return found
        titles = [t for t in (reference.title, reference.trans_title) if t]
        pages = self._lists.pages(reference.url, tally)
        for page in likely_pages(titles, reference.language, pages, dead_url=reference.url):
            found = _confirmed(page.url, page.source.value, verify)
            if found is not None:
                return found
        return None

    def _redirect_candidates(self, url: str, tally: RequestTally) -> list[tuple[str, str]]:
        if self._redirects is None or self._archive is None:
            return []
        with self._lock:
            if self._stopped or self._archive.outage:
                return []  # the archive stage's outage note already says it
        try:
            found = self._redirects.candidates(url, tally)
        except ArchiveUnavailable as exc:
            self._refused(exc)
            return []
        with self._lock:
            self._refusals = 0
        return [(c.url, c.evidence) for c in found]

    def _refused(self, exc: ArchiveUnavailable) -> None:
        with self._lock:
            self._refusals += 1
            if self._refusals >= REFUSALS_TO_STOP and self._stopped is None:
                assert self._archive is not None
                self._stopped = (
                    f"moved pages: the archive at {self._archive.base_url} kept refusing "
                    f"its index ({exc}); redirect captures were not searched for the rest "
                    "of the run"
                )


def _confirmed(url: str, evidence: str, verify: Verify) -> MovedTo | None:
    checked = verify(url)
    if not checked.confirmed:
        return None
    return MovedTo(checked.link.final_url or url, evidence, checked.score)
