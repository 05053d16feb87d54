"""`citecheck config show`: the effective settings and where each came from."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from citecheck.commands.common import settings_from_args
from citecheck.config import render_settings
from citecheck.exitcodes import ExitCode


def register(commands: argparse._SubParsersAction) -> dict[str, Callable]:
    from citecheck.cli import command_parser

    parser = command_parser(commands, "config")
    actions = parser.add_subparsers(dest="config_action", metavar="ACTION")
    actions.required = True
    show = actions.add_parser("show", help="print the effective settings as TOML")
    show.add_argument("--config", metavar="PATH", help="config file to read")
    return {"config": run}


def run(args: argparse.Namespace) -> ExitCode:
    print(render_settings(settings_from_args(args)), end="")
    return ExitCode.OK
