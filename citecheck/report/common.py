"""Small helpers the output formats share: how a result is described to a human."""

from __future__ import annotations

from urllib.parse import urlsplit

from citecheck.gating.kinds import failure_kind
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


def report_failure_kind(report: Report, result: Result) -> str | None:
    """The gate failure of ``result`` under the report's own gating options."""
    return failure_kind(result, report.fail_on, report.fail_on_archive)


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
