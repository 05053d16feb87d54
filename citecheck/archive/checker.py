"""The archive step for one reference: verify the cited copy, or find one to suggest.

DESIGN.md ("archive.status", "Choosing a capture") is the contract. Per-reference
problems are values on the ArchiveResult, never exceptions; an archive that fails to
answer makes the result ``unchecked`` (the lookup failed), never ``missing`` or
``broken`` (which are findings).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TypeVar, cast
from urllib.parse import urlsplit

from citecheck.archive import timestamps
from citecheck.archive.cdx import DEFAULT_LIMIT, CdxClient, CdxDialect, CdxEndpoint
from citecheck.archive.interface import (
    ArchiveHttp,
    ArchiveUnavailable,
    Capture,
    PageAnalyser,
    PageFacts,
    TitleComparer,
)
from citecheck.archive.links import ArchiveKind, ArchiveLink, parse_archive_url
from citecheck.archive.memento import TimeMapClient
from citecheck.archive.replay import Replay, ReplayState, read_capture, read_memento
from citecheck.archive.save import SaveBudget, save_page
from citecheck.archive.urlnorm import lookup_variants, same_page
from citecheck.models import ArchiveResult, ArchiveStatus, Reference, TitleMatch
from citecheck.options import (
    DEFAULT_ARCHIVE_CONCURRENCY,
    DEFAULT_ARCHIVE_INTERVAL,
    DEFAULT_ARCHIVE_URL,
)

T = TypeVar("T")

# Captures read per side of the target date before giving up on that side: each read
# is a request, and a page that mismatches three times will not match the fourth.
MAX_READS_PER_SIDE = 3
# A cited copy further than this from its archive_date gets a note (not a failure:
# archives redirect to the closest capture, and citers round dates).
DATE_TOLERANCE_DAYS = 2.0


@dataclass
class _Tally:
    """Requests made for one reference (cached answers cost nothing)."""

    requests: int = 0

    def count(self) -> None:
        self.requests += 1


@dataclass(frozen=True)
class _Judged:
    """A capture that was read and analysed."""

    replay: Replay
    facts: PageFacts | None
    match: TitleMatch | None
    problem: str | None  # why it is not usable as an archive copy


@dataclass
class _Once:
    """Per-key memo that computes each key once even with concurrent callers."""

    values: dict[Hashable, object] = field(default_factory=dict)
    locks: dict[Hashable, threading.Lock] = field(default_factory=dict)
    guard: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self.guard:
            if key in self.values:
                return cast(T, self.values[key])
            lock = self.locks.setdefault(key, threading.Lock())
        with lock:
            with self.guard:
                if key in self.values:
                    return cast(T, self.values[key])
            value = compute()
            with self.guard:
                self.values[key] = value
                del self.locks[key]
            return value


class ArchiveChecker:
    """Built once per run; ``check`` is thread-safe and never raises for one reference."""

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
        cdx_dialect: CdxDialect | None = None,
        timemaps: Sequence[str] = (),
        now: Callable[[], datetime] | None = None,
    ):
        self._http = http
        self._base = base_url.rstrip("/")
        self._host = (urlsplit(self._base).hostname or "").lower()
        self._wayback_hosts = frozenset({self._host})
        self._save_missing = save_missing
        self._saves = SaveBudget(max_saves)
        self._compare = title_comparer or _default_comparer()
        self._analyse = page_analyser or _default_analyser()
        self._dialect = cdx_dialect
        self._dialect_lock = threading.Lock()
        self._timemaps = tuple(TimeMapClient(http, prefix) for prefix in timemaps)
        self._now = now or (lambda: datetime.now(UTC))
        self._memo = _Once()
        # Configured archives (--archive-url, TimeMap services) are explicitly trusted
        # (DESIGN.md, address guard), and each gets its own, gentler rate limit.
        hosts = {self._host} | {(urlsplit(p).hostname or "").lower() for p in timemaps}
        for host in sorted(hosts - {""}):
            http.trust_host(host)
            http.configure_host(host, concurrency=concurrency, interval=interval)

    # -- public -------------------------------------------------------------------

    def check(self, reference: Reference, *, live_title_match: TitleMatch | None) -> ArchiveResult:
        """The archive finding for ``reference``.

        ``live_title_match`` is the live page's title match when the link is live, None
        otherwise; it decides Save Page Now and the content-drift note.
        """
        tally = _Tally()
        try:
            if reference.archive_url:
                result = self._check_cited(reference, live_title_match, tally)
            elif reference.url:
                result = self._suggest(reference, live_title_match, tally)
            else:
                result = ArchiveResult(ArchiveStatus.UNCHECKED, reason="no URL to look up")
        except ArchiveUnavailable as exc:
            result = ArchiveResult(ArchiveStatus.UNCHECKED, reason=f"archive lookup failed: {exc}")
        return _with_requests(result, tally.requests)

    # -- the cited copy -------------------------------------------------------------

    def _check_cited(
        self, ref: Reference, live: TitleMatch | None, tally: _Tally
    ) -> ArchiveResult:
        cited = ref.archive_url or ""
        parsed = parse_archive_url(cited, wayback_hosts=self._wayback_hosts)
        link = parsed or ArchiveLink(cited, ArchiveKind.MEMENTO)
        judged = self._judge(link, ref, tally)
        replay = judged.replay
        if replay.state in (ReplayState.UNAVAILABLE, ReplayState.REFUSED):
            # Not a finding about the copy: the archive would not let us see it.
            raise ArchiveUnavailable(replay.detail or "archive did not answer")
        base = ArchiveResult(ArchiveStatus.BROKEN, url=cited, timestamp=replay.timestamp)
        if parsed is None and replay.state is ReplayState.CAPTURE and replay.timestamp is None:
            # An address of no known archive form that answers without Memento-Datetime
            # is a page about captures (a calendar, a search), not a capture.
            return _replace(base, reason="not a capture: the archive gave no capture date")
        if judged.problem is not None:
            return _replace(base, reason=judged.problem,
                            title=judged.facts.title if judged.facts else None)
        assert judged.facts is not None and judged.match is not None
        original = replay.original or link.original
        if ref.url and original and not same_page(original, ref.url):
            return _replace(base, reason=f"the archived copy is of {original}, not the cited URL")
        notes = self._date_notes(link, replay, ref)
        status = ArchiveStatus.MISMATCH if judged.match is TitleMatch.MISMATCH else ArchiveStatus.OK
        if judged.match is TitleMatch.UNKNOWN and ref.title:
            notes.append("no title found in the archived copy")
        if status is ArchiveStatus.MISMATCH:
            notes.insert(0, "the archived copy's title does not match the cited title")
        notes += _drift_note(live, judged.match, replay.timestamp)
        return ArchiveResult(status, url=cited, timestamp=replay.timestamp,
                             title=judged.facts.title, title_match=judged.match,
                             reason="; ".join(notes) or None)

    def _date_notes(self, link: ArchiveLink, replay: Replay, ref: Reference) -> list[str]:
        stamp = replay.timestamp
        if not stamp:
            return []
        wanted = timestamps.citation_timestamp(ref.archive_date)
        if wanted is None and link.timestamp and len(link.timestamp) == 14:
            wanted = link.timestamp
        if wanted is None or timestamps.days_between(stamp, wanted) <= DATE_TOLERANCE_DAYS:
            return []
        return [f"the archived copy is from {timestamps.iso_day(stamp)}, "
                f"not {timestamps.iso_day(wanted)} as cited"]

    # -- no copy cited: find one --------------------------------------------------------

    def _suggest(self, ref: Reference, live: TitleMatch | None, tally: _Tally) -> ArchiveResult:
        url = ref.url or ""
        target = (timestamps.citation_timestamp(ref.access_date)
                  or timestamps.citation_timestamp(ref.date)
                  or timestamps.from_datetime(self._now()))
        nearest_mismatch: _Judged | None = None
        seen_digests: set[str] = set()
        for variant in lookup_variants(url):
            found, mismatch = self._search_wayback(variant, target, ref, tally, seen_digests)
            if found is not None:
                return self._suggestion(found, live)
            nearest_mismatch = nearest_mismatch or mismatch
        for timemap in self._timemaps:
            found, mismatch = self._search_timemap(timemap, url, target, ref, tally)
            if found is not None:
                return self._suggestion(found, live)
            nearest_mismatch = nearest_mismatch or mismatch
        if nearest_mismatch is not None:
            replay = nearest_mismatch.replay
            return ArchiveResult(
                ArchiveStatus.MISMATCH, url=self._replay_url(replay), timestamp=replay.timestamp,
                title=nearest_mismatch.facts.title if nearest_mismatch.facts else None,
                title_match=TitleMatch.MISMATCH,
                reason="captures exist but none has the cited title",
            )
        if self._save_missing and live in (TitleMatch.MATCH, TitleMatch.UNKNOWN):
            return self._save(url, tally)
        return ArchiveResult(ArchiveStatus.MISSING, reason="no usable capture")

    def _search_wayback(
        self, url: str, target: str, ref: Reference, tally: _Tally, seen: set[str]
    ) -> tuple[_Judged | None, _Judged | None]:
        """The usable capture nearest before ``target`` (else after), and the nearest
        readable capture whose title mismatched."""
        captures = self._cdx_around(url, target, tally)
        before = [c for c in captures if c.timestamp <= target]
        after = [c for c in captures if c.timestamp > target]
        before.sort(key=lambda c: c.timestamp, reverse=True)
        after.sort(key=lambda c: c.timestamp)
        mismatch: _Judged | None = None
        for side in (before, after):
            reads = 0
            for capture in side:
                if reads >= MAX_READS_PER_SIDE:
                    break
                # Same digest = same bytes as a capture already judged unusable.
                if capture.digest and capture.digest in seen:
                    continue
                link = ArchiveLink(
                    url=f"{self._base}/web/{capture.timestamp}/{capture.original}",
                    kind=ArchiveKind.WAYBACK, timestamp=capture.timestamp,
                    original=capture.original, prefix=f"{self._base}/web/",
                )
                reads += 1
                judged = self._judge(link, ref, tally)
                if judged.replay.state is ReplayState.UNAVAILABLE:
                    raise ArchiveUnavailable(judged.replay.detail or "archive did not answer")
                if judged.problem is None and judged.match is not TitleMatch.MISMATCH:
                    return judged, mismatch
                if capture.digest:
                    seen.add(capture.digest)
                if judged.problem is None and mismatch is None:
                    mismatch = judged
        return None, mismatch

    def _cdx_around(self, url: str, target: str, tally: _Tally) -> list[Capture]:
        """Captures archived as 200 nearest ``target``: one query, a second only when the
        first was all after the target and may have hidden older ones."""
        client = self._cdx(tally)
        key = ("cdx", client.endpoint.url, url, target)

        def compute() -> list[Capture]:
            captures = client.around(url, target, before=None, on_request=tally.count)
            if len(captures) >= DEFAULT_LIMIT and all(c.timestamp > target for c in captures):
                captures += client.around(url, target, before=True, on_request=tally.count)
            return captures

        return list(self._memo.get(key, compute))

    def _search_timemap(
        self, timemap: TimeMapClient, url: str, target: str, ref: Reference, tally: _Tally
    ) -> tuple[_Judged | None, _Judged | None]:
        def compute() -> list[Capture]:
            tally.requests += 1
            return timemap.captures(url)

        captures = self._memo.get(("timemap", timemap.prefix, url), compute)
        before = sorted((c for c in captures if c.timestamp <= target),
                        key=lambda c: c.timestamp, reverse=True)
        after = [c for c in captures if c.timestamp > target]
        mismatch: _Judged | None = None
        for side in (before, after):
            for capture in side[:MAX_READS_PER_SIDE]:
                link = ArchiveLink(capture.replay_url or "", ArchiveKind.MEMENTO,
                                   timestamp=capture.timestamp, original=capture.original)
                judged = self._judge(link, ref, tally)
                if judged.problem is None and judged.match is not TitleMatch.MISMATCH:
                    return judged, mismatch
                if judged.problem is None and mismatch is None:
                    mismatch = judged
        return None, mismatch

    def _suggestion(self, judged: _Judged, live: TitleMatch | None) -> ArchiveResult:
        replay = judged.replay
        notes = _drift_note(live, judged.match, replay.timestamp)
        return ArchiveResult(
            ArchiveStatus.SUGGESTED, url=self._replay_url(replay), timestamp=replay.timestamp,
            title=judged.facts.title if judged.facts else None, title_match=judged.match,
            reason="; ".join(notes) or None,
        )

    def _replay_url(self, replay: Replay) -> str:
        """The address to cite: the archive's normal (not raw) replay of the capture."""
        link = parse_archive_url(replay.url, wayback_hosts=self._wayback_hosts)
        if link is not None and link.is_wayback_scheme and replay.timestamp:
            return f"{link.prefix}{replay.timestamp}/{link.original}"
        return replay.url

    def _save(self, url: str, tally: _Tally) -> ArchiveResult:
        if not self._saves.take():
            return ArchiveResult(ArchiveStatus.MISSING,
                                 reason="no usable capture (save limit for this run reached)")
        tally.requests += 1
        try:
            saved = save_page(self._http, url, base_url=self._base)
        except ArchiveUnavailable as exc:
            return ArchiveResult(ArchiveStatus.MISSING,
                                 reason=f"no usable capture; saving it failed: {exc}")
        return ArchiveResult(ArchiveStatus.SUGGESTED, url=saved.url, timestamp=saved.timestamp,
                             reason="saved now with Save Page Now (not yet verified)")

    # -- reading and judging one capture -----------------------------------------------

    def _judge(self, link: ArchiveLink, ref: Reference, tally: _Tally) -> _Judged:
        def compute() -> tuple[Replay, PageFacts | None]:
            if link.is_wayback_scheme:
                replay = read_capture(self._http, link, wayback_hosts=self._wayback_hosts)
            else:
                replay = read_memento(self._http, link.url)
            tally.requests += replay.requests
            facts = self._facts(replay)
            # The run's memo keeps what was found, not the page itself (up to 512 KiB).
            return replace(replay, fetch=None), facts

        replay, facts = self._memo.get(("replay", link.raw_url() or link.url), compute)
        if replay.state is not ReplayState.CAPTURE or facts is None:
            return _Judged(replay, facts, None, replay.detail or replay.state.value)
        if facts.parked_signal:
            return _Judged(replay, facts, None, "the archived copy is of a parked domain page")
        if facts.error_signal:
            return _Judged(replay, facts, None, "the archived copy is of an error page")
        return _Judged(replay, facts, _match_of(self._compare(ref, facts)), None)

    def _facts(self, replay: Replay) -> PageFacts | None:
        fetched = replay.fetch
        if fetched is None or replay.state not in (
            ReplayState.CAPTURE, ReplayState.ERROR_CAPTURE
        ):
            return None
        return self._analyse(fetched.body, content_type=fetched.content_type,
                             declared_charset=fetched.declared_charset,
                             url=replay.original or replay.url)

    def _cdx(self, tally: _Tally) -> CdxClient:
        with self._dialect_lock:
            if self._dialect is None:
                # Counted against the reference that happened to need it first.
                tally.requests += 1
                self._dialect = self._probe_dialect()
            endpoint = CdxEndpoint.for_base(self._base, self._dialect)
        return CdxClient(self._http, endpoint)

    def _probe_dialect(self) -> CdxDialect:
        """Internet Archive layout unless the service says it has no such path (pywb).

        One request per run, for services other than the Internet Archive. A failed
        probe decides nothing: the next reference probes again.
        """
        if self._host == "archive.org" or self._host.endswith(".archive.org"):
            return CdxDialect.INTERNET_ARCHIVE
        probe = self._http.fetch(f"{self._base}/cdx/search/cdx?url=example.com&limit=1",
                                 max_bytes=4096)
        if probe.status == 200:
            return CdxDialect.INTERNET_ARCHIVE
        if probe.status == 404:
            return CdxDialect.PYWB
        if probe.status is None:
            raise ArchiveUnavailable(f"archive index unreachable: {probe.error}")
        raise ArchiveUnavailable(f"archive index answered HTTP {probe.status}",
                                 status=probe.status)


