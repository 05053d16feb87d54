"""The result model shared by every stage: references in, judged results out.

Everything here is a frozen dataclass with enum statuses, so results can be
passed between threads, cached and compared safely. Each part gives its
JSON shape (``to_dict``); report.json_report assembles the report's (schema
``citecheck-report/1``): every key is always present, unknown values are ``None``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from citecheck.statuses import (
    DEFAULT_FAIL_ON,
    ArchiveStatus,
    ErrorKind,
    FailOn,
    GateKind,
    LinkStatus,
    QuoteStatus,
    TitleMatch,
    Verdict,
)

if TYPE_CHECKING:
    from citecheck.gating.baseline import Baseline

# The enums are citecheck.statuses'; every stage imports them from here with the rest.
__all__ = [
    "DEFAULT_FAIL_ON", "REPORT_SCHEMA", "ArchiveResult", "ArchiveStatus", "ErrorKind",
    "FailOn", "GateKind", "HistoryInfo", "LinkResult", "LinkStatus", "Location",
    "MovedTo", "QuoteResult", "QuoteStatus", "Reference", "Report", "Result",
    "TextDrift", "TitleMatch", "TitleResult", "Verdict",
]

REPORT_SCHEMA = "citecheck-report/1"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a reference stands in its input, precise enough for `fix` to write back."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    # Character offsets of the whole reference in the decoded text, when known.
    start: int | None = None
    end: int | None = None
    # For inputs nested in containers (a page of a dump, an entry of a list).
    context: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line}

    def describe(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        return where


@dataclass(frozen=True, slots=True)
class Reference:
    """One citation as read from an input. Field names follow the CS1 templates."""

    id: str
    url: str | None = None
    title: str | None = None
    trans_title: str | None = None
    language: str | None = None
    website: str | None = None
    publisher: str | None = None
    work: str | None = None
    date: str | None = None
    access_date: str | None = None
    archive_url: str | None = None
    archive_date: str | None = None
    url_status: str | None = None
    # A passage the citer quoted from the page (CS1 ``quote=``): checked on the page.
    quote: str | None = None
    location: Location = field(default_factory=Location)
    # Problems found while reading (schema violations). Any problem makes the
    # reference `invalid`; the strings name the field at fault.
    problems: tuple[str, ...] = ()
    # Set by ignore rules or config: the reason it is skipped.
    skip_reason: str | None = None

    @property
    def site_names(self) -> tuple[str, ...]:
        """Names the citer gave for where it was published (used to strip title affixes)."""
        return tuple(n for n in (self.website, self.work, self.publisher) if n)


@dataclass(frozen=True, slots=True)
class MovedTo:
    """Where a dead page lives on: a live page whose title matches the cited one."""

    url: str
    # How it was found: "wayback redirect of 2019-03-02", "sitemap" or "feed".
    evidence: str
    score: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "evidence": self.evidence,
            "score": None if self.score is None else round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class LinkResult:
    status: LinkStatus
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[str, ...] = ()
    error: str | None = None
    error_kind: ErrorKind | None = None
    attempts: int = 0
    elapsed_ms: int | None = None
    # For a dead link: the verified new address of the page (citecheck.moved).
    moved_to: MovedTo | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "redirects": list(self.redirects),
            "error": self.error,
            "attempts": self.attempts,
            "elapsed_ms": self.elapsed_ms,
            "moved_to": None if self.moved_to is None else self.moved_to.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class TitleResult:
    cited: str | None = None
    found: str | None = None
    source: str | None = None
    match: TitleMatch = TitleMatch.UNKNOWN
    score: float | None = None
    # For an `unknown` match: False when the titles could not be compared at all, True
    # when they were and are only partly alike (a doubt other evidence may settle).
    # Not in the report: the reasons say it.
    comparable: bool = False
    # Why the match is what it is, when the titles alone did not settle it ("the page's
    # text never mentions '2018'"): added to the result's reasons, not a key of its own.
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cited": self.cited,
            "found": self.found,
            "source": self.source,
            "match": self.match.value,
            "score": None if self.score is None else round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class ArchiveResult:
    status: ArchiveStatus = ArchiveStatus.UNCHECKED
    url: str | None = None
    timestamp: str | None = None
    title: str | None = None
    title_match: TitleMatch | None = None
    # Why the archive finding is what it is (e.g. "capture is of a 404 page").
    reason: str | None = None
    requests: int = 0
    # For a `broken` cited copy: a usable capture of the cited URL to cite instead
    # (what `fix --repair-archives` writes), or None when the archive holds none.
    replacement: ArchiveResult | None = None
    # What the capture (the cited copy when ok, else the suggested one) says beside the
    # live page; reported at the result's level, not here.
    drift: TextDrift | None = None
    quote_found: bool | None = None  # None: not looked for

    def _capture_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "timestamp": self.timestamp,
            "title": self.title,
            "title_match": None if self.title_match is None else self.title_match.value,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            **self._capture_dict(),
            "replacement": None if self.replacement is None else self.replacement._capture_dict(),
        }


@dataclass(frozen=True, slots=True)
class HistoryInfo:
    checks: int | None = None
    failing_since: str | None = None
    confirmed: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "checks": self.checks,
            "failing_since": self.failing_since,
            "confirmed": self.confirmed,
        }


@dataclass(frozen=True, slots=True)
class QuoteResult:
    status: QuoteStatus
    # The capture the quote was found in (14 digits), for FOUND_IN_CAPTURE.
    capture: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status.value, "capture": self.capture}


@dataclass(frozen=True, slots=True)
class TextDrift:
    """The live page's text, set beside its capture near the access date (both under the
    cited title): how much of it is still the same. Reported only when it changed
    substantially."""

    similarity: float
    since: str  # the capture's timestamp (14 digits)

    def to_dict(self) -> dict[str, Any]:
        return {"similarity": round(self.similarity, 4), "since": self.since}


_NOT_ARCHIVED = ArchiveResult()
_NO_HISTORY = HistoryInfo()


@dataclass(frozen=True, slots=True)
class Result:
    """The judged outcome for one reference."""

    reference: Reference
    verdict: Verdict
    reasons: tuple[str, ...]
    link: LinkResult
    title: TitleResult
    # One shared instance each (they are frozen): not two more objects per reference.
    archive: ArchiveResult = _NOT_ARCHIVED
    history: HistoryInfo = _NO_HISTORY
    drift: TextDrift | None = None
    quote: QuoteResult | None = None

    @property
    def id(self) -> str:
        return self.reference.id

    @property
    def url(self) -> str | None:
        return self.reference.url

    @property
    def archived(self) -> bool:
        """The citation names an archived copy that was verified to work (status ``ok``
        is only ever given to a cited copy)."""
        return self.archive.status is ArchiveStatus.OK

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.reference.id,
            "url": self.reference.url,
            "location": self.reference.location.to_dict(),
            "verdict": self.verdict.value,
            "archived": self.archived,
            "reasons": list(self.reasons),
            "link": self.link.to_dict(),
            "title": self.title.to_dict(),
            "archive": self.archive.to_dict(),
            "history": self.history.to_dict(),
            "drift": None if self.drift is None else self.drift.to_dict(),
            "quote": None if self.quote is None else self.quote.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run found, in input order."""

    # A tuple, or a run's results read back from its spool as they are walked
    # (citecheck.checking.slots: a large run's results are not all kept in memory).
    results: Sequence[Result]
    inputs: tuple[str, ...] = ()
    started_at: str | None = None
    finished_at: str | None = None
    tool_version: str = ""
    fail_on: FailOn = DEFAULT_FAIL_ON
    fail_on_archive: frozenset[ArchiveStatus] = frozenset()
    # Set when the run did not finish (interrupted): the report holds what was done.
    complete: bool = True
    # Run-level notes for the reader (e.g. "network unreachable: nothing judged dead").
    notes: tuple[str, ...] = ()
    offline: bool = False
    # Set when the archive did not answer and its checks were skipped: says which archive.
    archive_outage: str | None = None
    # The rest of the gate besides fail_on: how many new failures pass, and the baseline
    # of known ones (gating.with_gate sets them; gating.evaluate_gate decides with them).
    max_failures: int = 0
    baseline: Baseline | None = None

    def verdict_counts(self) -> dict[str, int]:
        counts = Counter(r.verdict.value for r in self.results)
        return {v.value: counts.get(v.value, 0) for v in Verdict if counts.get(v.value, 0)}
