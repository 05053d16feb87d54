"""Small helpers the output formats share: how a result is described to a human."""

from __future__ import annotations

from urllib.parse import urlsplit

from citecheck.gating.gate import GateOutcome, evaluate_gate
from citecheck.models import ArchiveStatus, MovedTo, Report, Result, Verdict

# Verdicts in the order every format lists them: failures first, then the rest.
VERDICT_ORDER: tuple[Verdict, ...] = (
    Verdict.DEAD,
    Verdict.MISMATCH,
    Verdict.INVALID,
    Verdict.UNREACHABLE,
    Verdict.BLOCKED,
    Verdict.SKIPPED,
    Verdict.OK,
)


# The gate's outcome for the report a format is rendering: formats ask about each result
# in turn, and the gate is decided over the whole report (a baseline, --max-failures), so
# it is decided once per report. One entry: a render is of one report at a time.
_last_outcome: tuple[Report, GateOutcome] | None = None


def gate_outcome(report: Report) -> GateOutcome:
    """The gate's decision on ``report`` under its own gate (gating.evaluate_gate)."""
    global _last_outcome
    last = _last_outcome
    if last is not None and last[0] is report:
        return last[1]
    outcome = evaluate_gate(report)
    _last_outcome = (report, outcome)
    return outcome


def report_failure_kind(report: Report, result: Result) -> str | None:
    """The failure kind of ``result`` when it fails the run, as the exit code counts it
    (not a failure the baseline knows, nor one --max-failures lets through)."""
    return gate_outcome(report).failed_kind(result)


def accepted_text(report: Report, result: Result) -> str | None:
    """For a failure the gate lets pass, what it is and why ("dead, known in the
    baseline"); None for a result that fails the run or is no failure."""
    outcome = gate_outcome(report)
    kind = outcome.accepted_kind(result)
    if kind is None:
        return None
    why = "known in the baseline" if outcome.is_known(result) else "within --max-failures"
    return f"{kind}, {why}"


def failed_count(report: Report) -> int:
    """How many results fail the run: every summary's count, the exit code's too."""
    return len(gate_outcome(report).failed)


def reason_text(result: Result) -> str:
    """All reasons on one line; the verdict itself when the judge gave none."""
    return "; ".join(result.reasons) if result.reasons else result.verdict.value


def location_text(result: Result) -> str:
    loc = result.reference.location
    return loc.describe() if loc.file else ""


def is_web_url(url: str | None) -> bool:
    """Only http(s) URLs become links: a cited ``javascript:`` URL must never be clickable."""
    if not url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def archive_text(result: Result) -> str:
    """A short human description of the archive finding, without the URL."""
    archive = result.archive
    status = archive.status
    text = {
        ArchiveStatus.OK: "cited copy ok",
        ArchiveStatus.MISMATCH: "capture's title differs",
        ArchiveStatus.BROKEN: "cited copy broken",
        ArchiveStatus.SUGGESTED: "suggested capture",
        ArchiveStatus.MISSING: "no usable capture",
        ArchiveStatus.UNCHECKED: "not checked",
    }[status]
    if archive.timestamp and status is not ArchiveStatus.MISSING:
        text += f" ({archive.timestamp})"
    if archive.reason:
        text += f": {archive.reason}"
    return text


def archive_link(result: Result) -> str | None:
    """The archive URL worth offering a reader: a usable cited or suggested capture, or
    the capture found to replace a broken cited one."""
    archive = result.archive
    if archive.status in (ArchiveStatus.OK, ArchiveStatus.SUGGESTED) and is_web_url(archive.url):
        return archive.url
    replacement = archive.replacement
    if replacement is not None and is_web_url(replacement.url):
        return replacement.url
    return None


def moved_text(moved: MovedTo) -> str:
    """How a dead page's new address was found: "sitemap, title score 0.93"."""
    score = "" if moved.score is None else f", title score {moved.score:.2f}"
    return f"{moved.evidence}{score}"