def _match_of(value: object) -> TitleMatch:
    if isinstance(value, TitleMatch):
        return value
    match = getattr(value, "match", None)
    if isinstance(match, TitleMatch):
        return match
    raise TypeError(f"title comparer returned {value!r}, not a TitleMatch or a comparison")


def _drift_note(
    live: TitleMatch | None, archived: TitleMatch | None, stamp: str | None
) -> list[str]:
    if live is TitleMatch.MISMATCH and archived is TitleMatch.MATCH and stamp:
        return [f"content drift: the live page no longer has the cited title; "
                f"the capture of {timestamps.iso_day(stamp)} does"]
    return []


def _replace(result: ArchiveResult, **changes: object) -> ArchiveResult:
    return replace(result, **changes)  # type: ignore[arg-type]


def _with_requests(result: ArchiveResult, requests: int) -> ArchiveResult:
    return _replace(result, requests=requests)


def _default_analyser() -> PageAnalyser:
    try:
        from citecheck.page import analyse_page
    except ImportError as exc:  # the page stage has not landed: the caller must pass one
        raise TypeError("ArchiveChecker needs page_analyser (citecheck.page.analyse_page)") from exc
    return analyse_page


def _default_comparer() -> TitleComparer:
    try:
        from citecheck.match import compare_titles
    except ImportError as exc:
        raise TypeError("ArchiveChecker needs title_comparer (citecheck.match.compare_titles)") \
            from exc
    return compare_titles
