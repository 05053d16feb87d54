"""The command line: parse, call the library, write the formats, map to an exit code.

The library knows nothing of the command line. Each command is a module of this
package with ``configure(parser)`` (its flags, mostly from the option table), ``run(args)``
and optionally a ``DESCRIPTION``; this module imports only the one the command line
names. Nothing in the package imports this module back.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn

from citecheck._version import __version__
from citecheck.cli.flags import bare_flags_before_inputs
from citecheck.errors import CitecheckError, ConfigError, InputError, OutputError
from citecheck.exitcodes import ExitCode
from citecheck.heap import own_process

ISSUES_URL = "https://github.com/citecheck/citecheck/issues"

# Each command's module and summary, in the order `--help` lists them (the summary is
# here so that `--help` need not import every command).
@dataclass(frozen=True)
class Command:
    module: str  # defines configure(parser) and run(args)
    summary: str


COMMANDS: dict[str, Command] = {
    "check": Command("citecheck.cli.check", "check references and report"),
    "fix": Command(
        "citecheck.cli.fix",
        "write archive links and url-status back into references.json and wikitext",
    ),
    "refs": Command(
        "citecheck.cli.refs", "list the references read from the inputs, checking nothing"
    ),
    "baseline": Command("citecheck.cli.baseline", "manage the file of known failures"),
    "config": Command("citecheck.cli.config", "show the effective configuration"),
    "audit": Command(
        "citecheck.cli.audit",
        "scheduled check with history: confirm failures, report what changed",
    ),
    "history": Command(
        "citecheck.cli.history",
        "show one URL's check history, export or prune the history database",
    ),
}

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line and where to read more, not the whole usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(int(ExitCode.USAGE), f"{self.prog}: error: {message} "
                  f"(see `{self.prog} --help`)\n")


def build_parser(
    argv: Sequence[str] | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    """The parser and each command's handler.

    Given the command line, only the module of the command it names is imported;
    the others get a placeholder parser that shows in ``--help`` (``check`` then
    never loads the audit, history-store and Dask code). Without it, every
    command is registered in full.
    """
    parser = _Parser(
        prog="citecheck",
        description="Verify web citations: live links, archived copies and cited titles.",
    )
    parser.add_argument("--version", action="version", version=f"citecheck {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    selected = None if argv is None else _named_command(argv)
    handlers: dict[str, Handler] = {}
    for name, command in COMMANDS.items():
        if argv is not None and name != selected:
            commands.add_parser(name, help=command.summary)
            continue
        module = importlib.import_module(command.module)
        sub = commands.add_parser(name, help=command.summary,
                                  description=getattr(module, "DESCRIPTION", None))
        module.configure(sub)
        handlers[name] = module.run
    return parser, handlers


def _named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs: its first word that is not an option (the options
    before a command take no values), if that word is a command."""
    for token in argv:
        if not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _debug_first(argv: Sequence[str]) -> list[str]:
    """``--debug`` is an option of citecheck itself, but people add it where they are,
    after the command (``citecheck check refs.json --debug``): move it in front."""
    if "--debug" not in argv or "--" in argv:
        return list(argv)
    return ["--debug", *(a for a in argv if a != "--debug")]


def program() -> int:
    """The ``citecheck`` program (console script, ``python -m citecheck``): ``main`` in
    a process that exists for it alone, whose garbage collector a run may tune."""
    own_process()
    return main()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = bare_flags_before_inputs(_debug_first(sys.argv[1:] if argv is None else argv))
    parser, handlers = build_parser(arguments)
    args = parser.parse_args(arguments)
    if getattr(args, "verbose", False):
        from citecheck.cli.common import log_requests_to_stderr

        log_requests_to_stderr()
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (a CI runner cancelling the job) stops the run like Ctrl-C:
        # in-flight work is cut short and the partial report is still written.
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    else:
        previous = None
    try:
        return _dispatch(handlers, args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _dispatch(handlers: dict[str, Handler], args: argparse.Namespace) -> int:
    try:
        return int(handlers[args.command](args))
    except ConfigError as exc:
        print(f"citecheck: error: {exc} (see `citecheck {args.command} --help`)",
              file=sys.stderr)
        return int(ExitCode.USAGE)
    except (InputError, OutputError) as exc:
        print(f"citecheck: error: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except CitecheckError as exc:
        print(f"citecheck: error: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        print("citecheck: interrupted", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        # The reader of our output went away (`citecheck ... | head`): not an error of ours.
        # Point stdout at /dev/null so the interpreter's final flush does not fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(ExitCode.OK)
    except Exception as exc:  # a bug: say so, and how to report it
        print(
            f"citecheck: internal error: {type(exc).__name__}: {exc}\n"
            f"This is a bug in citecheck {__version__}; please report it at {ISSUES_URL} "
            "with the command you ran (rerun with --debug for the traceback).",
            file=sys.stderr,
        )
        if args.debug:
            traceback.print_exc()
        return int(ExitCode.INTERNAL)


if __name__ == "__main__":
    sys.exit(main())
