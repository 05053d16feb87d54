"""A run's Report from its finished results (local and distributed runs alike)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from citecheck._version import __version__
from citecheck.models import Report, Result
from citecheck.options import CheckOptions


def now_iso() -> str:
    """The current time as the report writes it (UTC, seconds, ``Z``)."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def assemble_report(
    finished: Sequence[Result],
    unfinished: int,
    options: CheckOptions,
    *,
    inputs: Sequence[str],
    started_at: str,
    interrupted: bool,
    notes: Sequence[str],
    offline: bool,
    archive_outage: str | None = None,
) -> Report:
    """The Report of a run from its ``finished`` results in input order (those it keeps:
    a worker process keeps none) and the count of references it did not finish."""
    return Report(
        results=finished,
        inputs=tuple(inputs),
        started_at=started_at,
        finished_at=now_iso(),
        tool_version=__version__,
        fail_on=options.fail_on,
        fail_on_archive=options.fail_on_archive,
        complete=not interrupted and unfinished == 0,
        notes=tuple(notes),
        offline=offline,
        archive_outage=archive_outage,
    )
