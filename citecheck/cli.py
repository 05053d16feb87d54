"""The command line: parse, call the library, write the formats, map to an exit code.

The library knows nothing of the command line; defaults live in
`citecheck.options` and are only referred to here.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn

from citecheck import options as defaults
from citecheck._version import __version__
from citecheck.errors import CitecheckError, ConfigError, InputError, OutputError
from citecheck.exitcodes import ExitCode
from citecheck.models import ArchiveStatus, FailOn, GateKind, Verdict
from citecheck.net.resolver import parse_resolve_pin
from citecheck.options import CheckOptions

ISSUES_URL = "https://github.com/citecheck/citecheck/issues"
DEFAULT_FAIL_ON_ARCHIVE = "broken,mismatch,missing"
FORMAT_NAMES = ("table", "json", "csv", "markdown", "junit", "sarif", "html")
SHOW_CHOICES = ("problems", "all")


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line and where to read more, not the whole usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(int(ExitCode.USAGE), f"{self.prog}: error: {message} "
                  f"(see `{self.prog} --help`)\n")


@dataclass(frozen=True)
class Command:
    module: str  # defines register(subparsers) -> {command name: handler}
    summary: str


# In the order `--help` lists them; commands of one module are listed together.
COMMANDS: dict[str, Command] = {
    "check": Command("citecheck.commands.check", "check references and report"),
    "fix": Command(
        "citecheck.commands.fix",
        "write archive links and url-status back into references.json and wikitext",
    ),
    "refs": Command(
        "citecheck.commands.refs", "list the references read from the inputs, checking nothing"
    ),
    "baseline": Command("citecheck.commands.baseline", "manage the file of known failures"),
    "config": Command("citecheck.commands.config_show", "show the effective configuration"),
    "audit": Command(
        "citecheck.audit.cli_commands",
        "scheduled check with history: confirm failures, report what changed",
    ),
    "history": Command(
        "citecheck.audit.cli_commands",
        "show one URL's check history, export or prune the history database",
    ),
}


def _verdicts(text: str) -> FailOn:
    from citecheck.gating import parse_verdicts

    try:
        return parse_verdicts(text)
    except ConfigError:
        known = ", ".join(v.value for v in (*Verdict, *GateKind))
        raise argparse.ArgumentTypeError(f"expected verdicts from: {known}") from None


def _archive_statuses(text: str) -> frozenset[ArchiveStatus]:
    if text.strip().lower() in ("", "none"):
        return frozenset()
    try:
        return frozenset(ArchiveStatus(part.strip().lower()) for part in text.split(","))
    except ValueError:
        known = ", ".join(s.value for s in ArchiveStatus)
        raise argparse.ArgumentTypeError(f"expected archive statuses from: {known}") from None


def _number(text: str, kind: type[int] | type[float]) -> int | float:
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected {'a whole number' if kind is int else 'a number'}, got {text!r}"
        ) from None


def _whole_number(text: str) -> int:
    return int(_number(text, int))


def _positive_int(text: str) -> int:
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _non_negative_float(text: str) -> float:
    value = float(_number(text, float))
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def _wiki_page(text: str) -> str:
    from citecheck.sources.mediawiki import parse_page_spec

    try:
        parse_page_spec(text)
    except InputError:
        raise argparse.ArgumentTypeError(
            f"expected LANG:TITLE (e.g. en:Climate change) or a page URL "
            f"(https://en.wikipedia.org/wiki/Title), got {text!r}"
        ) from None
    return text


def _pin(text: str):  # -> ResolvePin
    try:
        return parse_resolve_pin(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_check_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that checks references (check, fix, audit)."""
    parser.add_argument(
        "inputs", nargs="*", metavar="INPUT",
        help="input files ('-' for stdin) or live wiki pages (https://en.wikipedia.org/wiki/T)",
    )
    parser.add_argument("--wiki", action="append", metavar="LANG:TITLE", type=_wiki_page,
                        help="a live Wikipedia page to check, e.g. en:Title (repeatable)")
    parser.add_argument("--input-format",
                        help="json, wikitext, bibtex, csl-json, markdown, html or txt "
                        "(default: by file extension, then content)")
    parser.add_argument("--config", metavar="PATH",
                        help="config file (default: citecheck.toml or pyproject.toml found "
                        "from the current directory up)")
    parser.add_argument("--verbose", "-v", action="store_true", default=None,
                        help="log every request sent (URL, outcome, size, time) to stderr")
    net = parser.add_argument_group("network")
    net.add_argument("--concurrency", type=_positive_int,
                     help=f"requests in flight overall (default {defaults.DEFAULT_CONCURRENCY})")
    net.add_argument("--per-host", type=_positive_int,
                     help=f"requests in flight per host (default {defaults.DEFAULT_PER_HOST})")
    net.add_argument("--host-interval", type=_non_negative_float, metavar="SECONDS",
                     help="minimum seconds between two requests to one host "
                     f"(default {defaults.DEFAULT_HOST_INTERVAL})")
    net.add_argument("--timeout", type=_non_negative_float, metavar="SECONDS",
                     help=f"connect/read timeout (default {defaults.DEFAULT_TIMEOUT})")
    net.add_argument("--total-timeout", type=_non_negative_float, metavar="SECONDS",
                     help="deadline for one URL, redirects and retries included "
                     f"(default {defaults.DEFAULT_TOTAL_TIMEOUT})")
    net.add_argument("--retries", type=_whole_number,
                     help=f"retries of transient failures (default {defaults.DEFAULT_RETRIES})")
    net.add_argument("--user-agent", help="User-Agent header (default names citecheck)")
    net.add_argument("--ca-cert", metavar="PEM",
                     help="CA bundle to verify TLS with (wins over REQUESTS_CA_BUNDLE etc.)")
    net.add_argument("--insecure", action="store_true", default=None,
                     help="do not verify TLS certificates (not recommended)")
    net.add_argument("--resolve", action="append", type=_pin, metavar="HOST[:PORT]:ADDR",
                     help="pin HOST to ADDR like curl (repeatable); lifts the address guard")
    net.add_argument("--allow-private", action="store_true", default=None,
                     help="allow private, loopback and link-local addresses")
    net.add_argument("--workers", type=_positive_int, metavar="N",
                     help="worker processes, sites split between them (default: the usable "
                     f"cores, {defaults.usable_cores()} here; 1: this process alone)")
    net.add_argument("--canary", action="append", metavar="URL",
                     help="URL to probe when nothing answers, to tell offline from dead")
    arch = parser.add_argument_group("archive")
    arch.add_argument("--archive-url", metavar="BASE",
                      help=f"Wayback-compatible archive (default {defaults.DEFAULT_ARCHIVE_URL})")
    arch.add_argument("--no-archive", action="store_true", default=None,
                      help="do not look up or verify archived copies")
    arch.add_argument("--save-missing", action="store_true", default=None,
                      help="ask the Wayback Machine to save live pages that have no capture")
    arch.add_argument("--no-probe", action="store_true", default=None,
                      help="do not probe a random URL per site for soft-404 detection")
    arch.add_argument("--no-find-moved", action="store_true", default=None,
                      help="do not look for the new address of dead pages (archive redirect "
                      "captures, the site's sitemaps and feed)")
    gate = parser.add_argument_group("gating")
    gate.add_argument("--max-failures", type=_whole_number, metavar="N",
                      help="fail only when more than N references fail (default 0)")
    gate.add_argument("--baseline", metavar="FILE",
                      help="known failures (from `citecheck baseline update`) that do not fail")
    gate.add_argument("--fail-on", type=_verdicts, metavar="VERDICTS",
                      help="verdicts that fail the run (default dead,mismatch,invalid); "
                      "dead-archived: also dead links whose cited archive copy works")
    gate.add_argument("--fail-on-archive", type=_archive_statuses, nargs="?",
                      const=_archive_statuses(DEFAULT_FAIL_ON_ARCHIVE), metavar="STATUSES",
                      help=f"archive statuses that fail the run (bare: {DEFAULT_FAIL_ON_ARCHIVE})")
    # Wiki-scale runs: --executor/--scheduler/--chunk-size and the dump filters.
    from citecheck.distributed.commandline import add_scale_options

    add_scale_options(parser)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    out = parser.add_argument_group("output")
    out.add_argument("--format", action="append", default=None,
                     help=f"one or a comma list of: {', '.join(FORMAT_NAMES)}; repeatable "
                     "(default table, or what each --output's extension says: .json .csv .md "
                     ".xml .sarif .html)")
    out.add_argument("--output", action="append", default=[], metavar="PATH",
                     help="file for each format, in --format order (repeatable)")
    out.add_argument("--show", type=str.lower, choices=SHOW_CHOICES, default=None,
                     help="table rows: the references that failed or need a look (problems, "
                     "the default) or all of them")
    out.add_argument("--quiet", "-q", action="store_true", default=None,
                     help="no progress bar and no summary on stderr")


