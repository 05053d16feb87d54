"""`citecheck baseline update INPUT...`: record today's failures as known."""

from __future__ import annotations

import argparse
import sys

from citecheck.cli.common import load_references, run_checks, settings_from_args
from citecheck.cli.flags import add_inputs, add_options
from citecheck.exitcodes import ExitCode
from citecheck.gating.baseline import DEFAULT_BASELINE_PATH, Baseline, write_baseline
from citecheck.text import plural


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="baseline_action", metavar="ACTION")
    actions.required = True
    update = actions.add_parser("update", help="check, then record every failure as known")
    add_inputs(update)
    add_options(update, "baseline")


def run(args: argparse.Namespace) -> ExitCode:
    settings = settings_from_args(args)
    path = settings["baseline"] or DEFAULT_BASELINE_PATH
    report = run_checks(args, settings, load_references(args, settings))
    if report.offline:
        print("citecheck: the network is unreachable: the baseline was not written",
              file=sys.stderr)
        return ExitCode.OFFLINE
    if not report.complete:
        print("citecheck: interrupted: the baseline was not written", file=sys.stderr)
        return ExitCode.INTERRUPTED
    baseline = Baseline.from_results(
        report.results, settings["fail-on"], settings["fail-on-archive"]
    )
    write_baseline(path, baseline)
    known = plural(len(baseline.entries), "known failure")
    print(f"citecheck: wrote {known} to {path}", file=sys.stderr)
    return ExitCode.OK
