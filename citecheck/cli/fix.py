"""`citecheck fix INPUT...`: check, then write archive links back (or show the diff)."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace

from citecheck.cli.common import load_inputs_from_args, run_checks, settings_from_args
from citecheck.cli.flags import add_inputs, add_options
from citecheck.exitcodes import ExitCode
from citecheck.gating import evaluate_gate
from citecheck.models import ArchiveStatus, Report, Verdict
from citecheck.text import plural


def configure(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser)
    parser.add_argument("--dry-run", action="store_true",
                        help="print the changes as a unified diff; write nothing")
    add_options(parser, "fix")


def run(args: argparse.Namespace) -> ExitCode:
    from citecheck.fix import FixOptions, can_fix, fix_file
    from citecheck.fix.after import results_after
    from citecheck.sources import read_text, reader_for
    from citecheck.sources.mediawiki import is_wiki_page

    settings = settings_from_args(args)
    gate = settings.gate_options()
    loaded = load_inputs_from_args(args, settings)
    report = run_checks(args, settings, loaded.references, loaded.problems)
    if not report.complete:
        print(f"citecheck: {report.notes[-1]}; nothing was fixed", file=sys.stderr)
        return ExitCode.INTERRUPTED
    if report.offline:
        print("citecheck: the network is unreachable: nothing was fixed", file=sys.stderr)
        return ExitCode.OFFLINE
    archive_on = settings.check_options().archive
    options = FixOptions(archive_live=bool(args.archive_live),
                         repair_broken=bool(args.repair_archives),
                         update_moved=bool(args.update_moved))
    fixed: set[tuple[str | None, str]] = set()
    changes = 0
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
        changes += len(outcome.edits)
        if args.dry_run:
            sys.stdout.write(outcome.diff)
            continue
        fixed.update((path, ref_id) for ref_id in outcome.fixed_ids)
        # Printed even with --quiet: what a command changed in the user's files is
        # never noise (-q only silences the progress bar and the summary).
        if outcome.written:
            count = len(outcome.fixed_ids)
            print(f"citecheck: fix: {path}: {plural(count, 'citation')} fixed", file=sys.stderr)
        else:
            print(f"citecheck: fix: {path}: nothing fixed: "
                  f"{_why_nothing(report, path, archive_on)}", file=sys.stderr)
    if args.dry_run:
        if not changes:
            print(f"no changes: {_why_nothing(report, None, archive_on)}")
        # Like `diff`: 1 when the dry run shows changes to make, 0 when there are none.
        return ExitCode.FAILED if changes else ExitCode.OK
    # The gate judges the files as they are now: a dead link fixed with a verified
    # archive copy is `dead-archived`, which passes unless --fail-on names it.
    after = replace(report, results=results_after(report.results, fixed, options))
    outcome = evaluate_gate(after, gate)
    if outcome.failures and not args.quiet:
        print(f"citecheck: after the fix: {outcome.describe()}", file=sys.stderr)
    return outcome.exit_code


def _why_nothing(report: Report, path: str | None, archive_on: bool) -> str:
    """Why ``fix`` found nothing to change in ``path`` (every input when None)."""
    if not archive_on:
        return "archive lookups are off (--no-archive)"
    if report.archive_outage:
        return report.archive_outage
    results = [r for r in report.results if path is None or r.reference.location.file == path]
    dead = [r for r in results if r.verdict is Verdict.DEAD and not r.archived]
    if not dead:
        return "no dead link lacks an archive copy"
    missing = sum(1 for r in dead if r.archive.status is not ArchiveStatus.SUGGESTED)
    if missing:
        return (f"{plural(missing, 'dead link')} "
                f"{'has' if missing == 1 else 'have'} no usable capture in the archive")
    return "no change could be planned for the dead links (see the report's reasons)"
