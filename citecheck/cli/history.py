"""`citecheck history`: one URL's check history, or export or prune the history database."""

from __future__ import annotations

import argparse
import sys

from citecheck.audit.timeline import render_timeline, timeline_json, url_timeline
from citecheck.cli.audit import confirmation_rules
from citecheck.cli.common import settings_from_args
from citecheck.cli.flags import add_options
from citecheck.cli.outputs import write_text
from citecheck.cli.values import parse_duration
from citecheck.errors import ConfigError
from citecheck.exitcodes import ExitCode
from citecheck.store.backend import history_exists, open_history
from citecheck.store.clock import Clock, SystemClock
from citecheck.store.db import default_db_path
from citecheck.store.errors import StoreError
from citecheck.store.export import WRITERS
from citecheck.text import plural


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", nargs="?", metavar="URL", help="show this URL's timeline")
    add_options(parser, "history")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--export", choices=sorted(WRITERS),
                        help="dump every check in the database")
    action.add_argument("--prune", type=parse_duration, metavar="DAYS",
                        help="delete checks older than DAYS (keeping what confirmation and "
                        "the next change report need)")
    parser.add_argument("--format", dest="history_format", choices=("table", "json"),
                        default="table", help="format of a URL's timeline (default table)")
    parser.add_argument("--output", metavar="PATH", default=None,
                        help="write to PATH instead of stdout")


def run(args: argparse.Namespace, *, clock: Clock | None = None) -> ExitCode:
    """`citecheck history`: one URL's timeline, ``--export`` or ``--prune``."""
    chosen = [x for x in (args.url, args.export, args.prune) if x is not None]
    if len(chosen) != 1:
        raise ConfigError("history: give exactly one of URL, --export FORMAT, --prune DAYS")
    clock = clock or SystemClock()
    settings = settings_from_args(args)  # the config may name the database and the rules
    path = args.db if args.db is not None else default_db_path()
    if not history_exists(path):  # a query must not leave an empty database behind
        raise StoreError(f"no history database at {path} (run `citecheck audit` first)")
    with open_history(path) as store:
        if args.export is not None:
            write_text(lambda out: WRITERS[args.export](store, out), args.output)
        elif args.prune is not None:
            deleted = store.prune(clock.now() - args.prune)
            print(f"deleted {plural(deleted, 'check')} from {store.path}", file=sys.stderr)
        else:
            rules = confirmation_rules(settings["confirm-checks"], settings["confirm-days"])
            timeline = url_timeline(store, args.url, clock, rules)
            render = timeline_json if args.history_format == "json" else render_timeline
            write_text(render(timeline), args.output)
    return ExitCode.OK
