"""The gate: which results fail a CI run, and the process exit code that follows.

This is the one place that decides: the exit code and every format's summary (the JSON
``failed`` count, the Markdown and HTML headlines, JUnit failures, SARIF errors, the
table's marks) ask :func:`evaluate_gate`, so they cannot disagree. Pure functions of a
Report and the gate options, so the whole exit-code matrix is tested without running a
check.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TypeVar

from citecheck.errors import ConfigError
from citecheck.exitcodes import ExitCode
from citecheck.gating.baseline import Baseline, BaselineEntry, key_of
from citecheck.gating.kinds import failure_kind
from citecheck.models import (
    DEFAULT_FAIL_ON,
    ArchiveStatus,
    FailOn,
    GateKind,
    LinkStatus,
    Report,
    Result,
    Verdict,
)
from citecheck.text import plural

E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class GateOptions:
    fail_on: FailOn = DEFAULT_FAIL_ON
    fail_on_archive: frozenset[ArchiveStatus] = frozenset()
    # Fail only when more than this many (new) failures remain.
    max_failures: int = 0
    # Failures recorded here are known and do not fail the run.
    baseline: Baseline | None = None


def gate_of(report: Report) -> GateOptions:
    """The gate a report was judged under (set by :func:`with_gate`)."""
    return GateOptions(report.fail_on, report.fail_on_archive, report.max_failures,
                       report.baseline)


def with_gate(report: Report, gate: GateOptions) -> Report:
    """``report`` carrying the whole gate, so its formats count failures as the exit code
    does (a baseline's known failures and those --max-failures lets through pass)."""
    return replace(report, fail_on=gate.fail_on, fail_on_archive=gate.fail_on_archive,
                   max_failures=gate.max_failures, baseline=gate.baseline)


@dataclass(frozen=True)
class GateOutcome:
    # Every result whose failure kind the gate names, known to the baseline or not.
    failures: tuple[Result, ...]
    known: tuple[Result, ...]
    new: tuple[Result, ...]
    # Baseline entries that no longer fail: fixed, or gone from the inputs.
    resolved: tuple[BaselineEntry, ...]
    exit_code: ExitCode
    # Whether the new failures fail the run (more of them than --max-failures).
    new_fail: bool = False
    # The gate that decided: each result's part is worked out from the result itself,
    # never from its identity (a large run's report reads its results back from their
    # spool, a new object each time it is walked).
    gate: GateOptions = field(default_factory=GateOptions)

    @property
    def failed(self) -> tuple[Result, ...]:
        """The failures that fail the run: the new ones, once there are more of them than
        --max-failures lets through. What every report counts as ``failed``."""
        return self.new if self.new_fail else ()

    def failed_kind(self, result: Result) -> str | None:
        """The failure kind of ``result`` when it fails the run, else None."""
        kind = self._kind(result)
        return kind if kind is not None and self._fails(result, kind) else None

    def accepted_kind(self, result: Result) -> str | None:
        """The failure kind of ``result`` when the gate names it but lets it pass (the
        baseline knows it, or --max-failures lets the new ones through), else None."""
        kind = self._kind(result)
        return kind if kind is not None and not self._fails(result, kind) else None

    def is_known(self, result: Result) -> bool:
        """Whether ``result`` is a failure the baseline knows."""
        kind = self._kind(result)
        return kind is not None and self._known(result, kind)

    def _kind(self, result: Result) -> str | None:
        return failure_kind(result, self.gate.fail_on, self.gate.fail_on_archive)

    def _known(self, result: Result, kind: str) -> bool:
        return key_of(result.url, result.id, kind) in self._baseline_keys

    def _fails(self, result: Result, kind: str) -> bool:
        return self.new_fail and not self._known(result, kind)

    @functools.cached_property
    def _baseline_keys(self) -> frozenset[tuple[str, str, str]]:
        return self.gate.baseline.keys() if self.gate.baseline else frozenset()

    def describe(self) -> str:
        """One line for the end of a run's output."""
        text = f"{len(self.failures)} failing"
        if self.known:
            text += (f": the baseline accepts {len(self.known)}, "
                     f"{len(self.new)} new {'fails' if len(self.new) == 1 else 'fail'} "
                     "the gate")
        if self.resolved:
            count = len(self.resolved)
            text += (f"; {plural(count, 'baseline entry', 'baseline entries')} "
                     f"no longer {'fails' if count == 1 else 'fail'}")
        return text


def evaluate_gate(report: Report, gate: GateOptions | None = None) -> GateOutcome:
    """Which results fail and the exit code, under ``gate`` (default: the report's own)."""
    gate = gate_of(report) if gate is None else gate
    failures: list[Result] = []
    known: list[Result] = []
    new: list[Result] = []
    seen: set[tuple[str, str, str]] = set()
    baseline_keys = gate.baseline.keys() if gate.baseline else frozenset()
    for result in report.results:
        kind = failure_kind(result, gate.fail_on, gate.fail_on_archive)
        if kind is None:
            continue
        failures.append(result)
        key = key_of(result.url, result.id, kind)
        seen.add(key)
        (known if key in baseline_keys else new).append(result)
    # --max-failures lets the new failures through all together, or none of them.
    new_fail = len(new) > gate.max_failures
    resolved = tuple(
        e for e in (gate.baseline.entries if gate.baseline else ()) if e.key not in seen
    )
    if report.offline:
        # Nothing could be judged: a run without network neither passes nor fails.
        code = ExitCode.OFFLINE
    elif new_fail:
        code = ExitCode.FAILED
    elif nothing_checked(report):
        code = ExitCode.OFFLINE  # no evidence is not a pass
    else:
        code = ExitCode.OK
    return GateOutcome(tuple(failures), tuple(known), tuple(new), resolved, code,
                       new_fail, gate)


def nothing_checked(report: Report) -> bool:
    """Every reference that was to be fetched ran out of time: the run has no evidence
    about any of them, which is no more a pass than a run without network."""
    # One pass, keeping nothing: a large run's results are read back from their spool.
    fetched = False
    for result in report.results:
        status = result.link.status
        if status in (LinkStatus.INVALID, LinkStatus.SKIPPED):
            continue
        if status is not LinkStatus.TIMEOUT:
            return False
        fetched = True
    return fetched


def decide_exit(report: Report, gate: GateOptions) -> ExitCode:
    return evaluate_gate(report, gate).exit_code


def _parse_enums(
    text: str | list[str], enums: tuple[type[E], ...], option: str
) -> frozenset[E]:
    """Members of the first of ``enums`` that has each comma-separated value."""
    items = text.split(",") if isinstance(text, str) else list(text)
    values: set[E] = set()
    for item in (i.strip().lower() for i in items):
        if not item or item == "none":
            continue
        member = next((e(item) for e in enums if item in e._value2member_map_), None)
        if member is None:
            allowed = ", ".join(str(m.value) for e in enums for m in e)
            raise ConfigError(f"{option}: unknown value {item!r} (choose from {allowed})")
        values.add(member)
    return frozenset(values)


def parse_verdicts(text: str | list[str], option: str = "--fail-on") -> FailOn:
    """``"dead,mismatch"`` (CLI) or ``["dead", "mismatch"]`` (config); ``""`` means none.

    Besides verdicts, the gate kinds (``dead-archived``) may be named."""
    return _parse_enums(text, (Verdict, GateKind), option)  # type: ignore[arg-type]


def parse_archive_statuses(
    text: str | list[str], option: str = "--fail-on-archive"
) -> frozenset[ArchiveStatus]:
    return _parse_enums(text, (ArchiveStatus,), option)
