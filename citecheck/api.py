"""The library entry point: ``citecheck.check(references, options) -> Report``.

sources -> plan -> fetch -> analyse -> judge. Link checks run on a host-aware
worker pool; archive lookups run on their own small pool as soon as a
reference's link result is in, so the two overlap. Results are delivered to
``on_result`` as they are judged, in completion order; the Report keeps input
order.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import urlsplit

from citecheck._version import __version__
from citecheck.gating.rules import IgnoreRules, apply_accept_status, skip_reason
from citecheck.linkstatus import ProbeEvidence, classify_link
from citecheck.match import TitleComparison, compare_titles
from citecheck.match.normalise import normalise, tokens
from citecheck.match.quotes import quote_in, text_key
from citecheck.models import (
    ArchiveResult,
    ArchiveStatus,
    ErrorKind,
    LinkResult,
    LinkStatus,
    Reference,
    Report,
    Result,
    TitleMatch,
    TitleResult,
)
from citecheck.moved import ArchiveIndex, MovedFinder, Verification
from citecheck.net.client import HttpClient, StopRule
from citecheck.net.scheduler import HostScheduler
from citecheck.net.types import FetchResult
from citecheck.options import CheckOptions
from citecheck.page import (
    PageAnalysis,
    analyse_page,
    enough_bytes,
    meta_refresh_target,
    probe_url_for,
    readable_text,
)
from citecheck.plan import PlannedFetch, group_fetches, guard_problem, url_problem
from citecheck.text import plural
from citecheck.verdict import judge, quote_result

ResultCallback = Callable[[Result], None]
# How long an interrupted run waits for in-flight work before reporting.
_STOP_GRACE = 2.0
# A page titled like a cited headline of at least this many words is that article,
# not a site's error template: it needs no soft-404 probe (a request to the site
# for every site cited, often doubling the requests of a run). The probe only shows a
# page to be the template when their titles agree (same_template), so this loses only
# sites that give every URL one title that the citation copied, where the probe could
# not tell a live page from a dead one either. Shorter cited titles (a site's name,
# "Home") could be an error template's own title, so they still probe.
_SELF_EVIDENT_WORDS = 3


class ArchiveLookup(Protocol):
    def check(
        self,
        reference: Reference,
        *,
        live_title_match: TitleMatch | None,
        live_text: str = "",
        live_quote_found: bool | None = None,
    ) -> ArchiveResult:
        ...

    @property
    def outage(self) -> str | None:
        """Set once the archive stopped answering: the run note that says so."""
        ...


@dataclass(frozen=True)
class _LiveFacts:
    """What the live page says beside its title, for the archive step and the report."""

    text: str = ""  # its main text (PageAnalysis.main_text)
    quote_found: bool | None = None  # the cited quote on it; None: not looked for


_NOTHING_LIVE = _LiveFacts()


@dataclass(frozen=True)
class _LinkEvidence:
    fetched: FetchResult | None
    page: PageAnalysis | None
    link: LinkResult
    # Title comparisons already made (deciding on the soft-404 probe), by reference index.
    comparisons: Mapping[int, TitleComparison] = field(default_factory=dict)
    # The whole page's text as quotes are looked for in it, when a citing reference
    # quotes the page and its text could be read.
    quote_key: str | None = None


def now_iso() -> str:
    """The current time as the report writes it (UTC, seconds, ``Z``)."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def assemble_report(
    results: Sequence[Result | None],
    options: CheckOptions,
    *,
    inputs: Sequence[str],
    started_at: str,
    interrupted: bool,
    notes: Sequence[str],
    offline: bool,
    archive_outage: str | None = None,
) -> Report:
    """The Report of a run from its per-reference slots (None: not finished)."""
    done = tuple(r for r in results if r is not None)
    return Report(
        results=done,
        inputs=tuple(inputs),
        started_at=started_at,
        finished_at=now_iso(),
        tool_version=__version__,
        fail_on=options.fail_on,
        fail_on_archive=options.fail_on_archive,
        complete=not interrupted and len(done) == len(results),
        notes=tuple(notes),
        offline=offline,
        archive_outage=archive_outage,
    )


