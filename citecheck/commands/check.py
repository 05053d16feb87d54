"""`citecheck check INPUT...`: check, write every requested format, gate."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from citecheck.commands.common import load_references, run_checks, settings_from_args
from citecheck.exitcodes import ExitCode
from citecheck.gating import evaluate_gate
from citecheck.outputs import plan_outputs, write_outputs


def register(commands: argparse._SubParsersAction) -> dict[str, Callable]:
    from citecheck.cli import add_check_options, add_output_options, command_parser

    parser = command_parser(commands, "check")
    add_check_options(parser)
    add_output_options(parser)
    return {"check": run}


def run(args: argparse.Namespace) -> ExitCode:
    from citecheck.cli import FORMAT_NAMES

    settings = settings_from_args(args)
    # Everything that can be wrong with the command is found before the first request.
    outputs = plan_outputs(",".join(settings["format"]), args.output, allowed=FORMAT_NAMES)
    gate = settings.gate_options()
    references = load_references(args, settings)
    report = run_checks(args, settings, references)
    write_outputs(report, outputs)
    if not report.complete:
        print(f"citecheck: {report.notes[-1]}; the report is partial", file=sys.stderr)
        return ExitCode.INTERRUPTED
    outcome = evaluate_gate(report, gate)
    if report.offline:
        print("citecheck: the network is unreachable: nothing was judged dead (exit 3)",
              file=sys.stderr)
    elif not args.quiet:
        print(f"citecheck: {outcome.describe()}", file=sys.stderr)
    return outcome.exit_code
