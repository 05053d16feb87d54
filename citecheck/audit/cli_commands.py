"""The `audit` and `history` subcommands, ready for citecheck.cli to register.

``cli.py`` calls ``add_audit_parser``/``add_history_parser`` on its subparsers and
dispatches to ``run_audit``/``run_history``. What only the CLI knows (reading inputs,
building CheckOptions from the shared network options, writing the full report) is
passed in as hooks so this module stays independent of cli.py.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from citecheck.audit.render import RENDERERS
from citecheck.audit.rules import DEFAULT_CONFIRM_CHECKS, DEFAULT_CONFIRM_DAYS, ConfirmationRules
from citecheck.audit.run import DEFAULT_MAX_AGE, CheckFn
from citecheck.audit.run import run_audit as audit
from citecheck.audit.timeline import render_timeline, timeline_json, url_timeline
from citecheck.exitcodes import ExitCode
from citecheck.models import Reference, Report
from citecheck.options import CheckOptions
from citecheck.store.clock import Clock, SystemClock
from citecheck.store.db import HistoryStore, default_db_path
from citecheck.store.errors import StoreError
from citecheck.store.export import WRITERS

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")


def parse_duration(text: str) -> timedelta:
    """``90s``, ``30m``, ``12h``, ``1d``, ``2w``; a bare number is days."""
    m = _DURATION.match(text.lower())
    if not m:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 12h, 1d, 30m)")
    return timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2) or "d"])


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number ≥ 1: {text!r}")
    return value


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="PATH", type=Path, default=None,
        help=f"history database (default: {default_db_path()})",
    )


def add_audit_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "audit",
        help="scheduled check with history: confirm failures, report what changed",
        description="Check INPUTs, record the results in the history database, confirm "
        "transient failures across runs and report what changed since the last complete "
        "audit. Fails (exit 1) only on problems that are new since that audit.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    _add_db(p)
    p.add_argument(
        "--max-age", type=parse_duration, default=DEFAULT_MAX_AGE, metavar="DURATION",
        help="reuse a reference's OK result younger than this instead of re-checking "
        "(default 1d; e.g. 20h for a nightly audit, 0 to check everything)",
    )
    p.add_argument("--resume", action="store_true",
                   help="continue the last interrupted audit of these inputs")
    p.add_argument("--confirm-checks", type=_positive_int, default=DEFAULT_CONFIRM_CHECKS,
                   metavar="N", help="failed checks before a transient failure is dead "
                   f"(default {DEFAULT_CONFIRM_CHECKS})")
    p.add_argument("--confirm-days", type=parse_duration,
                   default=timedelta(days=DEFAULT_CONFIRM_DAYS), metavar="DAYS",
                   help="…spread over at least this long "
                   f"(default {DEFAULT_CONFIRM_DAYS}; a bare number is days)")
    p.add_argument("--changes-format", choices=sorted(RENDERERS), default="table",
                   help="format of the change report (default table)")
    p.add_argument("--changes-output", metavar="PATH", type=Path, default=None,
                   help="write the change report here instead of stdout")
    return p


def add_history_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "history",
        help="show one URL's check history, export or prune the history database",
    )
    p.add_argument("url", nargs="?", metavar="URL", help="show this URL's timeline")
    _add_db(p)
    action = p.add_mutually_exclusive_group()
    action.add_argument("--export", choices=sorted(WRITERS),
                        help="dump every check in the database")
    action.add_argument("--prune", type=parse_duration, metavar="DAYS",
                        help="delete checks older than DAYS (keeping what confirmation and "
                        "the next change report need)")
    p.add_argument("--format", dest="history_format", choices=("table", "json"),
                   default="table", help="format of a URL's timeline (default table)")
    p.add_argument("--output", metavar="PATH", type=Path, default=None,
                   help="write to PATH instead of stdout")
    return p


def _write(text_or_writer: str | Callable[[TextIO], None], path: Path | None) -> None:
    if path is None:
        if isinstance(text_or_writer, str):
            sys.stdout.write(text_or_writer)
        else:
            text_or_writer(sys.stdout)
        return
    # Write beside the target and rename: a reader never sees half a file.
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        if isinstance(text_or_writer, str):
            out.write(text_or_writer)
        else:
            text_or_writer(out)
    tmp.replace(path)


def run_audit(
    args: argparse.Namespace,
    *,
    load_references: Callable[[Sequence[str]], Sequence[Reference]],
    build_options: Callable[[argparse.Namespace], CheckOptions],
    check_fn: CheckFn,
    write_report: Callable[[Report, argparse.Namespace], None] | None = None,
    clock: Clock | None = None,
) -> ExitCode:
    rules = ConfirmationRules(failures=args.confirm_checks, span=args.confirm_days)
    inputs = tuple(args.inputs)
    references = load_references(inputs)
    options = build_options(args)
    try:
        with HistoryStore(args.db) as store:
            outcome = audit(references, options, store, clock or SystemClock(), check_fn,
                            max_age=args.max_age, resume=args.resume, rules=rules,
                            inputs=inputs)
    except StoreError as exc:
        print(f"citecheck audit: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        print("citecheck audit: interrupted; finished checks are saved. Continue with: "
              "citecheck audit --resume " + " ".join(inputs), file=sys.stderr)
        raise
    if write_report is not None:
        write_report(outcome.report, args)
    _write(RENDERERS[args.changes_format](outcome.changes), args.changes_output)
    if outcome.report.offline:
        return ExitCode.OFFLINE
    if not outcome.report.complete:
        print("citecheck audit: the audit did not finish; continue with --resume",
              file=sys.stderr)
    return ExitCode.FAILED if outcome.changes.new_problems else ExitCode.OK


def run_history(args: argparse.Namespace, *, clock: Clock | None = None) -> ExitCode:
    chosen = [x for x in (args.url, args.export, args.prune) if x is not None]
    if len(chosen) != 1:
        print("citecheck history: give exactly one of URL, --export FORMAT, --prune DAYS",
              file=sys.stderr)
        return ExitCode.USAGE
    clock = clock or SystemClock()
    try:
        with HistoryStore(args.db) as store:
            if args.export is not None:
                _write(lambda out: WRITERS[args.export](store, out), args.output)
            elif args.prune is not None:
                deleted = store.prune(clock.now() - args.prune)
                print(f"deleted {deleted} checks from {store.path}", file=sys.stderr)
            else:
                timeline = url_timeline(store, args.url, clock)
                render = timeline_json if args.history_format == "json" else render_timeline
                _write(render(timeline), args.output)
    except StoreError as exc:
        print(f"citecheck history: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    return ExitCode.OK
