"""What several commands share: effective settings, reading inputs, running a check."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from citecheck.cli import table
from citecheck.cli.outputs import OutputPlan, formats_from_paths, plan_outputs
from citecheck.cli.progress import progress_for
from citecheck.cli.settings import Settings, discover_config, merge, overrides_from_args
from citecheck.cli.values import REPORT_FORMATS
from citecheck.errors import ConfigError, InputError
from citecheck.models import Reference, Report

if TYPE_CHECKING:
    from citecheck.net.client import HttpClient
    from citecheck.sources import LoadedInputs
    from citecheck.sources.base import InputProblem


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Defaults, then the config file, then the command line.

    Options the commands read from ``args`` itself (``--db``, ``--max-age``…) and did
    not get on the command line take the config file's value, so every long option
    can be set in the file."""
    settings = merge(discover_config(getattr(args, "config", None)), overrides_from_args(args))
    for name, value in settings.values.items():
        dest = table.KEYS[name].dest
        # Only the file's values: defaults stay unset, so a later merge still tells
        # them from options given on the command line.
        if settings.origins[name] == "config" and hasattr(args, dest) \
                and getattr(args, dest) is None:
            setattr(args, dest, value)
    if getattr(args, "verbose", None):
        log_requests_to_stderr()
    return settings


def log_requests_to_stderr() -> None:
    net_log = logging.getLogger("citecheck.net")
    net_log.setLevel(logging.INFO)
    # Replace rather than add: main() may run several times in one process.
    for old in [h for h in net_log.handlers if h.get_name() == "citecheck-verbose"]:
        net_log.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name("citecheck-verbose")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    net_log.addHandler(handler)


def output_plan(args: argparse.Namespace, settings: Settings) -> OutputPlan:
    """Where each format goes; without --format (or a config's), the --output paths'
    extensions say which formats they are."""
    formats = list(settings["format"])
    if settings.origins["format"] == "default" and args.output:
        formats = formats_from_paths(args.output)
    return plan_outputs(",".join(formats), args.output, allowed=REPORT_FORMATS,
                        show_all=settings["show"] == "all")


def load_references(
    args: argparse.Namespace, settings: Settings | None = None
) -> tuple[Reference, ...]:
    """Every reference of the inputs; live wiki pages are fetched through the engine."""
    return load_inputs_from_args(args, settings).references


def load_inputs_from_args(
    args: argparse.Namespace, settings: Settings | None = None
) -> LoadedInputs:
    """The inputs' references and the problems met reading them (printed as warnings).

    InputError when no input is readable or none holds a reference."""
    loaded = read_inputs(args, settings)
    for problem in loaded.problems:
        print(f"citecheck: warning: {problem}", file=sys.stderr)
    if not loaded.references:
        raise InputError("no references found in the input")
    return loaded


def read_inputs(args: argparse.Namespace, settings: Settings | None = None) -> LoadedInputs:
    """The references and input problems of the inputs ``args`` name (INPUT files,
    dumps and ``--wiki`` pages); a live page's text is the only thing fetched."""
    from citecheck.cli.scale import dump_filter_from_args
    from citecheck.sources.dump_inputs import load_inputs_with_dumps
    from citecheck.sources.mediawiki import engine_fetcher, is_wiki_page

    args.inputs = [*args.inputs, *(getattr(args, "wiki", None) or [])]
    if not args.inputs:
        raise ConfigError("nothing to check: give an INPUT file or --wiki LANG:TITLE")
    client: HttpClient | None = None
    fetch_text = None
    if any(not os.path.exists(p) and is_wiki_page(p) for p in args.inputs if p != "-"):
        # Only here: the engine's stack is not imported to read files.
        from citecheck.net.client import HttpClient

        client = HttpClient((settings or settings_from_args(args)).check_options())
        fetch_text = engine_fetcher(client.fetch)
    try:
        return load_inputs_with_dumps(
            args.inputs, args.input_format, fetch_text,
            dump_filter=dump_filter_from_args(args),
            dump_index=getattr(args, "dump_index", None),
        )
    finally:
        if client is not None:
            client.close()


def run_checks(
    args: argparse.Namespace,
    settings: Settings,
    references: tuple[Reference, ...],
    input_problems: Sequence[InputProblem] = (),
) -> Report:
    from citecheck.api import check
    from citecheck.cli.scale import check_fn_from_args

    options = settings.check_options()
    rules = settings.ignore_rules()
    check_fn = check_fn_from_args(args, rules) or functools.partial(check, rules=rules)
    with progress_for(len(references), enabled=not getattr(args, "quiet", False)) as progress:
        report = check_fn(references, options, inputs=args.inputs, on_result=progress.advance)
    if not input_problems:
        return report
    # First: an interrupted run's note stays last.
    notes = tuple(f"input problem: {problem}" for problem in input_problems)
    return dataclasses.replace(report, notes=(*notes, *report.notes))
