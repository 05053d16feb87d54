"""What several commands share: effective settings, reading inputs, running a check."""

from __future__ import annotations

import argparse
import sys

from citecheck.config import Settings, discover_config, merge, overrides_from_args
from citecheck.errors import InputError
from citecheck.models import Reference, Report
from citecheck.options import CheckOptions
from citecheck.progress import progress_for


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Defaults, then the config file, then the command line."""
    return merge(discover_config(getattr(args, "config", None)), overrides_from_args(args))


def check_options(args: argparse.Namespace, settings: Settings) -> CheckOptions:
    from citecheck.cli import options_from_args

    return settings.check_options(options_from_args(args))


def load_references(args: argparse.Namespace) -> tuple[Reference, ...]:
    from citecheck.sources import load_inputs

    loaded = load_inputs(args.inputs, args.input_format)
    for problem in loaded.problems:
        print(f"citecheck: warning: {problem}", file=sys.stderr)
    if not loaded.references:
        raise InputError("no references found in the input")
    return loaded.references


def run_checks(
    args: argparse.Namespace, settings: Settings, references: tuple[Reference, ...]
) -> Report:
    from citecheck.api import check

    options = check_options(args, settings)
    with progress_for(len(references), enabled=not getattr(args, "quiet", False)) as progress:
        return check(
            references,
            options,
            inputs=args.inputs,
            on_result=progress.advance,
            rules=settings.ignore_rules(),
        )
