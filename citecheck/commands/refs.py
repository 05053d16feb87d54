"""`citecheck refs INPUT...`: list the references the readers find; nothing is checked.

Takes the same input flags as ``check`` (so a ``check`` command line can be turned
into ``refs`` to see what it would check) and sends no request to any cited or
archive URL: the only fetch is of a live wiki page's text named as input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from citecheck.commands.common import read_inputs
from citecheck.exitcodes import ExitCode
from citecheck.outputs import write_atomic

LISTING_FORMATS = ("table", "json")


def register(commands: argparse._SubParsersAction) -> dict[str, Callable]:
    from citecheck.cli import add_check_options, command_parser

    parser = command_parser(
        commands,
        "refs",
        description="List the references read from the inputs, as a table or JSON, "
        "without checking them. All of check's flags are accepted: the network ones "
        "apply only to fetching a live wiki page given as input, the others are ignored.",
    )
    add_check_options(parser)
    out = parser.add_argument_group("output")
    out.add_argument(
        "--format",
        default="table",
        choices=LISTING_FORMATS,
        help="table (default) or json (a references.json document)",
    )
    out.add_argument("--output", metavar="PATH", help="write to PATH instead of stdout")
    out.add_argument("--quiet", "-q", action="store_true", help="accepted, as for check")
    return {"refs": run}


def run(args: argparse.Namespace) -> ExitCode:
    from citecheck.sources.listing import listing_json, listing_table

    loaded = read_inputs(args)
    if args.format == "json":
        source = " ".join(args.inputs)
        text = listing_json(loaded.references, loaded.problems, source=source)
    else:
        width = os.get_terminal_size().columns if sys.stdout.isatty() else 120
        text = listing_table(loaded.references, loaded.problems, width=width)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return ExitCode.OK
