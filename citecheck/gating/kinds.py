"""What a failure *is*: the verdict that failed the gate, or the archive status that did.

Formats (rule ids, JUnit failure types), baselines and exit codes all need the same answer,
so it lives in one place.
"""

from __future__ import annotations

from collections.abc import Collection

from citecheck.models import ArchiveStatus, GateKind, Result, Verdict

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
    when ``fail_on`` names it.
    """
    if result.verdict is Verdict.DEAD and result.archived:
        if GateKind.DEAD_ARCHIVED in fail_on:
            return GateKind.DEAD_ARCHIVED.value
    elif result.verdict in fail_on:
        return result.verdict.value
    if result.archive.status in fail_on_archive:
        return ARCHIVE_PREFIX + result.archive.status.value
    return None
