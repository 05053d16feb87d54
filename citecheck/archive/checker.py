"""The archive step for one reference: verify the cited copy, or find one to suggest.

DESIGN.md ("archive.status", "Choosing a capture") is the contract. Per-reference
problems are values on the ArchiveResult, never exceptions; an archive that fails to
answer makes the result ``unchecked`` (the lookup failed), never ``missing`` or
``broken`` (which are findings).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from citecheck.archive import timestamps
from citecheck.archive.beside import beside_live
from citecheck.archive.cdx import CdxClient, CdxDialect
from citecheck.archive.cited import verify_cited
from citecheck.archive.index import IndexLocator
from citecheck.archive.interface import (
    ArchiveHttp,
    ArchiveUnavailable,
    PageAnalyser,
    TitleComparer,
)
from citecheck.archive.judge import CaptureJudge, Judged, drift_note
from citecheck.archive.links import is_internet_archive, parse_archive_url
from citecheck.archive.memento import TimeMapClient
from citecheck.archive.memo import RequestTally, RunMemo
from citecheck.archive.outage import OutageWatch
from citecheck.archive.save import SaveBudget, save_page
from citecheck.archive.search import CaptureSearch
from citecheck.models import ArchiveResult, ArchiveStatus, Reference, TitleMatch
from citecheck.options import (
    DEFAULT_ARCHIVE_CONCURRENCY,
    DEFAULT_ARCHIVE_INDEX_INTERVAL,
    DEFAULT_ARCHIVE_INTERVAL,
    DEFAULT_ARCHIVE_URL,
)

# Save Page Now: 15 requests a minute, then a 5-minute block.
_IA_SAVE_INTERVAL = 4.0


class ArchiveChecker:
    """Built once per run; ``check`` is thread-safe and never raises for one reference.

    ``base_url``: a Wayback-compatible service (the Internet Archive, or pywb with a
    collection named ``web``); its CDX dialect is found with one request unless
    ``cdx_dialect`` says. ``timemaps``: TimeMap URL prefixes of other Memento archives
    (``https://archive.example/timemap/link/``) searched when the Wayback service has
    no usable capture. ``concurrency``/``interval``: the politeness limit per archive host;
    ``index_interval``: the Internet Archive's CDX index, one request at a time.
    """

    def __init__(
        self,
        http: ArchiveHttp,
        *,
        base_url: str = DEFAULT_ARCHIVE_URL,
        save_missing: bool = False,
        max_saves: int = 10,
        title_comparer: TitleComparer | None = None,
        page_analyser: PageAnalyser | None = None,
        concurrency: int = DEFAULT_ARCHIVE_CONCURRENCY,
        interval: float = DEFAULT_ARCHIVE_INTERVAL,
        index_interval: float = DEFAULT_ARCHIVE_INDEX_INTERVAL,
        cdx_dialect: CdxDialect | None = None,
        timemaps: Sequence[str] = (),
        now: Callable[[], datetime] | None = None,
    ):
        self._base = base_url.rstrip("/")
        # Every request to the archive goes through the watch, which notices an outage.
        self._watch = OutageWatch(http, self._base)
        http = self._http = self._watch
        self._host = (urlsplit(self._base).hostname or "").lower()
        self._wayback_hosts = frozenset({self._host})
        self._save_missing = save_missing
        self._saves = SaveBudget(max_saves)
        self._index = IndexLocator(self._watch, self._base, self._host, cdx_dialect)
        self._now = now or (lambda: datetime.now(UTC))
        memo = RunMemo()
        self._judge = CaptureJudge(
            http,
            analyser=page_analyser or _default_analyser(),
            comparer=title_comparer or _default_comparer(),
            memo=memo,
            wayback_hosts=self._wayback_hosts,
        )
        self._search = CaptureSearch(
            judge=self._judge,
            memo=memo,
            replay_prefix=f"{self._base}/web/",
            cdx=self._index.client,
            timemaps=[TimeMapClient(http, prefix) for prefix in timemaps],
        )
        _configure_hosts(http, self._host, timemaps, concurrency=concurrency,
                         interval=interval, index_interval=index_interval)

    def check(
        self,
        reference: Reference,
        *,
        live_title_match: TitleMatch | None,
        live_text: str = "",
        live_quote_found: bool | None = None,
    ) -> ArchiveResult:
        """The archive finding for ``reference``.

        ``live_title_match`` is the live page's title match when the link is live, None
        otherwise; it decides Save Page Now and the content-drift note. ``live_text``
        (the live page's main text) is set beside the capture's to find text drift;
        ``live_quote_found`` False or None (not looked for) has the capture searched for
        the reference's quote.
        """
        if self._watch.down:
            return ArchiveResult(ArchiveStatus.UNCHECKED, reason=self._watch.note)
        tally = RequestTally()
        try:
            if reference.archive_url:
                result = verify_cited(reference, live_title_match, judge=self._judge,
                                      wayback_hosts=self._wayback_hosts, tally=tally)
                if result.status is ArchiveStatus.BROKEN and reference.url:
                    result = self._with_replacement(result, reference, tally)
            elif reference.url:
                result = self._suggest(reference, live_title_match, tally)
            else:
                result = ArchiveResult(ArchiveStatus.UNCHECKED, reason="no URL to look up")
            result = beside_live(self._judge, self._wayback_hosts, reference, result,
                                 live_match=live_title_match, live_text=live_text,
                                 live_quote_found=live_quote_found, tally=tally)
        except ArchiveUnavailable as exc:
            reason = self._watch.note if self._watch.down else f"archive lookup failed: {exc}"
            result = ArchiveResult(ArchiveStatus.UNCHECKED, reason=reason)
        return replace(result, requests=tally.requests)

    @property
    def http(self) -> ArchiveHttp:
        """Requests to the archive as this checker makes them (its rate limits, its
        outage watch), for other stages that read the archive (citecheck.moved)."""
        return self._http

    @property
    def base_url(self) -> str:
        return self._base

    def index(self, tally: RequestTally) -> CdxClient:
        """The archive's CDX index (its dialect found once per run), for other stages."""
        return self._index.client(tally)

    @property
    def outage(self) -> str | None:
        """What to tell the reader when the archive did not answer (None: it did)."""
        return self._watch.note if self._watch.down else None

    def _target(self, ref: Reference) -> str:
        """Nearest the access date, else the publication date, else the date of the
        cited copy (when one is being replaced), else the newest."""
        return (timestamps.citation_timestamp(ref.access_date)
                or timestamps.citation_timestamp(ref.date)
                or timestamps.citation_timestamp(ref.archive_date)
                or timestamps.from_datetime(self._now()))

    def _with_replacement(
        self, broken: ArchiveResult, ref: Reference, tally: RequestTally
    ) -> ArchiveResult:
        """A broken cited copy, with the usable capture to cite instead when there is one
        (chosen as for a reference that cites none)."""
        try:
            found = self._search.find(ref, self._target(ref), tally)
        except ArchiveUnavailable:
            return broken  # the finding about the cited copy stands on its own
        if found.usable is None:
            return broken
        usable = self._result(ArchiveStatus.SUGGESTED, found.usable, [])
        if usable.url == broken.url:
            return broken
        note = f"a usable capture exists: {usable.url}"
        reason = f"{broken.reason}; {note}" if broken.reason else note
        return replace(broken, replacement=usable, reason=reason)

    def _suggest(
        self, ref: Reference, live: TitleMatch | None, tally: RequestTally
    ) -> ArchiveResult:
        found = self._search.find(ref, self._target(ref), tally)
        if found.usable is not None:
            return self._result(ArchiveStatus.SUGGESTED, found.usable,
                                drift_note(live, found.usable.match,
                                           found.usable.replay.timestamp))
        if found.nearest_mismatch is not None:
            return self._result(ArchiveStatus.MISMATCH, found.nearest_mismatch,
                                ["captures exist but none has the cited title"])
        if found.nearest_doubtful is not None:
            # Not suggested, never written by fix: a wrong archive link is worse than none.
            return replace(
                self._result(ArchiveStatus.MISSING, found.nearest_doubtful, []),
                url=None,
                reason="captures exist, but none is surely the cited page (its title is only "
                "partly like the cited one)",
            )
        if self._save_missing and live in (TitleMatch.MATCH, TitleMatch.UNKNOWN):
            return self._save(ref.url or "", tally)
        return ArchiveResult(ArchiveStatus.MISSING, reason="no usable capture")

    def _result(self, status: ArchiveStatus, judged: Judged, notes: list[str]) -> ArchiveResult:
        replay = judged.replay
        return ArchiveResult(status, url=self._citable_url(replay.url, replay.timestamp),
                             timestamp=replay.timestamp, title=judged.title,
                             title_match=judged.match, reason="; ".join(notes) or None)

    def _citable_url(self, url: str, stamp: str | None) -> str:
        """The address to cite: the archive's normal (not raw) replay of the capture."""
        link = parse_archive_url(url, wayback_hosts=self._wayback_hosts)
        if link is not None and link.is_wayback_scheme and stamp:
            return f"{link.prefix}{stamp}/{link.original}"
        return url

    def _save(self, url: str, tally: RequestTally) -> ArchiveResult:
        if not self._saves.take():
            return ArchiveResult(ArchiveStatus.MISSING,
                                 reason="no usable capture (save limit for this run reached)")
        tally.count()
        try:
            saved = save_page(self._http, url, base_url=self._base)
        except ArchiveUnavailable as exc:
            return ArchiveResult(ArchiveStatus.MISSING,
                                 reason=f"no usable capture; saving it failed: {exc}")
        return ArchiveResult(ArchiveStatus.SUGGESTED, url=saved.url, timestamp=saved.timestamp,
                             reason="saved now with Save Page Now (not yet verified)")


def _configure_hosts(
    http: ArchiveHttp,
    archive_host: str,
    timemaps: Sequence[str],
    *,
    concurrency: int,
    interval: float,
    index_interval: float,
) -> None:
    """Trust the configured archives (--archive-url, TimeMap services) explicitly
    (DESIGN.md, address guard), and give each its own, gentler rate limit."""
    hosts = {archive_host} | {(urlsplit(p).hostname or "").lower() for p in timemaps}
    for host in sorted(hosts - {""}):
        http.trust_host(host)
        http.configure_host(host, concurrency=concurrency, interval=interval)
    if is_internet_archive(archive_host):
        # Its index and Save Page Now have rate limits of their own, far below its
        # pages': one request at a time, under 30 a minute and 15 a minute.
        http.configure_endpoint(archive_host, "/cdx/", concurrency=1,
                                interval=max(interval, index_interval))
        http.configure_endpoint(archive_host, "/save/", concurrency=1,
                                interval=max(interval, _IA_SAVE_INTERVAL))


def _default_analyser() -> PageAnalyser:
    from citecheck.page import analyse_page

    return analyse_page


def _default_comparer() -> TitleComparer:
    from citecheck.match import compare_titles

    return compare_titles