def options_from_args(args: argparse.Namespace) -> CheckOptions:
    """CheckOptions from the parsed flags; unset flags keep the library's defaults."""
    values: dict[str, object] = {}
    simple = ("concurrency", "per_host", "host_interval", "timeout", "total_timeout",
              "retries", "user_agent", "ca_cert", "insecure", "allow_private",
              "archive_url", "save_missing", "fail_on", "fail_on_archive", "workers")
    for name in simple:
        value = getattr(args, name, None)
        if value is not None:
            values[name] = value
    if args.canary:
        values["canaries"] = tuple(args.canary)
    if args.no_archive:
        values["archive"] = False
    if args.no_probe:
        values["probe_soft_404"] = False
    if getattr(args, "no_find_moved", None):
        values["find_moved"] = False
    if values.get("retries") is not None and int(values["retries"]) < 0:  # type: ignore[call-overload]
        raise ConfigError("--retries must not be negative")
    return CheckOptions(**values)  # type: ignore[arg-type]


def build_parser(
    argv: Sequence[str] | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, Callable]]:
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
    handlers: dict[str, Callable] = {}
    for name, command in COMMANDS.items():
        if name in handlers:
            continue  # registered with another command of its module
        if argv is None or (selected is not None and command.module == COMMANDS[selected].module):
            module = importlib.import_module(command.module)
            handlers.update(module.register(commands))
        else:
            commands.add_parser(name, help=command.summary)
    return parser, handlers


