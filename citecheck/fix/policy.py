"""What the evidence supports changing in one citation: pure decisions, no text.

A change is proposed only on firm evidence: a dead link (never one that is
``blocked`` or merely ``unreachable``), and an archive capture that was verified
and whose title does not contradict the cited one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    #: Replace a dead URL with the new address the moved stage verified
    #: (``link.moved_to``), keeping an archive of the old URL when there is one.
    update_moved: bool = False


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
    # The new URL of a page that moved (``fix --update-moved``); replaces ``url``.
    url: str | None = None


DEFAULT_FIX_OPTIONS = FixOptions()


def decide(result: Result, options: FixOptions = DEFAULT_FIX_OPTIONS) -> Change | None:
    ref = result.reference
    if ref.url is None or ref.problems or ref.skip_reason:
        return None
    change = _decide_archive(result, options)
    moved = result.link.moved_to
    if options.update_moved and moved is not None and result.verdict is Verdict.DEAD:
        return _moved(change or Change(ref.id), result, moved.url, moved.evidence)
    return change


def _moved(change: Change, result: Result, url: str, evidence: str) -> Change:
    """``change`` (the archive of the old URL, if any) plus the move to ``url``: the
    link is live again, so the citation's url-status says so (never undoing a citer's
    "usurped" or "unfit")."""
    hidden = (result.reference.url_status or "").lower() in _HIDING_STATUSES
    note = f"page moved to {url} ({evidence})"
    return replace(change, url=url, url_status=None if hidden else "live",
                   reason=f"{change.reason}; {note}" if change.reason else note)


def _decide_archive(result: Result, options: FixOptions) -> Change | None:
    ref = result.reference
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
