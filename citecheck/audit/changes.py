"""What changed since the previous complete audit, and which problems are new.

References are matched across audits by their key (URL plus every cited field), so an
edited citation is a new one. The audit's gate fails only on new problems: a reference
that already failed the same gate last time does not fail the run again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from citecheck.gating.gate import evaluate_gate
from citecheck.models import ArchiveStatus, Report, Result, Verdict
from citecheck.store.rows import CheckRow, reference_key

_FAILING_LINK = frozenset({Verdict.DEAD, Verdict.UNREACHABLE})
_ARCHIVE_FOUND = frozenset({ArchiveStatus.OK, ArchiveStatus.SUGGESTED})
_ARCHIVE_ABSENT = frozenset({ArchiveStatus.MISSING, ArchiveStatus.BROKEN})


class ChangeKind(StrEnum):
    NEWLY_DEAD = "newly-dead"
    RECOVERED = "recovered"
    NEWLY_MISMATCHED = "newly-mismatched"
    ARCHIVE_FOUND = "archive-found"


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    ref_id: str
    url: str | None
    before: str | None  # the previous verdict (or archive status); None: not seen before
    after: str
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "id": self.ref_id,
            "url": self.url,
            "before": self.before,
            "after": self.after,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class ChangeReport:
    run_id: int
    previous_run_id: int | None
    previous_finished_at: str | None
    changes: tuple[Change, ...]
    # Results failing the gate now that did not fail it in the previous audit.
    new_problems: tuple[Result, ...]
    total: int
    failing: int

    def of_kind(self, kind: ChangeKind) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind is kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "citecheck-audit-changes/1",
            "run_id": self.run_id,
            "previous_run_id": self.previous_run_id,
            "previous_finished_at": self.previous_finished_at,
            "summary": {
                "total": self.total,
                "failing": self.failing,
                "new_problems": len(self.new_problems),
                **{k.value: len(self.of_kind(k)) for k in ChangeKind},
            },
            "changes": [c.to_dict() for c in self.changes],
            "new_problems": [
                {"id": r.id, "url": r.url, "verdict": r.verdict.value, "reasons": list(r.reasons)}
                for r in self.new_problems
            ],
        }


def compare(report: Report, previous: Mapping[str, CheckRow] | None, *, run_id: int,
            previous_run_id: int | None = None,
            previous_finished_at: str | None = None) -> ChangeReport:
    """Changes between ``previous`` (a run's rows by reference key) and ``report``."""
    before = previous or {}
    changes: list[Change] = []
    new_problems: list[Result] = []
    outcome = evaluate_gate(report)
    for result in report.results:
        old = before.get(reference_key(result.reference))
        changes.extend(_changes(result, old))
        if outcome.failed_kind(result) is not None and (old is None or not _failed(report, old)):
            new_problems.append(result)
    return ChangeReport(
        run_id=run_id,
        previous_run_id=previous_run_id,
        previous_finished_at=previous_finished_at,
        changes=tuple(changes),
        new_problems=tuple(new_problems),
        total=len(report.results),
        failing=len(outcome.failed),
    )


def _failed(report: Report, row: CheckRow) -> bool:
    """Whether the previous audit's result failed the gate this audit uses."""
    if row.final_verdict in report.fail_on:
        return True
    return bool(report.fail_on_archive) and row.archive_status in report.fail_on_archive


def _changes(result: Result, old: CheckRow | None) -> list[Change]:
    found: list[Change] = []
    was = old.final_verdict if old else None
    now = result.verdict

    def add(kind: ChangeKind, before: str | None, after: str, detail: str | None) -> None:
        found.append(Change(kind, result.id, result.url, before, after, detail))

    reason = "; ".join(result.reasons) or None
    if now is Verdict.DEAD and was is not Verdict.DEAD:
        add(ChangeKind.NEWLY_DEAD, was.value if was else None, now.value, reason)
    if old is not None and was in _FAILING_LINK and result.link.status.is_live():
        add(ChangeKind.RECOVERED, was.value if was else None, now.value, reason)
    if now is Verdict.MISMATCH and was is not Verdict.MISMATCH:
        add(ChangeKind.NEWLY_MISMATCHED, was.value if was else None, now.value, reason)
    if (
        old is not None
        and old.archive_status in _ARCHIVE_ABSENT
        and result.archive.status in _ARCHIVE_FOUND
    ):
        add(ChangeKind.ARCHIVE_FOUND, old.archive_status.value, result.archive.status.value,
            result.archive.url)
    return found
