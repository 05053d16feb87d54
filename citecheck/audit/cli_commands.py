"""The `audit` and `history` subcommands, ready for citecheck.cli to register.

``register`` adds both to cli.py's subcommands (like the modules in
``citecheck.commands``). The audit shares the network, archive, gating and output
options of `check`; cli.py is imported inside the functions because it imports this
module.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import io
import re
import shlex
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import TextIO

from citecheck.audit.render import RENDERERS
from citecheck.audit.rules import DEFAULT_CONFIRM_CHECKS, DEFAULT_CONFIRM_DAYS, ConfirmationRules
from citecheck.audit.run import DEFAULT_MAX_AGE, CheckFn
from citecheck.audit.run import run_audit as audit
from citecheck.audit.timeline import render_timeline, timeline_json, url_timeline
from citecheck.errors import ConfigError
from citecheck.exitcodes import ExitCode
from citecheck.gating import IgnoreRules, skip_reason
from citecheck.models import Reference
from citecheck.outputs import plan_outputs, write_atomic, write_outputs
from citecheck.progress import progress_for
from citecheck.store.backend import db_target, history_exists, open_history
from citecheck.store.clock import Clock, SystemClock
from citecheck.store.db import default_db_path
from citecheck.store.errors import StoreError
from citecheck.store.export import WRITERS
from citecheck.text import plural

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")


def parse_duration(text: str) -> timedelta:
    """``90s``, ``30m``, ``12h``, ``1d``, ``2w``; a bare number is days."""
    m = _DURATION.match(text.lower())
    if not m:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 12h, 1d, 30m)")
    return timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2) or "d"])


def _add_db(parser: argparse._ActionsContainer) -> None:
    parser.add_argument(
        "--db", metavar="PATH|URL", type=db_target, default=None,
        help=f"history database: a SQLite file or a postgresql:// URL "
        f"(default: {default_db_path()})",
    )


def add_audit_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    from citecheck import cli

    p = cli.command_parser(
        subparsers,
        "audit",
        description="Check INPUTs, record the results in the history database, confirm "
        "transient failures across runs and report what changed since the last complete "
        "audit. Fails (exit 1) only on problems that are new since that audit.",
    )
    cli.add_check_options(p)
    audit = p.add_argument_group("audit")
    _add_db(audit)
    audit.add_argument(
        "--max-age", type=parse_duration, default=None, metavar="DURATION",
        help="reuse a reference's OK result younger than this instead of re-checking "
        "(default 1d; e.g. 20h for a nightly audit, 0 to check everything)",
    )
    audit.add_argument("--resume", action="store_true",
                       help="continue the last interrupted audit of these inputs")
    audit.add_argument(
        "--confirm-checks", type=cli._positive_int, default=None, metavar="N",
        help=f"failed checks before a transient failure is dead (default {DEFAULT_CONFIRM_CHECKS})",
    )
    audit.add_argument(
        "--confirm-days", type=parse_duration, default=None,
        metavar="DAYS", help="…spread over at least this long "
        f"(default {DEFAULT_CONFIRM_DAYS}; a bare number is days, or e.g. 36h)",
    )
    changes = p.add_argument_group("change report")
    changes.add_argument("--changes-format", choices=sorted(RENDERERS), default=None,
                         help="format of the change report (default table)")
    changes.add_argument("--changes-output", metavar="PATH", default=None,
                         help="write the change report here instead of standard output")
    # --format/--output as for `check`; the full report is written only where --output
    # says, since standard output carries the change report.
    cli.add_output_options(p)
    return p


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> dict[str, Callable[..., ExitCode]]:
    """Add `audit` and `history` to cli.py's subcommands; return their handlers."""
    add_audit_parser(commands)
    add_history_parser(commands)
    return {"audit": run_audit, "history": run_history}


def add_history_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    from citecheck import cli

    p = cli.command_parser(subparsers, "history")
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
    p.add_argument("--output", metavar="PATH", default=None,
                   help="write to PATH instead of stdout")
    return p


def _write(text_or_writer: str | Callable[[TextIO], None], path: str | None) -> None:
    if isinstance(text_or_writer, str):
        if path is None:
            sys.stdout.write(text_or_writer)
        else:
            write_atomic(path, text_or_writer)
        return
    if path is None:
        text_or_writer(sys.stdout)
        return
    buffer = io.StringIO()
    text_or_writer(buffer)
    write_atomic(path, buffer.getvalue())


