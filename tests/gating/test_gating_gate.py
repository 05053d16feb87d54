from __future__ import annotations

import pytest

from citecheck.errors import ConfigError
from citecheck.exitcodes import ExitCode
from citecheck.gating import (
    Baseline,
    GateOptions,
    decide_exit,
    evaluate_gate,
    parse_archive_statuses,
    parse_verdicts,
)
from citecheck.models import ArchiveStatus as A
from citecheck.models import Verdict as V
from tests.gating.gating_helpers import report, result

OK = result("r1", V.OK)
DEAD = result("r2", V.DEAD)
DEAD2 = result("r3", V.DEAD)
MISMATCH = result("r4", V.MISMATCH)
BLOCKED = result("r5", V.BLOCKED)
UNREACHABLE = result("r6", V.UNREACHABLE)
INVALID = result("r7", V.INVALID, url=None)
OK_ARCHIVE_MISSING = result("r8", V.OK, archive=A.MISSING)
SKIPPED = result("r9", V.SKIPPED)

ALL = report(OK, DEAD, DEAD2, MISMATCH, BLOCKED, UNREACHABLE, INVALID, OK_ARCHIVE_MISSING, SKIPPED)
KNOWN_DEAD = Baseline.from_results([DEAD, DEAD2], frozenset({V.DEAD}))


@pytest.mark.parametrize(
    ("rep", "gate", "expected"),
    [
        # Defaults: dead, mismatch, invalid fail; blocked/unreachable/skipped never do.
        (report(OK, BLOCKED, UNREACHABLE, SKIPPED), GateOptions(), ExitCode.OK),
        (report(OK, DEAD), GateOptions(), ExitCode.FAILED),
        (report(MISMATCH), GateOptions(), ExitCode.FAILED),
        (report(INVALID), GateOptions(), ExitCode.FAILED),
        (report(), GateOptions(), ExitCode.OK),
        # --fail-on narrows or widens the gate.
        (report(MISMATCH), GateOptions(fail_on=frozenset({V.DEAD})), ExitCode.OK),
        (report(UNREACHABLE), GateOptions(fail_on=frozenset({V.UNREACHABLE})), ExitCode.FAILED),
        (report(DEAD), GateOptions(fail_on=frozenset()), ExitCode.OK),
        # --fail-on-archive fails an ok citation whose archive status is listed.
        (report(OK_ARCHIVE_MISSING), GateOptions(), ExitCode.OK),
        (report(OK_ARCHIVE_MISSING), GateOptions(fail_on_archive=frozenset({A.MISSING})),
         ExitCode.FAILED),
        (report(OK_ARCHIVE_MISSING), GateOptions(fail_on_archive=frozenset({A.BROKEN})),
         ExitCode.OK),
        # --max-failures N fails only above N.
        (report(DEAD, DEAD2), GateOptions(max_failures=2), ExitCode.OK),
        (report(DEAD, DEAD2), GateOptions(max_failures=1), ExitCode.FAILED),
        (report(DEAD, DEAD2, MISMATCH), GateOptions(max_failures=2), ExitCode.FAILED),
        # A baseline forgives known failures only, with the same kind.
        (report(DEAD, DEAD2), GateOptions(baseline=KNOWN_DEAD), ExitCode.OK),
        (report(DEAD, MISMATCH), GateOptions(baseline=KNOWN_DEAD), ExitCode.FAILED),
        (report(result("r2", V.MISMATCH)), GateOptions(baseline=KNOWN_DEAD), ExitCode.FAILED),
        (report(DEAD, MISMATCH), GateOptions(baseline=KNOWN_DEAD, max_failures=1), ExitCode.OK),
        # Offline: nothing was judged, whatever the gate says.
        (report(DEAD, offline=True), GateOptions(), ExitCode.OFFLINE),
        (report(OK, offline=True), GateOptions(), ExitCode.OFFLINE),
    ],
)
def test_exit_code_matrix(rep, gate, expected):
    assert decide_exit(rep, gate) is expected


def test_outcome_splits_known_new_and_resolved():
    baseline = Baseline.from_results([DEAD, DEAD2, INVALID], GateOptions().fail_on)
    moved = result("r3-renumbered", V.DEAD, url=DEAD2.url)  # same URL, new id: still known
    outcome = evaluate_gate(report(DEAD, moved, MISMATCH), GateOptions(baseline=baseline))
    assert [r.id for r in outcome.known] == ["r2", "r3-renumbered"]
    assert [r.id for r in outcome.new] == ["r4"]
    assert [e.id for e in outcome.resolved] == ["r7"]  # the invalid one was fixed
    assert outcome.exit_code is ExitCode.FAILED
    assert outcome.describe() == (
        "3 failing: the baseline accepts 2, 1 new fails the gate; "
        "1 baseline entry no longer fails"
    )


def test_all_verdicts_report():
    outcome = evaluate_gate(ALL, GateOptions())
    assert {r.id for r in outcome.failures} == {"r2", "r3", "r4", "r7"}


def test_parse_gate_values():
    assert parse_verdicts("dead, Mismatch") == {V.DEAD, V.MISMATCH}
    assert parse_verdicts(["invalid"]) == {V.INVALID}
    assert parse_verdicts("") == frozenset()
    assert parse_archive_statuses("broken,missing") == {A.BROKEN, A.MISSING}
    with pytest.raises(ConfigError, match=r"--fail-on: unknown value 'deadd'"):
        parse_verdicts("dead,deadd")
    with pytest.raises(ConfigError, match="fail-on-archive: unknown value 'gone'"):
        parse_archive_statuses(["gone"], option="fail-on-archive")