def check(
    references: Sequence[Reference | str],
    options: CheckOptions | None = None,
    *,
    inputs: Sequence[str] = (),
    on_result: ResultCallback | None = None,
    client: HttpClient | None = None,
    archive: ArchiveLookup | None = None,
    rules: IgnoreRules | None = None,
) -> Report:
    """Check every reference and return the judged report (never raises for one bad reference).

    A reference may be given as a bare URL string (``check(["https://…"])``); it gets the
    id ``ref-N`` of its position, as in a references.json file.

    ``rules`` (from the config's ``ignore`` and ``accept-status``) skip references
    before any request, and turn statuses a host is known to answer into ``skipped``.

    ``options.workers`` above 1 splits the references by registered domain between
    that many worker processes (``citecheck.distributed.local``); a ``client`` or
    ``archive`` given here lives in this process, so it cannot be combined with that.
    """
    options = options or CheckOptions()
    if options.workers > 1:
        if client is not None or archive is not None:
            raise ValueError("options.workers > 1 runs its own engines: give no client or archive")
        from citecheck.distributed.local import check_parallel

        return check_parallel(references, options, inputs=inputs, on_result=on_result,
                              rules=rules)
    run = _CheckRun(
        [Reference(f"ref-{n}", url=r) if isinstance(r, str) else r
         for n, r in enumerate(references, start=1)],
        options, on_result, client, archive, rules,
    )
    return run.execute(tuple(inputs))


