"""One scheduled audit: reuse fresh results, check the rest, record, judge, compare.

Each result is committed the moment the check engine reports it (``on_result``), so
an interrupted audit keeps everything it finished; ``resume=True`` continues the
latest interrupted audit of the same inputs without checking those again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from citecheck._version import __version__
from citecheck.audit.changes import ChangeReport, compare
from citecheck.audit.history import apply_history
from citecheck.audit.rules import ConfirmationRules
from citecheck.models import LinkStatus, Reference, Report, Result, Verdict
from citecheck.options import CheckOptions
from citecheck.store.clock import Clock, from_stored, to_stored
from citecheck.store.db import HistoryStore, RunInfo
from citecheck.store.errors import NothingToResumeError
from citecheck.store.rows import CheckRow, reference_key

DEFAULT_MAX_AGE = timedelta(days=1)
# Link statuses that mean no request was made: nothing to cache or to re-check.
_NOT_CHECKED = frozenset({LinkStatus.SKIPPED, LinkStatus.INVALID})


class CheckFn(Protocol):
    """``citecheck.api.check``: checks references, reporting each result as it finishes."""

    def __call__(self, references: Sequence[Reference], options: CheckOptions, *,
                 on_result: Callable[[Result], None]) -> Report: ...


@dataclass(frozen=True)
class AuditOutcome:
    run_id: int
    report: Report
    changes: ChangeReport
    checked: int  # references handed to the check engine
    reused: int  # references answered from a fresh enough earlier check
    resumed: int  # references already finished by the interrupted run being resumed


def run_audit(
    references: Sequence[Reference],
    options: CheckOptions,
    store: HistoryStore,
    clock: Clock,
    check_fn: CheckFn,
    *,
    max_age: timedelta = DEFAULT_MAX_AGE,
    resume: bool = False,
    rules: ConfirmationRules | None = None,
    inputs: tuple[str, ...] = (),
    on_result: Callable[[Result], None] | None = None,
) -> AuditOutcome:
    """Audit ``references``; ``on_result`` also sees each new result (e.g. a progress bar)."""
    run = _open_run(store, clock, inputs, resume)
    plan = _plan(references, store, run, clock, max_age, resume)
    answers = dict(plan.answers)
    checked_report: Report | None = None
    if plan.to_check:
        def record(result: Result) -> None:
            store.record(run.id, result, clock.now())
            if on_result is not None:
                on_result(result)

        checked_report = check_fn([ref for _, ref in plan.to_check], options,
                                  on_result=record)
        by_key = {reference_key(r.reference): r for r in checked_report.results}
        for index, ref in plan.to_check:
            result = by_key.get(reference_key(ref))
            if result is None:  # the engine stopped (interrupted) before this one
                continue
            # An engine that skipped the callback for some result (or none at all)
            # still gets it stored; a second record of the same result is ignored.
            store.record(run.id, result, clock.now())
            answers[index] = result

    offline = checked_report is not None and checked_report.offline
    if offline:
        # Failures seen while citecheck itself was offline are no evidence about sites.
        store.mark_offline(run.id)
    report = Report(
        results=tuple(answers[i] for i in sorted(answers)),
        inputs=inputs,
        started_at=run.started_at,
        finished_at=to_stored(clock.now()),
        tool_version=__version__,
        fail_on=options.fail_on,
        fail_on_archive=options.fail_on_archive,
        complete=len(answers) == len(references)
        and (checked_report is None or checked_report.complete),
        notes=checked_report.notes if checked_report else (),
        offline=offline,
    )
    report = apply_history(report, store, clock, rules)
    previous = store.previous_complete_run(run.id)
    changes = compare(
        report,
        store.run_checks(previous.id) if previous else None,
        run_id=run.id,
        previous_run_id=previous.id if previous else None,
        previous_finished_at=previous.finished_at if previous else None,
    )
    if report.complete:
        finals = {reference_key(r.reference): r.verdict for r in report.results}
        store.finish_run(run.id, from_stored(report.finished_at or run.started_at), finals,
                         offline=offline)
    return AuditOutcome(
        run_id=run.id,
        report=report,
        changes=changes,
        checked=len(plan.to_check),
        reused=plan.reused,
        resumed=plan.resumed,
    )


@dataclass(frozen=True)
class _Plan:
    answers: dict[int, Result]  # by input position: results that need no request
    to_check: list[tuple[int, Reference]]
    resumed: int
    reused: int


def _plan(references: Sequence[Reference], store: HistoryStore, run: RunInfo, clock: Clock,
          max_age: timedelta, resume: bool) -> _Plan:
    """Answer what the interrupted run already did, or a fresh OK check can; list the rest."""
    finished = store.run_checks(run.id) if resume else {}
    answers: dict[int, Result] = {}
    to_check: list[tuple[int, Reference]] = []
    resumed = reused = 0
    oldest_fresh = clock.now() - max_age
    for index, ref in enumerate(references):
        key = reference_key(ref)
        if key in finished:
            answers[index] = finished[key].to_result(ref)
            resumed += 1
            continue
        cached = _fresh_ok(store, key, oldest_fresh)
        if cached is not None:
            result = cached.to_result(ref, note=f"result of the check at {cached.checked_at}")
            store.record(run.id, result, clock.now(), reused_from=cached.id)
            answers[index] = result
            reused += 1
            continue
        to_check.append((index, ref))
    return _Plan(answers, to_check, resumed, reused)


def _open_run(store: HistoryStore, clock: Clock, inputs: tuple[str, ...],
              resume: bool) -> RunInfo:
    if not resume:
        return store.start_run(clock.now(), __version__, inputs)
    run = store.latest_incomplete_run(inputs)
    if run is None:
        raise NothingToResumeError(
            f"no interrupted audit of {', '.join(inputs) or 'these inputs'} in {store.path}"
        )
    return store.claim_run(run.id)


def _fresh_ok(store: HistoryStore, key: str, oldest: datetime) -> CheckRow | None:
    """The reference's latest real check, if it was OK and is recent enough to reuse."""
    row = store.latest_check(key)
    if row is None or row.verdict is not Verdict.OK or row.link_status in _NOT_CHECKED:
        return None
    # Strictly younger than max_age: a daily audit must not reuse yesterday's result
    # just because this run started on the dot 24 hours later.
    return row if from_stored(row.checked_at) > oldest else None
