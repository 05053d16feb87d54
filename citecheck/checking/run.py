"""One run of ``citecheck.check``: sources -> plan -> fetch -> analyse -> judge.

Link checks run on a host-aware worker pool (:class:`HostScheduler`); each link result
goes on to the finish step (archive lookup, moved-page search, judging), which delivers
results to ``on_result`` in completion order; the Report keeps input order. Network-level
failures wait for the offline detector's word before they are judged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from citecheck.checking.assemble import assemble_report, now_iso
from citecheck.checking.finish import ArchiveLookup, Finisher, ResultCallback
from citecheck.checking.link import NOTHING_LIVE, LinkChecker, LinkEvidence
from citecheck.checking.offline import OfflineDetector
from citecheck.checking.slots import ResultSlots, ResultTally, result_store
from citecheck.gating.rules import IgnoreRules, skip_reason
from citecheck.models import LinkResult, LinkStatus, Reference, Report, TitleMatch, TitleResult
from citecheck.moved import ArchiveIndex, MovedFinder
from citecheck.net.client import HttpClient
from citecheck.net.scheduler import HostScheduler
from citecheck.net.types import FetchResult
from citecheck.options import CheckOptions
from citecheck.plan import PlannedFetch, group_fetches, guard_problem, url_problem
from citecheck.text import plural

# How long an interrupted run waits for in-flight work before reporting.
STOP_GRACE = 2.0
OFFLINE_NOTE = ("citecheck could not reach the network (no reference and no canary host "
                "answered): nothing was judged dead")

# A network-level failure held back until the run knows whether it is online.
_Held = tuple[int, LinkResult, TitleResult]


class CheckRun:
    def __init__(
        self,
        references: list[Reference],
        options: CheckOptions,
        on_result: ResultCallback | None,
        client: HttpClient | None,
        archive: ArchiveLookup | None,
        rules: IgnoreRules | None,
        keep_results: bool = True,
    ):
        self.references = references
        self.options = options
        self.rules = rules or IgnoreRules()
        self._own_client = client is None
        self.client = client or HttpClient(options)
        archive = archive if options.archive else None
        if archive is None and options.archive:
            archive = _default_archive(self.client, options)
        self.archive = archive
        self.network: OfflineDetector[_Held] = OfflineDetector()
        self._interrupted = threading.Event()
        self.links = LinkChecker(references, options, self.client, self.network.answered)
        self.finisher = Finisher(
            references,
            options,
            archive=archive,
            moved=_moved_finder(self.client, archive) if options.find_moved else None,
            verify=self.links.verify,
            rules=self.rules,
            on_result=on_result,
            offline=lambda: self.network.offline,
            interrupted=self._interrupted,
            slots=_slots(references, keep_results),
        )

    def execute(self, inputs: tuple[str, ...]) -> Report:
        started = now_iso()
        notes: list[str] = []
        scheduler = HostScheduler(
            self.client.limiter, self.options.concurrency, on_host_done=self.client.release_host
        )
        try:
            fetches = group_fetches(self._prejudge())
            scheduler.start((planned.host, self._job(planned)) for planned in fetches)
            scheduler.join()
            self._resolve_held(notes)
            self.finisher.wait_archives()
            self.finisher.search_moved()
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM: stop within ~2 s and report what was finished.
            self._interrupted.set()
            scheduler.stop()
            self.client.cancel()
            self.finisher.abandon()
            scheduler.join(timeout=STOP_GRACE)
            self.finisher.finish_unsearched()
            done = self.finisher.slots.done
            total = len(self.references)
            notes.append(
                f"interrupted: {done} of {plural(total, 'reference')} "
                f"{'was' if done == 1 else 'were'} checked"
            )
        finally:
            self.finisher.shutdown()
            if self._own_client:
                self.client.close()
        outage = self.archive.outage if self.archive is not None else None
        if outage:
            # First: an interrupted run's note stays last (the CLI prints the last note).
            notes.insert(0, outage)
        moved = self.finisher.moved
        if moved is not None and moved.note:
            notes.insert(0, moved.note)
        return assemble_report(
            self.finisher.slots.finished(),
            len(self.references) - self.finisher.slots.done,
            self.options,
            inputs=inputs,
            started_at=started,
            interrupted=self._interrupted.is_set(),
            notes=notes,
            offline=self.network.offline,
            archive_outage=outage,
        )

    def _prejudge(self) -> list[tuple[int, Reference]]:
        """Judge what needs no network; return the references to fetch."""
        checkable: list[tuple[int, Reference]] = []
        pinned = self.client.resolver.pinned_hosts()
        for index, reference in enumerate(self.references):
            if reference.problems:
                self.finisher.finish(
                    index, LinkResult(LinkStatus.INVALID, error=reference.problems[0]))
                continue
            reason = skip_reason(reference, self.rules)
            if reason:
                self.finisher.finish(index, LinkResult(LinkStatus.SKIPPED, error=reason))
                continue
            problem = url_problem(reference.url)
            if problem is None and reference.url is not None:
                problem = guard_problem(reference.url, self.client.guard, pinned)
            if problem is not None:
                self.finisher.finish(index, LinkResult(LinkStatus.INVALID, error=problem))
                continue
            checkable.append((index, reference))
        return checkable

    def _job(self, planned: PlannedFetch) -> Callable[[str], None]:
        def run(slot_host: str) -> None:
            evidence = self.links.check(planned.url, slot_host, planned.indexes)
            for index in planned.indexes:
                self._after_link(index, evidence)

        return run

    def _after_link(self, index: int, evidence: LinkEvidence) -> None:
        if self._interrupted.is_set():
            return  # its fetch may have been cut short by the stop: not a finding
        title = self.links.title(index, evidence)
        link = evidence.link
        if self.network.hold(link.error_kind, (index, link, title)):
            return
        # The live page's text is for the content-drift check, made when its title matches.
        wants_text = (
            self.archive is not None and not self.network.offline
            and title.match is TitleMatch.MATCH
        )
        self.finisher.submit(index, link, title,
                             self.links.live_facts(index, evidence, wants_text))

    def _resolve_held(self, notes: list[str]) -> None:
        """Judge the held-back network failures, once we know whether we are online."""
        held = self.network.release(self._canary_answers)
        if self.network.offline:
            notes.append(OFFLINE_NOTE)
        for index, link, title in held:
            self.finisher.submit(index, link, title, NOTHING_LIVE)

    def _canary_answers(self) -> bool:
        for url in self.options.canaries:
            if url_problem(url) is not None:
                continue
            if self.client.fetch(url, retries=0, max_bytes=1024).got_response:
                return True
        return False


def _slots(references: list[Reference], keep: bool) -> ResultSlots:
    """Where the run keeps its results: for the report (in memory, or spooled to a
    temporary file for a large run), or only counted (``keep`` False: whoever
    ``on_result`` hands them to keeps them)."""
    return result_store(references) if keep else ResultTally(len(references))


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
