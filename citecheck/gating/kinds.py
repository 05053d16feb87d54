"""What a failure *is*: the verdict that failed the gate, or the archive status that did.

Formats (rule ids, JUnit failure types), baselines and exit codes all need the same answer,
so it lives in one place.
"""

from __future__ import annotations

from collections.abc import Collection

from citecheck.models import ArchiveStatus, GateKind, QuoteStatus, Result, Verdict

ARCHIVE_PREFIX = "archive-"


def failure_kind(
    result: Result,
    fail_on: Collection[Verdict | GateKind],
    fail_on_archive: Collection[ArchiveStatus] = (),
) -> str | None:
    """The kind of gate failure of ``result`` (``"dead"``, ``"archive-broken"``), or None.

    A failing verdict wins over a failing archive status: it is the stronger statement, and a
    result that fails on both must keep one stable kind for baselines. A dead link whose
    citation names a working archived copy is its own kind, ``dead-archived``: failing only
    when ``fail_on`` names it. ``drift`` and ``quote`` (informational findings beside a
    passing verdict) fail only when ``fail_on`` names them.
    """
    if result.verdict is Verdict.DEAD and result.archived:
        if GateKind.DEAD_ARCHIVED in fail_on:
            return GateKind.DEAD_ARCHIVED.value
    elif result.verdict in fail_on:
        return result.verdict.value
    if GateKind.QUOTE in fail_on and _quote_missing(result):
        return GateKind.QUOTE.value
    if GateKind.DRIFT in fail_on and _drifted(result):
        return GateKind.DRIFT.value
    if result.archive.status in fail_on_archive:
        return ARCHIVE_PREFIX + result.archive.status.value
    return None


def _quote_missing(result: Result) -> bool:
    return result.quote is not None and result.quote.status is QuoteStatus.NOT_FOUND


def _drifted(result: Result) -> bool:
    """The live page's text drifted from its capture, or no longer has the cited quote
    that the capture has (a dead page has not drifted: it is gone)."""
    if result.drift is not None:
        return True
    return (
        result.quote is not None
        and result.quote.status is QuoteStatus.FOUND_IN_CAPTURE
        and result.link.status.is_live()
    )
