"""The library entry point: ``citecheck.check(references, options) -> Report``.

sources -> plan -> fetch -> analyse -> judge; the run itself is
:class:`citecheck.checking.run.CheckRun` (link checks on a host-aware worker pool,
archive lookups overlapping them, results delivered to ``on_result`` as they are
judged; the Report keeps input order).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from citecheck.checking.assemble import assemble_report, now_iso
from citecheck.errors import CitecheckError
from citecheck.models import Reference, Report, Result
from citecheck.options import CheckOptions

if TYPE_CHECKING:
    from citecheck.checking.finish import ArchiveLookup
    from citecheck.gating.rules import IgnoreRules
    from citecheck.net.client import HttpClient

__all__ = ["ArchiveLookup", "ResultCallback", "assemble_report", "check", "now_iso"]

ResultCallback = Callable[[Result], None]


def __getattr__(name: str) -> Any:
    # The engine (requests, lxml, the word lists: ~30 MB) is imported by the run that
    # uses it, not by whoever imports this module: the parent of worker processes only
    # reads inputs, gathers results and writes the report.
    if name == "ArchiveLookup":
        from citecheck.checking.finish import ArchiveLookup

        return ArchiveLookup
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check(
    references: Sequence[Reference | str],
    options: CheckOptions | None = None,
    *,
    inputs: Sequence[str] = (),
    on_result: ResultCallback | None = None,
    client: HttpClient | None = None,
    archive: ArchiveLookup | None = None,
    rules: IgnoreRules | None = None,
    keep_results: bool = True,
) -> Report:
    """Check every reference and return the judged report (never raises for one bad reference).

    A reference may be given as a bare URL string (``check(["https://…"])``); it gets the
    id ``ref-N`` of its position, as in a references.json file.

    ``rules`` (from the config's ``ignore`` and ``accept-status``) skip references
    before any request, and turn statuses a host is known to answer into ``skipped``.

    ``options.workers`` above 1 splits the references by registered domain between
    that many worker processes (``citecheck.distributed.local``); a ``client`` or
    ``archive`` given here lives in this process, so it cannot be combined with that.

    ``keep_results=False``: the results go to ``on_result`` only, and the report has
    none (a worker process streaming its results to the process that reports them).
    """
    options = options or CheckOptions()
    if options.workers > 1:
        if client is not None or archive is not None:
            raise CitecheckError(
                "options.workers > 1 runs its own engines: give no client or archive")
        from citecheck.distributed.local import check_parallel

        return check_parallel(references, options, inputs=inputs, on_result=on_result,
                              rules=rules)
    from citecheck.checking.run import CheckRun

    run = CheckRun(
        [Reference(f"ref-{n}", url=r) if isinstance(r, str) else r
         for n, r in enumerate(references, start=1)],
        options, on_result, client, archive, rules, keep_results,
    )
    return run.execute(tuple(inputs))
