"""What the evidence supports changing in one citation: pure decisions, no text.

A change is proposed only on firm evidence: a dead link (never one that is
``blocked`` or merely ``unreachable``), and an archive capture that was verified
and whose title does not contradict the cited one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from citecheck.models import ArchiveStatus, LinkStatus, Result, TitleMatch, Verdict
from citecheck.sources.dates import date_from_timestamp

# Statuses a citer sets to hide the original link; stronger than "dead", never undone.
_HIDING_STATUSES = frozenset({"usurped", "unfit"})


@dataclass(frozen=True)
class FixOptions:
    #: Also add archive links to citations whose link is live (marked ``url_status=live``).
    archive_live: bool = False
    #: Replace a cited archive URL found ``broken`` by the working capture the archive
    #: stage offers in ``archive.url`` (its title must match).
    repair_broken: bool = False


@dataclass(frozen=True)
class Change:
    """The values one citation should end up with; ``None`` leaves a field alone."""

    ref_id: str
    archive_url: str | None = None
    archive_date: date | None = None
    url_status: str | None = None
    # The archive URL being replaced (repairs only): edits apply only where it still stands.
    replaces_archive_url: str | None = None
    reason: str = ""


DEFAULT_FIX_OPTIONS = FixOptions()


def decide(result: Result, options: FixOptions = DEFAULT_FIX_OPTIONS) -> Change | None:
    ref = result.reference
    if ref.url is None or ref.problems or ref.skip_reason:
        return None
    dead = result.verdict is Verdict.DEAD
    live = result.link.status.is_live() and result.verdict in (Verdict.OK, Verdict.MISMATCH)
    if not (dead or live):  # blocked, unreachable, invalid, skipped: no evidence either way
        return None
    if dead:
        status: str | None = "usurped" if result.link.status is LinkStatus.PARKED else "dead"
    else:
        status = "live"
    if (ref.url_status or "").lower() in _HIDING_STATUSES:
        status = None
    archive = result.archive
    capture_day = date_from_timestamp(archive.timestamp)
    usable = (
        bool(archive.url)
        and capture_day is not None
        and (archive.title_match is not TitleMatch.MISMATCH)
    )
    if archive.status is ArchiveStatus.SUGGESTED and usable and not ref.archive_url:
        if dead or options.archive_live:
            return Change(
                ref.id, archive.url, capture_day, status,
                reason=f"link {result.link.status.value}; adding verified capture {archive.url}",
            )  # fmt: skip
        return None
    replacement = archive.replacement
    if (
        archive.status is ArchiveStatus.BROKEN
        and options.repair_broken
        and replacement is not None
        and replacement.url
        and replacement.title_match is TitleMatch.MATCH
        and (replacement_day := date_from_timestamp(replacement.timestamp)) is not None
        and ref.archive_url
        and replacement.url != ref.archive_url
    ):
        return Change(
            ref.id, replacement.url, replacement_day, status if dead else None,
            replaces_archive_url=ref.archive_url,
            reason=f"cited archive is broken; replacing with verified capture {replacement.url}",
        )  # fmt: skip
    declared = (ref.url_status or "live").lower()
    cited_works = archive.status is ArchiveStatus.OK and bool(ref.archive_url)
    if cited_works and dead and status and status != declared:
        return Change(ref.id, url_status=status, reason="link is dead; cited archive works")
    return None