def run_audit(args: argparse.Namespace, *, check_fn: CheckFn | None = None,
              clock: Clock | None = None) -> ExitCode:
    """`citecheck audit`; ``check_fn`` and ``clock`` are for tests (default: the real ones)."""
    from citecheck.commands.common import (
        check_options,
        load_references,
        output_plan,
        settings_from_args,
    )

    settings = settings_from_args(args)
    _audit_defaults(args)
    options = check_options(args, settings)
    # Everything that can be wrong with the command is found before the first request.
    report_plan = None
    if args.output:
        report_plan = output_plan(args, settings)
        if args.changes_output is None and any(t.path is None for t in report_plan.targets):
            raise ConfigError("the change report goes to standard output: give --output for "
                              "every --format, or --changes-output")
    if args.changes_output is not None:
        plan_outputs(args.changes_format, [args.changes_output], allowed=tuple(RENDERERS))
    ignore = settings.ignore_rules()
    # Marked before the cache is consulted: a URL ignored since its last check must come
    # out `skipped`, not as the reused OK of yesterday (the mark changes its key).
    references = tuple(_marked_skipped(r, ignore) for r in load_references(args))
    if check_fn is None:
        from citecheck.api import check
        from citecheck.distributed.commandline import check_fn_from_args

        check_fn = check_fn_from_args(args, ignore) or functools.partial(check, rules=ignore)
    rules = _confirmation_rules(args.confirm_checks, args.confirm_days)
    try:
        with open_history(args.db) as store, progress_for(
            len(references), enabled=not args.quiet
        ) as progress:
            outcome = audit(references, options, store, clock or SystemClock(), check_fn,
                            max_age=args.max_age, resume=args.resume, rules=rules,
                            inputs=_run_inputs(args), on_result=progress.advance)
    except KeyboardInterrupt:
        _resume_hint(args)
        raise
    if report_plan is not None:
        write_outputs(outcome.report, report_plan)
    _write(RENDERERS[args.changes_format](outcome.changes), args.changes_output)
    if not outcome.report.complete:
        _resume_hint(args)
        return ExitCode.INTERRUPTED
    if outcome.report.offline:
        return ExitCode.OFFLINE
    return ExitCode.FAILED if outcome.changes.new_problems else ExitCode.OK


def _audit_defaults(args: argparse.Namespace) -> None:
    """The audit's own defaults for what neither the command line nor the config set."""
    defaults = {"max_age": DEFAULT_MAX_AGE, "changes_format": "table"}
    for dest, value in defaults.items():
        if getattr(args, dest) is None:
            setattr(args, dest, value)


def _confirmation_rules(checks: int | None, span: timedelta | None) -> ConfirmationRules:
    """From --confirm-checks/--confirm-days or the config; the defaults otherwise."""
    return ConfirmationRules(
        failures=DEFAULT_CONFIRM_CHECKS if checks is None else checks,
        span=timedelta(days=DEFAULT_CONFIRM_DAYS) if span is None else span,
    )


def _marked_skipped(reference: Reference, ignore: IgnoreRules) -> Reference:
    reason = skip_reason(reference, ignore)
    if reason is None or reason == reference.skip_reason:
        return reference
    return dataclasses.replace(reference, skip_reason=reason)


def _run_inputs(args: argparse.Namespace) -> tuple[str, ...]:
    """What identifies an audit for --resume: the inputs, and the dump shard if any
    (two shard audits of one dump are different runs)."""
    shard = getattr(args, "shard", None)
    return (*args.inputs, f"shard {shard}") if shard else tuple(args.inputs)


def _resume_hint(args: argparse.Namespace) -> None:
    print("citecheck audit: interrupted; the finished checks are saved. Continue with: "
          + resume_command(args), file=sys.stderr)


def resume_command(args: argparse.Namespace) -> str:
    """The command that continues this audit, ready to paste: it repeats what locates
    the run (the inputs, the database, the config) and what reaching its hosts needs."""
    words = ["citecheck", "audit", "--resume"]
    if getattr(args, "config", None):
        words += ["--config", str(args.config)]
    if args.db is not None:
        words += ["--db", str(args.db)]
    if args.input_format:
        words += ["--input-format", args.input_format]
    if args.allow_private:
        words.append("--allow-private")
    for pin in args.resolve or ():
        words += ["--resolve", str(pin)]
    if args.ca_cert:
        words += ["--ca-cert", str(args.ca_cert)]
    # Live wiki pages are in args.inputs already (load_references adds --wiki pages).
    if any(i.startswith("-") and i != "-" for i in args.inputs):
        words.append("--")  # an input named like an option
    return shlex.join([*words, *args.inputs])


def run_history(args: argparse.Namespace, *, clock: Clock | None = None) -> ExitCode:
    """`citecheck history`: one URL's timeline, ``--export`` or ``--prune``."""
    chosen = [x for x in (args.url, args.export, args.prune) if x is not None]
    if len(chosen) != 1:
        raise ConfigError("history: give exactly one of URL, --export FORMAT, --prune DAYS")
    from citecheck.commands.common import settings_from_args

    clock = clock or SystemClock()
    settings = settings_from_args(args)  # the config may name the database and the rules
    path = args.db if args.db is not None else default_db_path()
    if not history_exists(path):  # a query must not leave an empty database behind
        raise StoreError(f"no history database at {path} (run `citecheck audit` first)")
    with open_history(path) as store:
        if args.export is not None:
            _write(lambda out: WRITERS[args.export](store, out), args.output)
        elif args.prune is not None:
            deleted = store.prune(clock.now() - args.prune)
            print(f"deleted {plural(deleted, 'check')} from {store.path}", file=sys.stderr)
        else:
            rules = _confirmation_rules(settings["confirm-checks"], settings["confirm-days"])
            timeline = url_timeline(store, args.url, clock, rules)
            render = timeline_json if args.history_format == "json" else render_timeline
            _write(render(timeline), args.output)
    return ExitCode.OK
