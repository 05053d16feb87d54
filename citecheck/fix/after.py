"""What a citation's result is once its fix is written: the gate of ``fix`` judges this.

``fix`` writes only captures it verified (titled as cited), so a fixed citation names a
working archived copy: its result is the one a fresh ``check`` of the fixed file gives,
without asking the network again.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from citecheck.fix.policy import DEFAULT_FIX_OPTIONS, Change, FixOptions, decide
from citecheck.models import (
    ArchiveResult,
    ArchiveStatus,
    LinkResult,
    LinkStatus,
    Result,
    TitleMatch,
    Verdict,
)


def result_after(result: Result, change: Change) -> Result:
    """``result`` as it stands once ``change`` is written into its citation."""
    reference = result.reference
    archive = result.archive
    if change.archive_url is not None:
        capture = archive.replacement if change.replaces_archive_url else archive
        assert capture is not None  # decide() repairs only with a replacement
        reference = replace(
            reference,
            archive_url=change.archive_url,
            archive_date=change.archive_date.isoformat() if change.archive_date else None,
        )
        archive = ArchiveResult(
            ArchiveStatus.OK, url=capture.url, timestamp=capture.timestamp,
            title=capture.title, title_match=capture.title_match, requests=archive.requests,
        )
    if change.url_status is not None:
        reference = replace(reference, url_status=change.url_status)
    moved = result.link.moved_to
    if change.url is not None and moved is not None:
        # The citation now names the page's new address, verified live and titled as
        # cited when it was found.
        return replace(
            result, reference=replace(reference, url=change.url), archive=archive,
            verdict=Verdict.OK, reasons=(f"the page moved to {moved.url} ({moved.evidence})",),
            link=LinkResult(LinkStatus.LIVE, final_url=moved.url, moved_to=moved),
            title=replace(result.title, found=None, source=None, match=TitleMatch.MATCH,
                          score=moved.score),
        )
    return replace(result, reference=reference, archive=archive)


def results_after(
    results: Sequence[Result],
    fixed: Collection[tuple[str | None, str]],
    options: FixOptions = DEFAULT_FIX_OPTIONS,
) -> tuple[Result, ...]:
    """Every result, with those of the ``fixed`` citations (file, id) as fixed."""
    out = []
    for result in results:
        change = None
        if (result.reference.location.file, result.id) in fixed:
            change = decide(result, options)
        out.append(result if change is None else result_after(result, change))
    return tuple(out)
