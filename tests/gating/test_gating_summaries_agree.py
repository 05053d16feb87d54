"""Every format's failure count is the gate's: it agrees with the exit code.

Before the gate decided for the formats, a report counted every result whose verdict
``--fail-on`` names, so a run that the baseline or ``--max-failures`` let pass (exit 0)
still said "2 failed" in its JSON summary, its headlines and its JUnit/SARIF failures.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from citecheck.exitcodes import ExitCode
from citecheck.gating import Baseline, GateOptions, evaluate_gate, with_gate
from citecheck.models import Report
from citecheck.models import Verdict as V
from citecheck.report import get_formatter
from tests.gating.gating_helpers import report, result

OK = result("ok", V.OK)
DEAD = result("dead", V.DEAD)
DEAD2 = result("dead2", V.DEAD)
MISMATCH = result("mismatch", V.MISMATCH)
BASELINE = Baseline.from_results([DEAD, DEAD2], frozenset({V.DEAD}))


def _json(report: Report) -> int:
    return int(json.loads(get_formatter("json").render(report))["summary"]["failed"])


def _junit(report: Report) -> int:
    root = ET.fromstring(get_formatter("junit").render(report))
    counted = sum(int(s.get("failures", "0")) for s in root.iter("testsuite"))
    assert counted == len(root.findall(".//failure"))
    return counted


def _sarif(report: Report) -> int:
    results = json.loads(get_formatter("sarif").render(report))["runs"][0]["results"]
    return sum(1 for r in results if r["level"] == "error")


def _csv(report: Report) -> int:
    rows = csv.DictReader(io.StringIO(get_formatter("csv").render(report)))
    return sum(1 for row in rows if row["failed"] == "true")


def _html(report: Report) -> int:
    text = get_formatter("html").render(report)
    rows = text.count('data-failed="1"')
    headline = re.search(r'<p class="headline \w+">(\d+) of', text)
    assert headline is not None and int(headline.group(1)) == rows
    return rows


def _markdown(report: Report) -> int:
    headline = get_formatter("markdown").render(report).splitlines()[0]
    found = re.search(r"(\d+) of \S+ citations? failed", headline)
    return int(found.group(1)) if found else 0


def _table(report: Report) -> int:
    text = get_formatter("table").render(report)
    found = re.search(r"(\d+) failed the gate", text)
    assert found is not None
    return int(found.group(1))


COUNTS = {"json": _json, "junit": _junit, "sarif": _sarif, "csv": _csv, "html": _html,
          "markdown": _markdown, "table": _table}


@pytest.mark.parametrize(
    ("results", "gate", "failed", "code"),
    [
        ((OK, DEAD, DEAD2), GateOptions(), 2, ExitCode.FAILED),
        # The baseline knows both dead links: nothing failed, as the exit code says.
        ((OK, DEAD, DEAD2), GateOptions(baseline=BASELINE), 0, ExitCode.OK),
        # One new failure beside the known ones: only it fails.
        ((DEAD, DEAD2, MISMATCH), GateOptions(baseline=BASELINE), 1, ExitCode.FAILED),
        # --max-failures lets the new failures through all together, or none of them.
        ((OK, DEAD, DEAD2), GateOptions(max_failures=2), 0, ExitCode.OK),
        ((OK, DEAD, DEAD2, MISMATCH), GateOptions(max_failures=2), 3, ExitCode.FAILED),
        ((DEAD, DEAD2, MISMATCH), GateOptions(baseline=BASELINE, max_failures=1), 0,
         ExitCode.OK),
    ],
)
@pytest.mark.parametrize("fmt", sorted(COUNTS))
def test_every_format_counts_what_the_exit_code_counts(results, gate, failed, code, fmt):
    gated = with_gate(report(*results), gate)
    outcome = evaluate_gate(gated)
    assert outcome.exit_code is code
    assert len(outcome.failed) == failed
    assert COUNTS[fmt](gated) == failed


def test_the_report_carries_the_gate_it_was_given():
    gate = GateOptions(fail_on=frozenset({V.MISMATCH}), max_failures=3, baseline=BASELINE)
    gated = with_gate(report(DEAD), gate)
    assert (gated.fail_on, gated.max_failures, gated.baseline) == (
        gate.fail_on, 3, BASELINE)
    # Without a gate of its own, evaluate_gate decides with the report's.
    assert evaluate_gate(gated) == evaluate_gate(report(DEAD), gate)


@pytest.mark.parametrize(
    ("gate", "why"),
    [(GateOptions(baseline=BASELINE), "dead, known in the baseline"),
     (GateOptions(max_failures=2), "dead, within --max-failures")],
)
def test_junit_sets_aside_what_the_gate_lets_pass(gate, why):
    """Not a failure, and no pass either: a skipped testcase that says why."""
    root = ET.fromstring(get_formatter("junit").render(with_gate(report(OK, DEAD, DEAD2), gate)))
    cases = {c.get("name", "").split()[0]: c for c in root.iter("testcase")}
    assert cases["ok"].find("skipped") is None
    for name in ("dead", "dead2"):
        skipped = cases[name].find("skipped")
        assert skipped is not None
        assert skipped.get("message", "").startswith(f"accepted by the gate ({why}): ")
