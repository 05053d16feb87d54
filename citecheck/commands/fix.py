"""`citecheck fix INPUT...`: check, then write archive links back (or show the diff)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from citecheck.commands.common import load_references, run_checks, settings_from_args
from citecheck.exitcodes import ExitCode
from citecheck.gating import evaluate_gate


def register(commands: argparse._SubParsersAction) -> dict[str, Callable]:
    from citecheck.cli import add_check_options, command_parser

    parser = command_parser(commands, "fix")
    add_check_options(parser)
    parser.add_argument("--dry-run", action="store_true",
                        help="print the changes as a unified diff; write nothing")
    parser.add_argument("--archive-live", action="store_true",
                        help="also add archive links to citations whose link is live")
    parser.add_argument("--repair-archives", action="store_true",
                        help="replace a broken cited archive URL with a verified capture")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    return {"fix": run}


def run(args: argparse.Namespace) -> ExitCode:
    from citecheck.fix import FixOptions, can_fix, fix_file
    from citecheck.sources import read_text, reader_for
    from citecheck.sources.mediawiki import is_wiki_page

    settings = settings_from_args(args)
    gate = settings.gate_options()
    references = load_references(args, settings)
    report = run_checks(args, settings, references)
    if not report.complete:
        print(f"citecheck: {report.notes[-1]}; nothing was fixed", file=sys.stderr)
        return ExitCode.INTERRUPTED
    if report.offline:
        print("citecheck: the network is unreachable: nothing was fixed", file=sys.stderr)
        return ExitCode.OFFLINE
    options = FixOptions(archive_live=args.archive_live, repair_broken=args.repair_archives)
    for path in dict.fromkeys(args.inputs):
        if path == "-":
            print("citecheck: fix: standard input cannot be written back", file=sys.stderr)
            continue
        if not os.path.exists(path) and is_wiki_page(path):
            print(f"citecheck: fix: {path}: a live wiki page is report-only", file=sys.stderr)
            continue
        fmt = reader_for(path, args.input_format, read_text(path)).name
        if not can_fix(fmt):
            print(f"citecheck: fix: {path}: {fmt} is report-only; not changed", file=sys.stderr)
            continue
        outcome = fix_file(path, report.results, fmt, options=options, dry_run=args.dry_run)
        if args.dry_run:
            sys.stdout.write(outcome.diff)
        elif not args.quiet:
            done = f"{len(outcome.fixed_ids)} citation(s) fixed" if outcome.written else (
                "nothing to fix"
            )
            print(f"citecheck: fix: {path}: {done}", file=sys.stderr)
    return evaluate_gate(report, gate).exit_code
