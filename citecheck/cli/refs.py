"""`citecheck refs INPUT...`: list the references the readers find; nothing is checked.

Takes the same input flags as ``check`` (so a ``check`` command line can be turned
into ``refs`` to see what it would check) and sends no request to any cited or
archive URL: the only fetch is of a live wiki page's text named as input.
"""

from __future__ import annotations

import argparse
import os
import sys

from citecheck.cli.common import read_inputs
from citecheck.cli.flags import add_inputs, add_options
from citecheck.cli.outputs import write_text
from citecheck.cli.table import OUTPUT
from citecheck.exitcodes import ExitCode

LISTING_FORMATS = ("table", "json")
DESCRIPTION = (
    "List the references read from the inputs, as a table or JSON, without checking "
    "them. All of check's flags are accepted: the network ones apply only to fetching a "
    "live wiki page given as input, the others are ignored."
)


def configure(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser)
    # --quiet (accepted, as for check) opens the output group.
    out = add_options(parser, "refs")[OUTPUT]
    out.add_argument(
        "--format",
        default="table",
        choices=LISTING_FORMATS,
        help="table (default) or json (a references.json document)",
    )
    out.add_argument("--output", metavar="PATH", help="write to PATH instead of stdout")


def run(args: argparse.Namespace) -> ExitCode:
    from citecheck.sources.listing import listing_json, listing_table

    loaded = read_inputs(args)
    if args.format == "json":
        source = " ".join(args.inputs)
        text = listing_json(loaded.references, loaded.problems, source=source)
    else:
        width = os.get_terminal_size().columns if sys.stdout.isatty() else 120
        text = listing_table(loaded.references, loaded.problems, width=width)
    write_text(text, args.output)
    return ExitCode.OK
