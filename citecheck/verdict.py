"""The verdict rules (DESIGN.md, Verdicts): pure functions of the evidence."""

from __future__ import annotations

from citecheck.archive.timestamps import iso_day
from citecheck.models import (
    ArchiveResult,
    ArchiveStatus,
    ErrorKind,
    LinkResult,
    LinkStatus,
    Reference,
    TitleMatch,
    TitleResult,
    Verdict,
)
from citecheck.net.guard import GUARD_HINT

_DEAD_STATUSES = {
    LinkStatus.NOT_FOUND,
    LinkStatus.SOFT_404,
    LinkStatus.MOVED_HOME,
    LinkStatus.PARKED,
}
_UNREACHABLE_STATUSES = {LinkStatus.SERVER_ERROR, LinkStatus.TIMEOUT, LinkStatus.UNREACHABLE}


def _link_reason(link: LinkResult) -> str:
    status = link.status
    if status is LinkStatus.NOT_FOUND:
        return f"HTTP {link.http_status}"
    if status is LinkStatus.SERVER_ERROR:
        return f"HTTP {link.http_status} (server error)"
    if status is LinkStatus.BLOCKED:
        detail = f"HTTP {link.http_status}" if link.http_status else "blocked"
        return f"{detail}: the site refused an automated client" + (
            f" ({link.error})" if link.error else ""
        )
    if status is LinkStatus.MOVED_HOME:
        return f"redirected to an unrelated page: {link.final_url}"
    if status in (LinkStatus.SOFT_404, LinkStatus.PARKED) and link.error:
        return link.error
    if link.error:
        return link.error
    return status.value


def judge(
    reference: Reference,
    link: LinkResult,
    title: TitleResult,
    archive: ArchiveResult,
    *,
    offline: bool = False,
) -> tuple[Verdict, tuple[str, ...]]:
    """The verdict for one reference and the reasons a reader is shown."""
    if reference.problems:
        return Verdict.INVALID, reference.problems
    if link.status is LinkStatus.SKIPPED or reference.skip_reason:
        return Verdict.SKIPPED, (link.error or reference.skip_reason or "skipped",)
    if link.status is LinkStatus.INVALID:
        return Verdict.INVALID, (link.error or "not a checkable URL",)
    reasons: list[str] = []
    if archive.reason:
        reasons.append(archive.reason)
    status = link.status
    if status is LinkStatus.REFUSED:
        if link.redirects:
            return Verdict.DEAD, (
                f"redirect leaves the public web: {link.error} ({GUARD_HINT})", *reasons)
        return Verdict.INVALID, (f"URL targets a forbidden address: {link.error} ({GUARD_HINT})",)
    if status in _DEAD_STATUSES:
        if link.moved_to is not None:
            moved = link.moved_to
            reasons.append(f"the page moved to {moved.url} ({moved.evidence})")
        return Verdict.DEAD, (_link_reason(link), *reasons)
    if status in _UNREACHABLE_STATUSES:
        if link.error_kind is ErrorKind.DNS_NXDOMAIN and not offline:
            return Verdict.DEAD, ("DNS name does not exist" + _detail(link), *reasons)
        return Verdict.UNREACHABLE, (_link_reason(link), *reasons)
    if status is LinkStatus.BLOCKED:
        return Verdict.BLOCKED, (_link_reason(link), *reasons)
    # The link is live: the title decides.
    drift = _drift_since(title, archive)
    if drift:
        return Verdict.MISMATCH, (drift, *reasons)
    if title.match is TitleMatch.MISMATCH:
        return Verdict.MISMATCH, (
            f"title differs: cited {title.cited!r}, found {title.found!r}",
            *reasons,
        )
    if status is LinkStatus.REDIRECTED:
        reasons.insert(0, f"redirected to {link.final_url}")
    if title.match is TitleMatch.UNKNOWN and title.cited:
        reasons.append(
            "no title found on the page" if title.found is None else "title not comparable"
        )
    return Verdict.OK, tuple(reasons)


def _drift_since(title: TitleResult, archive: ArchiveResult) -> str | None:
    """Content drift settles a doubtful live title: the capture nearest the access date has
    the cited title, the live page's title is only partly like it."""
    if not (
        title.match is TitleMatch.UNKNOWN
        and title.comparable
        and title.cited
        and archive.title_match is TitleMatch.MATCH
        and archive.status in (ArchiveStatus.OK, ArchiveStatus.SUGGESTED)
        and archive.timestamp
    ):
        return None
    day = iso_day(archive.timestamp)
    return (f"content drift since {day}: the capture of {day} has the cited title, the live "
            f"page's title {title.found!r} is only partly like it")


def _detail(link: LinkResult) -> str:
    return f" ({link.error})" if link.error else ""