class _CheckRun:
    def __init__(
        self,
        references: list[Reference],
        options: CheckOptions,
        on_result: ResultCallback | None,
        client: HttpClient | None,
        archive: ArchiveLookup | None,
        rules: IgnoreRules | None,
    ):
        self.references = references
        self.rules = rules or IgnoreRules()
        self.options = options
        self.on_result = on_result
        self._own_client = client is None
        self.client = client or HttpClient(options)
        self.archive = archive if options.archive else None
        if self.archive is None and options.archive:
            self.archive = _default_archive(self.client, options)
        self.results: list[Result | None] = [None] * len(references)
        self._lock = threading.Lock()
        self._probes: dict[str, Future[ProbeEvidence]] = {}
        # Offline detection: until some server has answered, failures that an
        # offline machine would also see are held back instead of judged.
        self._network_ok = False
        self._deferred: list[tuple[int, LinkResult, TitleResult]] = []
        self.offline = False
        self._archive_pool = ThreadPoolExecutor(
            max_workers=max(1, options.archive_concurrency), thread_name_prefix="citecheck-archive"
        )
        self._archive_futures: list[Future[None]] = []
        self._interrupted = threading.Event()
        self.moved = _moved_finder(self.client, self.archive) if options.find_moved else None
        # Dead links waiting for the moved-page search, which runs after every archive
        # lookup: its requests to the archive must not delay those (a lookup waiting
        # for the archive's slot runs out of time).
        self._moved_pending: list[
            tuple[int, LinkResult, TitleResult, ArchiveResult | None, _LiveFacts]
        ] = []

    # -- orchestration -----------------------------------------------------------------

    def execute(self, inputs: tuple[str, ...]) -> Report:
        started = now_iso()
        notes: list[str] = []
        scheduler = HostScheduler(
            self.client.limiter, self.options.concurrency, on_host_done=self.client.release_host
        )
        try:
            checkable = self._prejudge()
            fetches = group_fetches(checkable)
            scheduler.start((planned.host, self._job(planned)) for planned in fetches)
            scheduler.join()
            self._resolve_deferred(notes)
            for future in list(self._archive_futures):
                future.result()
            self._search_moved()
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM: stop within ~2 s and report what was finished.
            self._interrupted.set()
            scheduler.stop()
            self.client.cancel()
            self._archive_pool.shutdown(wait=False, cancel_futures=True)
            scheduler.join(timeout=_STOP_GRACE)
            self._finish_unsearched()
            done = sum(1 for r in self.results if r is not None)
            total = len(self.references)
            notes.append(
                f"interrupted: {done} of {plural(total, 'reference')} "
                f"{'was' if done == 1 else 'were'} checked"
            )
        finally:
            self._archive_pool.shutdown(wait=not self._interrupted.is_set())
            if self._own_client:
                self.client.close()
        with self._lock:
            results = list(self.results)
        outage = self.archive.outage if self.archive is not None else None
        if outage:
            # First: an interrupted run's note stays last (the CLI prints the last note).
            notes.insert(0, outage)
        if self.moved is not None and self.moved.note:
            notes.insert(0, self.moved.note)
        return assemble_report(
            results,
            self.options,
            inputs=inputs,
            started_at=started,
            interrupted=self._interrupted.is_set(),
            notes=notes,
            offline=self.offline,
            archive_outage=outage,
        )

    def _prejudge(self) -> list[tuple[int, Reference]]:
        """Judge what needs no network; return the references to fetch."""
        checkable: list[tuple[int, Reference]] = []
        pinned = self.client.resolver.pinned_hosts()
        for index, reference in enumerate(self.references):
            if reference.problems:
                self._finish(index, LinkResult(LinkStatus.INVALID, error=reference.problems[0]))
                continue
            reason = skip_reason(reference, self.rules)
            if reason:
                self._finish(index, LinkResult(LinkStatus.SKIPPED, error=reason))
                continue
            problem = url_problem(reference.url)
            if problem is None and reference.url is not None:
                problem = guard_problem(reference.url, self.client.guard, pinned)
            if problem is not None:
                self._finish(index, LinkResult(LinkStatus.INVALID, error=problem))
                continue
            checkable.append((index, reference))
        return checkable

    def _job(self, planned: PlannedFetch) -> Callable[[str], None]:
        def run(slot_host: str) -> None:
            evidence = self._check_link(planned.url, slot_host, planned.indexes)
            for index in planned.indexes:
                self._after_link(index, evidence)

        return run

    # -- link --------------------------------------------------------------------------

    def _check_link(
        self, url: str, slot_host: str | None, citing: Sequence[int]
    ) -> _LinkEvidence:
        """Fetch and judge ``url``, which the references at indexes ``citing`` cite."""
        # A quote may stand anywhere on the page: read it whole (up to the byte cap).
        quoted = any(self.references[index].quote for index in citing)
        enough = None if quoted else enough_bytes
        fetched = self.client.fetch(url, enough=enough, slot_held=slot_host)
        page = self._analyse(fetched)
        fetched, page = self._follow_meta_refresh(fetched, page, enough)
        if (
            fetched.error_kind is ErrorKind.DEADLINE
            and fetched.status is not None
            and 200 <= fetched.status < 300
            and page is not None
            and self._titled_as_cited(page, citing, {})
        ):
            # The page stopped coming at the deadline, but what came names the cited
            # article: that part is the page (otherwise a part is no evidence: timeout).
            fetched = replace(fetched, error_kind=None, error=None, truncated=True)
        probe = None
        comparisons: dict[int, TitleComparison] = {}
        if (
            self.options.probe_soft_404
            and fetched.status is not None
            and 200 <= fetched.status < 300
            and page is not None
            and not self._titled_as_cited(page, citing, comparisons)
        ):
            probe = self._probe(fetched.final_url or url)
        if fetched.got_response:
            with self._lock:
                self._network_ok = True
        cited_titles = [
            title
            for index in citing
            for title in (self.references[index].title, self.references[index].trans_title)
            if title
        ]
        link = classify_link(fetched, page, probe, cited_titles)
        quote_key = None
        if quoted and link.status.is_live():
            text = readable_text(fetched.body, content_type=fetched.content_type,
                                 declared_charset=fetched.declared_charset)
            quote_key = text_key(text) if text else None
        return _LinkEvidence(fetched, page, link, comparisons, quote_key)

    def _titled_as_cited(
        self, page: PageAnalysis, citing: Sequence[int], comparisons: dict[int, TitleComparison]
    ) -> bool:
        """Whether the page's title matches a headline one of the references at indexes
        ``citing`` gives for it (the comparisons made are kept in ``comparisons``)."""
        for index in citing:
            reference = self.references[index]
            headlines = (t for t in (reference.title, reference.trans_title) if t)
            if not any(len(tokens(normalise(t))) >= _SELF_EVIDENT_WORDS for t in headlines):
                continue
            comparisons[index] = compare_titles(reference, page)
            if comparisons[index].match is TitleMatch.MATCH:
                return True
        return False

    def _follow_meta_refresh(
        self, fetched: FetchResult, page: PageAnalysis | None, enough: StopRule | None
    ) -> tuple[FetchResult, PageAnalysis | None]:
        """A page that sends the reader on at once (``<meta http-equiv="refresh">``, 5 s
        or less) is a redirect: follow it like one, so a stub that refreshes to the home
        page is moved-home and one that refreshes to the moved story is that story."""
        seen = {u.split("#", 1)[0] for u in (fetched.url, *fetched.redirects)}
        while (
            fetched.status is not None
            and 200 <= fetched.status < 300
            and len(fetched.redirects) < self.options.max_redirects
            # The URL's time budget covers its refreshes as it covers its redirects.
            and fetched.elapsed_ms < self.options.total_timeout * 1000
        ):
            # The HTTP header of the same name works like the tag.
            target = meta_refresh_target(
                fetched.headers.get("refresh"), fetched.final_url or fetched.url
            ) or (page.refresh_url if page is not None else None)
            if target is None or target.split("#", 1)[0] in seen:
                break  # a refresh loop: the page stays what it is
            seen.add(target.split("#", 1)[0])
            hop = self.client.fetch(target, enough=enough)
            fetched = replace(
                hop,
                url=fetched.url,
                final_url=hop.final_url or target,
                redirects=(*fetched.redirects, target, *hop.redirects),
                attempts=fetched.attempts + hop.attempts,
                elapsed_ms=fetched.elapsed_ms + hop.elapsed_ms,
            )
            page = self._analyse(fetched)
        return fetched, page

    def _analyse(self, fetched: FetchResult) -> PageAnalysis | None:
        if not fetched.got_response or not fetched.body:
            return None
        return analyse_page(
            fetched.body,
            content_type=fetched.content_type,
            declared_charset=fetched.declared_charset,
            url=fetched.final_url or fetched.url,
        )

    def _probe(self, url: str) -> ProbeEvidence:
        """Fetch, once per site, a URL that cannot exist there (soft-404 detection)."""
        key = _probe_key(url)
        with self._lock:
            future = self._probes.get(key)
            owner = future is None
            if future is None:
                future = Future()
                self._probes[key] = future
        if not owner:
            return future.result()
        try:
            probe_url = probe_url_for(url, "citecheck-" + secrets.token_hex(8))
            fetched = self.client.fetch(probe_url, enough=enough_bytes, retries=0)
            evidence = ProbeEvidence(
                status=fetched.status,
                final_url=fetched.final_url,
                redirected=bool(fetched.redirects),
                page=self._analyse(fetched),
            )
            future.set_result(evidence)
        except BaseException as exc:
            future.set_exception(exc)
            raise
        return evidence

    def _after_link(self, index: int, evidence: _LinkEvidence) -> None:
        if self._interrupted.is_set():
            return  # its fetch may have been cut short by the stop: not a finding
        reference = self.references[index]
        title = self._title(index, reference, evidence)
        link = evidence.link
        if link.error_kind is not None and link.error_kind.is_network_level():
            with self._lock:
                if not self._network_ok:
                    self._deferred.append((index, link, title))
                    return
        self._archive_then_finish(index, link, title, self._live_facts(reference, evidence))

    @staticmethod
    def _live_facts(reference: Reference, evidence: _LinkEvidence) -> _LiveFacts:
        if evidence.page is None or not evidence.link.status.is_live():
            return _NOTHING_LIVE
        found = None
        if reference.quote and evidence.quote_key is not None:
            found = quote_in(reference.quote, evidence.quote_key)
        return _LiveFacts(evidence.page.main_text, found)

    def _title(self, index: int, reference: Reference, evidence: _LinkEvidence) -> TitleResult:
        if evidence.page is None or not evidence.link.status.is_live():
            found = evidence.page.title if evidence.page else None
            return TitleResult(cited=_cited_title(reference), found=found)
        comparison = evidence.comparisons.get(index) or compare_titles(reference, evidence.page)
        return TitleResult(
            cited=_cited_title(reference),
            found=comparison.found,
            source=comparison.source,
            match=comparison.match,
            score=comparison.score,
            comparable=comparison.comparable,
        )

    # -- archive and judging -----------------------------------------------------------

    def _archive_then_finish(
        self, index: int, link: LinkResult, title: TitleResult, live: _LiveFacts
    ) -> None:
        if self.offline:
            self._finish(index, link, title, live=live)
            return
        if self.archive is None:
            self._finish_or_search(index, link, title, None, live)
            return
        future = self._archive_pool.submit(self._archive_and_finish, index, link, title, live)
        with self._lock:
            self._archive_futures.append(future)

    def _archive_and_finish(
        self, index: int, link: LinkResult, title: TitleResult, live: _LiveFacts
    ) -> None:
        assert self.archive is not None
        reference = self.references[index]
        live_match = title.match if link.status.is_live() else None
        archive = self.archive.check(reference, live_title_match=live_match,
                                     live_text=live.text, live_quote_found=live.quote_found)
        if not self._interrupted.is_set():
            self._finish_or_search(index, link, title, archive, live)

    # -- where a dead page moved -------------------------------------------------------

    def _finish_or_search(
        self,
        index: int,
        link: LinkResult,
        title: TitleResult,
        archive: ArchiveResult | None,
        live: _LiveFacts,
    ) -> None:
        if self.moved is not None and self.moved.wants(self.references[index], link):
            with self._lock:
                self._moved_pending.append((index, link, title, archive, live))
            return
        self._finish(index, link, title, archive, live)

    def _search_moved(self) -> None:
        """Search where the waiting dead pages moved, on the archive pool."""
        with self._lock:
            pending, self._moved_pending = self._moved_pending, []
        futures = [self._archive_pool.submit(self._search_and_finish, *p) for p in pending]
        for future in futures:
            future.result()

    def _search_and_finish(
        self,
        index: int,
        link: LinkResult,
        title: TitleResult,
        archive: ArchiveResult | None,
        live: _LiveFacts,
    ) -> None:
        assert self.moved is not None
        if self._interrupted.is_set():
            return
        moved_to = self.moved.find(self.references[index], link,
                                   lambda url: self._verify(index, url))
        if not self._interrupted.is_set():
            self._finish(index, replace(link, moved_to=moved_to), title, archive, live)

    def _finish_unsearched(self) -> None:
        """An interrupted run still reports the dead links whose search never began."""
        with self._lock:
            pending, self._moved_pending = self._moved_pending, []
        for index, link, title, archive, live in pending:
            self._finish(index, link, title, archive, live)

    def _verify(self, index: int, url: str) -> Verification:
        """A candidate new address of reference ``index``'s page, checked as its link
        would be (soft-404 probe included) and its title compared with the cited one."""
        evidence = self._check_link(url, None, (index,))
        if evidence.page is None or not evidence.link.status.is_live():
            return Verification(evidence.link, TitleMatch.UNKNOWN, None)
        comparison = evidence.comparisons.get(index) or compare_titles(
            self.references[index], evidence.page
        )
        return Verification(evidence.link, comparison.match, comparison.score)

    def _finish(
        self,
        index: int,
        link: LinkResult,
        title: TitleResult | None = None,
        archive: ArchiveResult | None = None,
        live: _LiveFacts = _NOTHING_LIVE,
    ) -> None:
        reference = self.references[index]
        title = title or TitleResult(cited=_cited_title(reference))
        archive = archive or ArchiveResult(ArchiveStatus.UNCHECKED)
        quote = quote_result(reference, link, live.quote_found, archive)
        verdict, reasons = judge(reference, link, title, archive, offline=self.offline,
                                 quote=quote)
        result = apply_accept_status(
            Result(reference, verdict, reasons, link, title, archive,
                   drift=archive.drift, quote=quote),
            self.rules,
        )
        with self._lock:
            self.results[index] = result
        if self.on_result is not None:
            self.on_result(result)

    def _resolve_deferred(self, notes: list[str]) -> None:
        """Judge the held-back network failures, once we know whether we are online."""
        with self._lock:
            deferred, self._deferred = self._deferred, []
            network_ok = self._network_ok
        if not deferred:
            return
        if not network_ok and not self._canary_answers():
            self.offline = True
            notes.append(
                "citecheck could not reach the network (no reference and no canary host "
                "answered): nothing was judged dead"
            )
        for index, link, title in deferred:
            self._archive_then_finish(index, link, title, _NOTHING_LIVE)

    def _canary_answers(self) -> bool:
        for url in self.options.canaries:
            if url_problem(url) is not None:
                continue
            if self.client.fetch(url, retries=0, max_bytes=1024).got_response:
                return True
        return False


