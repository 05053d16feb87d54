"""`citecheck check INPUT...`: check, write every requested format, gate."""

from __future__ import annotations

import argparse
import sys

from citecheck.cli.common import (
    load_inputs_from_args,
    output_plan,
    run_checks,
    settings_from_args,
)
from citecheck.cli.flags import add_inputs, add_options
from citecheck.cli.outputs import OutputPlan, write_outputs
from citecheck.exitcodes import ExitCode
from citecheck.gating import with_gate
from citecheck.heap import settle_for_run
from citecheck.models import Report
from citecheck.report.common import gate_outcome


def configure(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser)
    add_options(parser, "check")


def run(args: argparse.Namespace) -> ExitCode:
    settings = settings_from_args(args)
    # Everything that can be wrong with the command is found before the first request.
    outputs = output_plan(args, settings)
    gate = settings.gate_options()
    loaded = load_inputs_from_args(args, settings)
    # The modules and the references live all run: out of the collector's way.
    settle_for_run()
    # The report carries the whole gate, so its formats count what the exit code counts.
    report = with_gate(run_checks(args, settings, loaded.references, loaded.problems), gate)
    write_outputs(report, outputs)
    if not report.complete:
        print(f"citecheck: {report.notes[-1]}; the report is partial", file=sys.stderr)
        return ExitCode.INTERRUPTED
    # Decided once per report (the formats asked already): each decision walks every
    # result, and a large run's results are read back from their spool.
    outcome = gate_outcome(report)
    if report.offline:
        print("citecheck: the network is unreachable: nothing was judged dead (exit 3)",
              file=sys.stderr)
    elif outcome.exit_code is ExitCode.OFFLINE:
        print("citecheck: every reference ran out of time (--timeout, --total-timeout): "
              "nothing was checked (exit 3)", file=sys.stderr)
    elif not args.quiet:
        _print_summary(report, outputs)
        print(f"citecheck: {outcome.describe()}", file=sys.stderr)
    return outcome.exit_code


def _print_summary(report: Report, outputs: OutputPlan) -> None:
    """Name the files written and, when no table was printed, the counts by verdict."""
    from citecheck.report.table import summary_lines

    files = [t for t in outputs.targets if t.path is not None]
    if files:
        names = ", ".join(f"{t.path} ({t.format})" for t in files)
        print(f"citecheck: wrote {names}", file=sys.stderr)
    if not any(t.path is None and t.format == "table" for t in outputs.targets):
        print(f"citecheck: {summary_lines(report)[0]}", file=sys.stderr)
