"""The finish step of each reference: its archive lookup, the search for where a dead
page moved, then judging (verdict, accept-status) and delivering the result.

Archive lookups run on their own small pool as soon as a reference's link result is in,
so they overlap the link checks. The moved-page search runs after every archive lookup:
its requests to the archive must not delay those (a lookup waiting for the archive's
slot runs out of time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Protocol

from citecheck.checking.link import NOTHING_LIVE, LiveFacts, cited_title
from citecheck.checking.slots import ResultSlots
from citecheck.gating.rules import IgnoreRules, apply_accept_status
from citecheck.models import (
    ArchiveResult,
    ArchiveStatus,
    LinkResult,
    Reference,
    Result,
    TitleMatch,
    TitleResult,
)
from citecheck.moved import MovedFinder, Verification
from citecheck.options import CheckOptions
from citecheck.verdict import judge, quote_result

ResultCallback = Callable[[Result], None]


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


# A dead link waiting for the moved-page search, with all else known of it.
_Pending = tuple[int, LinkResult, TitleResult, ArchiveResult | None, LiveFacts]


class Finisher:
    """Takes each reference from its link result to its judged Result, in its slot."""

    def __init__(
        self,
        references: Sequence[Reference],
        options: CheckOptions,
        *,
        archive: ArchiveLookup | None,
        moved: MovedFinder | None,
        verify: Callable[[int, str], Verification],
        rules: IgnoreRules,
        on_result: ResultCallback | None,
        offline: Callable[[], bool],
        interrupted: threading.Event,
        slots: ResultSlots,
    ) -> None:
        self.references = references
        self.archive = archive
        self.moved = moved
        self._verify = verify
        self.rules = rules
        self.on_result = on_result
        self._offline = offline
        self._interrupted = interrupted
        self._lock = threading.Lock()
        self.slots = slots
        self._pool = ThreadPoolExecutor(
            max_workers=max(1, options.archive_concurrency), thread_name_prefix="citecheck-archive"
        )
        # The moved-page search is mostly requests to the dead pages' own sites: it runs
        # as wide as the link checks (the client's limiter keeps each site's politeness,
        # and the archive's), not on the archive's few threads (1,000 dead links took
        # 20 s after every link check had ended).
        self._search_threads = max(1, options.concurrency)
        self._archive_futures: list[Future[None]] = []
        self._moved_pending: list[_Pending] = []

    def submit(self, index: int, link: LinkResult, title: TitleResult, live: LiveFacts) -> None:
        """Finish reference ``index``: archive lookup (on the pool) first, unless offline."""
        if self._offline():
            self.finish(index, link, title, live=live)
            return
        if self.archive is None:
            self._finish_or_search(index, link, title, None, live)
            return
        future = self._pool.submit(self._archive_and_finish, index, link, title, live)
        with self._lock:
            self._archive_futures.append(future)

    def wait_archives(self) -> None:
        """Wait for every archive lookup submitted (raising what one raised)."""
        with self._lock:
            futures = list(self._archive_futures)
        for future in futures:
            future.result()

    def search_moved(self) -> None:
        """Search where the waiting dead pages moved, many at a time."""
        with self._lock:
            pending, self._moved_pending = self._moved_pending, []
        if not pending:
            return
        threads = min(self._search_threads, len(pending))
        pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="citecheck-moved")
        futures: list[Future[None]] = []
        try:
            futures = [pool.submit(self._search_and_finish, *p) for p in pending]
            for future in futures:
                future.result()
        except BaseException:
            # Ctrl-C: the searches not begun are dropped (finish_unsearched reports
            # their links), those under way end at the engine's stop.
            pool.shutdown(wait=False, cancel_futures=True)
            with self._lock:
                self._moved_pending.extend(p for p, f in zip(pending, futures, strict=False)
                                           if f.cancelled())
            raise
        pool.shutdown()

    def finish_unsearched(self) -> None:
        """An interrupted run still reports the dead links whose search never began."""
        with self._lock:
            pending, self._moved_pending = self._moved_pending, []
        for index, link, title, archive, live in pending:
            self.finish(index, link, title, archive, live)

    def abandon(self) -> None:
        """Stop: drop the lookups not started (an interrupted run)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=not self._interrupted.is_set())

    def finish(
        self,
        index: int,
        link: LinkResult,
        title: TitleResult | None = None,
        archive: ArchiveResult | None = None,
        live: LiveFacts = NOTHING_LIVE,
    ) -> None:
        """Judge reference ``index`` from its evidence and deliver the result."""
        reference = self.references[index]
        title = title or TitleResult(cited=cited_title(reference))
        archive = archive or ArchiveResult(ArchiveStatus.UNCHECKED)
        quote = quote_result(reference, link, live.quote_found, archive)
        verdict, reasons = judge(reference, link, title, archive, offline=self._offline(),
                                 quote=quote)
        result = apply_accept_status(
            Result(reference, verdict, reasons, link, title, archive,
                   drift=archive.drift, quote=quote),
            self.rules,
        )
        self.slots.put(index, result)
        if self.on_result is not None:
            self.on_result(result)

    def _archive_and_finish(
        self, index: int, link: LinkResult, title: TitleResult, live: LiveFacts
    ) -> None:
        assert self.archive is not None
        reference = self.references[index]
        live_match = title.match if link.status.is_live() else None
        archive = self.archive.check(reference, live_title_match=live_match,
                                     live_text=live.text, live_quote_found=live.quote_found)
        if not self._interrupted.is_set():
            self._finish_or_search(index, link, title, archive, live)

    def _finish_or_search(
        self,
        index: int,
        link: LinkResult,
        title: TitleResult,
        archive: ArchiveResult | None,
        live: LiveFacts,
    ) -> None:
        if self.moved is not None and self.moved.wants(self.references[index], link):
            with self._lock:
                self._moved_pending.append((index, link, title, archive, live))
            return
        self.finish(index, link, title, archive, live)

    def _search_and_finish(
        self,
        index: int,
        link: LinkResult,
        title: TitleResult,
        archive: ArchiveResult | None,
        live: LiveFacts,
    ) -> None:
        assert self.moved is not None
        if self._interrupted.is_set():
            return
        moved_to = self.moved.find(self.references[index], link,
                                   lambda url: self._verify(index, url))
        if not self._interrupted.is_set():
            self.finish(index, replace(link, moved_to=moved_to), title, archive, live)