def _default_archive(client: HttpClient, options: CheckOptions) -> ArchiveLookup:
    """The archive layer for this run (the Wayback Machine unless --archive-url says).

    Built before fetching starts: it trusts the archive host, which rebuilds the pools.
    """
    from citecheck.archive import ArchiveChecker

    return ArchiveChecker(
        client,
        base_url=options.archive_url,
        save_missing=options.save_missing,
        max_saves=options.max_saves,
        concurrency=options.archive_concurrency,
        interval=options.archive_interval,
        index_interval=options.archive_index_interval,
    )


def _moved_finder(client: HttpClient, archive: ArchiveLookup | None) -> MovedFinder:
    """The moved-page stage; it reads the archive's index only through the archive
    checker (sharing its rate limits), so not with a lookup that offers none."""

    def fetch(url: str, *, max_bytes: int | None = None, retries: int | None = None) -> FetchResult:
        return client.fetch(url, max_bytes=max_bytes, retries=retries)

    index = archive if isinstance(archive, ArchiveIndex) else None
    return MovedFinder(fetch, index)


def _probe_key(url: str) -> str:
    """One probe per site section: sites route error pages by section (/news/, /shop/),
    while probing every article's own directory would double the requests."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    section = segments[0] if len(segments) > 1 else ""
    return f"{parts.scheme}://{parts.netloc}/{section}".lower()


def _cited_title(reference: Reference) -> str | None:
    return reference.title or reference.trans_title