def command_parser(
    commands: argparse._SubParsersAction, name: str, *, description: str | None = None
) -> argparse.ArgumentParser:
    """The subparser of command ``name``, with its summary from :data:`COMMANDS`."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=COMMANDS[name].summary, description=description
    )
    return parser


def _named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs: its first word that is not an option (the options
    before a command take no values), if that word is a command."""
    for token in argv:
        if not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


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


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _bare_flags_before_inputs(argv: Sequence[str]) -> list[str]:
    """``--fail-on-archive`` takes an optional value; written bare before an input
    (``--fail-on-archive refs.json``) argparse would take the input for its value.
    A following word that is not a list of archive statuses is left to be an input."""
    out = list(argv)
    for i, token in enumerate(out[:-1]):
        following = out[i + 1]
        if token != "--fail-on-archive" or following.startswith("-"):
            continue
        try:
            _archive_statuses(following)
        except argparse.ArgumentTypeError:
            out[i] = "--fail-on-archive=" + DEFAULT_FAIL_ON_ARCHIVE
    return out


def _debug_first(argv: Sequence[str]) -> list[str]:
    """``--debug`` is an option of citecheck itself, but people add it where they are,
    after the command (``citecheck check refs.json --debug``): move it in front."""
    if "--debug" not in argv or "--" in argv:
        return list(argv)
    return ["--debug", *(a for a in argv if a != "--debug")]


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _bare_flags_before_inputs(_debug_first(sys.argv[1:] if argv is None else argv))
    parser, handlers = build_parser(arguments)
    args = parser.parse_args(arguments)
    if getattr(args, "verbose", False):
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


def _dispatch(handlers: dict[str, Callable], args: argparse.Namespace) -> int:
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
