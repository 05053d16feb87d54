"""The gate: which results fail a CI run, and the process exit code that follows.

Pure functions of a Report and the gate options, so the whole exit-code matrix is tested
without running a check.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class GateOutcome:
    failures: tuple[Result, ...]
    known: tuple[Result, ...]
    new: tuple[Result, ...]
    # Baseline entries that no longer fail: fixed, or gone from the inputs.
    resolved: tuple[BaselineEntry, ...]
    exit_code: ExitCode

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


def evaluate_gate(report: Report, gate: GateOptions) -> GateOutcome:
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
    resolved = tuple(
        e for e in (gate.baseline.entries if gate.baseline else ()) if e.key not in seen
    )
    if report.offline:
        # Nothing could be judged: a run without network neither passes nor fails.
        code = ExitCode.OFFLINE
    elif len(new) > gate.max_failures:
        code = ExitCode.FAILED
    elif nothing_checked(report):
        code = ExitCode.OFFLINE  # no evidence is not a pass
    else:
        code = ExitCode.OK
    return GateOutcome(tuple(failures), tuple(known), tuple(new), resolved, code)


def nothing_checked(report: Report) -> bool:
    """Every reference that was to be fetched ran out of time: the run has no evidence
    about any of them, which is no more a pass than a run without network."""
    fetched = [r for r in report.results
               if r.link.status not in (LinkStatus.INVALID, LinkStatus.SKIPPED)]
    return bool(fetched) and all(r.link.status is LinkStatus.TIMEOUT for r in fetched)


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
