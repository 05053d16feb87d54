"""`citecheck audit`: a scheduled check with history; confirms failures across runs and
reports what changed since the last complete audit.

Takes the options of `check` (network, archive, gating, output) from the option table.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import shlex
import sys
from datetime import timedelta

from citecheck.audit.render import RENDERERS
from citecheck.audit.rules import DEFAULT_CONFIRM_CHECKS, DEFAULT_CONFIRM_DAYS, ConfirmationRules
from citecheck.audit.run import DEFAULT_MAX_AGE, CheckFn
from citecheck.audit.run import run_audit as audit
from citecheck.cli.common import load_references, output_plan, settings_from_args
from citecheck.cli.flags import add_inputs, add_options
from citecheck.cli.outputs import plan_outputs, write_outputs, write_text
from citecheck.cli.progress import progress_for
from citecheck.cli.table import AUDIT
from citecheck.errors import ConfigError
from citecheck.exitcodes import ExitCode
from citecheck.gating import IgnoreRules, skip_reason
from citecheck.models import Reference
from citecheck.store.backend import open_history
from citecheck.store.clock import Clock, SystemClock

DESCRIPTION = (
    "Check INPUTs, record the results in the history database, confirm transient failures "
    "across runs and report what changed since the last complete audit. Fails (exit 1) "
    "only on problems that are new since that audit."
)


def configure(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser)
    groups = add_options(parser, "audit")
    groups[AUDIT].add_argument("--resume", action="store_true",
                               help="continue the last interrupted audit of these inputs")


def run(args: argparse.Namespace, *, check_fn: CheckFn | None = None,
        clock: Clock | None = None) -> ExitCode:
    """`citecheck audit`; ``check_fn`` and ``clock`` are for tests (default: the real ones)."""
    settings = settings_from_args(args)
    _audit_defaults(args)
    options = settings.check_options()
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
        from citecheck.cli.scale import check_fn_from_args

        check_fn = check_fn_from_args(args, ignore) or functools.partial(check, rules=ignore)
    rules = confirmation_rules(args.confirm_checks, args.confirm_days)
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
    write_text(RENDERERS[args.changes_format](outcome.changes), args.changes_output)
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


def confirmation_rules(checks: int | None, span: timedelta | None) -> ConfirmationRules:
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


