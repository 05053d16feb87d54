"""The verdict rules (DESIGN.md, Verdicts): pure functions of the evidence."""

from __future__ import annotations

from citecheck.archive.timestamps import iso_day
from citecheck.match.compare import PLAIN_MISMATCH
from citecheck.models import (
    ArchiveResult,
    ArchiveStatus,
    ErrorKind,
    LinkResult,
    LinkStatus,
    QuoteResult,
    QuoteStatus,
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
    quote: QuoteResult | None = None,
) -> tuple[Verdict, tuple[str, ...]]:
    """The verdict for one reference and the reasons a reader is shown.

    The text's drift from its capture (``archive.drift``) and where the cited quote was
    found are informational: reasons, never the verdict (``--fail-on drift,quote``
    gates on them)."""
    verdict, reasons = _verdict(reference, link, title, archive, offline)
    notes = [n for n in (_quote_note(quote), _drift_note(archive)) if n]
    if notes and verdict not in (Verdict.INVALID, Verdict.SKIPPED):
        reasons = (*reasons, *notes)
    return verdict, reasons


def quote_result(
    reference: Reference, link: LinkResult, live_found: bool | None, archive: ArchiveResult
) -> QuoteResult | None:
    """Where the reference's quote was found: on the live page, else in the archived
    copy the archive step read; None when it quotes nothing."""
    if not reference.quote:
        return None
    if live_found:
        return QuoteResult(QuoteStatus.FOUND)
    if archive.quote_found:
        return QuoteResult(QuoteStatus.FOUND_IN_CAPTURE, capture=archive.timestamp)
    if live_found is False or archive.quote_found is False:
        places = []
        if live_found is False:
            places.append("on the live page")
        if archive.quote_found is False and archive.timestamp:
            places.append(f"in the capture of {iso_day(archive.timestamp)}")
        return QuoteResult(QuoteStatus.NOT_FOUND, reason=" nor ".join(places) or None)
    why = ("the page's text could not be read" if link.status.is_live()
           else "the page is not live and no archived copy was read")
    return QuoteResult(QuoteStatus.UNCHECKED, reason=why)


def _quote_note(quote: QuoteResult | None) -> str | None:
    if quote is None or quote.status is QuoteStatus.FOUND:
        return None
    if quote.status is QuoteStatus.FOUND_IN_CAPTURE:
        day = iso_day(quote.capture) if quote.capture else "an archived copy"
        return f"quote not found on the live page; found in the capture of {day}"
    if quote.status is QuoteStatus.NOT_FOUND:
        return f"quote not found {quote.reason}" if quote.reason else "quote not found"
    return f"quote not checked: {quote.reason}"


def _drift_note(archive: ArchiveResult) -> str | None:
    drift = archive.drift
    if drift is None:
        return None
    return (f"the page's text changed since the capture of {iso_day(drift.since)} "
            f"(only {drift.similarity:.0%} of its words are the same)")


def _verdict(
    reference: Reference,
    link: LinkResult,
    title: TitleResult,
    archive: ArchiveResult,
    offline: bool,
) -> tuple[Verdict, tuple[str, ...]]:
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
            *_title_detail(title),
            *reasons,
        )
    if status is LinkStatus.REDIRECTED:
        reasons.insert(0, f"redirected to {link.final_url}")
    if title.match is TitleMatch.UNKNOWN and title.cited:
        reasons.append(_unknown_title(title))
    return Verdict.OK, tuple(reasons)


def _unknown_title(title: TitleResult) -> str:
    """Why the title neither matches nor differs: none found, none comparable (another
    script or language, no real headline), or a doubt the page's text did not settle."""
    if title.found is None:
        return "no title found on the page"
    if not title.reason:
        return "title not comparable"
    return f"title {'uncertain' if title.comparable else 'not comparable'}: {title.reason}"


def _title_detail(title: TitleResult) -> tuple[str, ...]:
    """The comparison's own account of a mismatch, when it adds to "title differs"
    (the page's text lacks the cited words, a sibling page never mentions its detail)."""
    if not title.reason or title.reason.startswith(PLAIN_MISMATCH):
        return ()
    return (title.reason,)


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

