"""Every option of the command line and the config file, each defined once.

An entry gives the option's flag (``--`` + its key), its config key, the kind of its
values (parsing and checking, :mod:`citecheck.cli.values`), its default, its help, the
commands that take it and the :class:`~citecheck.options.CheckOptions` field it sets.
From this table come the argparse flags (:mod:`citecheck.cli.flags`), the config file's
keys and their checking (:mod:`citecheck.cli.settings`) and ``citecheck config show``.

Adding an option is one entry here, plus the code that uses its value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from citecheck.cli import values as v
from citecheck.models import DEFAULT_FAIL_ON
from citecheck.options import (
    DEFAULT_ARCHIVE_URL,
    DEFAULT_CANARIES,
    DEFAULT_CONCURRENCY,
    DEFAULT_HOST_INTERVAL,
    DEFAULT_PER_HOST,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    DEFAULT_TOTAL_TIMEOUT,
    DEFAULT_USER_AGENT,
    usable_cores,
)

# The commands that read references and take the options of a check.
CHECKING = frozenset({"check", "fix", "audit", "baseline", "refs"})
# Those that write a report in --format's formats.
REPORTING = frozenset({"check", "audit"})

# Help groups, in the order `--help` shows them (options without one come first).
NETWORK, ARCHIVE, GATING = "network", "archive", "gating"
SCALE, DUMPS = "wiki scale", "MediaWiki dumps (INPUT *.xml, *.xml.bz2)"
HISTORY, AUDIT, CHANGES, OUTPUT = "history database", "audit", "change report", "output"


@dataclass(frozen=True)
class Option:
    key: str  # the config key; the flag is --KEY and the argparse dest KEY in snake_case
    kind: v.Kind
    help: str
    # The commands that take the flag (none: a config key only).
    commands: frozenset[str] = CHECKING
    default: Any = None  # the effective default (None: the code using it decides)
    # Shown after the help as "(default ...)"; a function when it needs a slow import.
    default_help: str | Callable[[], str] | None = None
    field: str | None = None  # the CheckOptions field the value sets...
    to_field: Callable[[Any], Any] = lambda value: value  # ...as this function of it
    group: str | None = None
    short: str | None = None  # e.g. -q
    metavar: str | None = None
    repeatable: bool = False  # action="append"
    # Written bare (no value), the flag means this value (argparse's nargs="?").
    bare: str | None = None
    # False for options that say what one run does or reads (--output, --wiki): a file
    # of settings has no use for them, so they are flags only.
    in_config: bool = True

    @property
    def flag(self) -> str:
        return f"--{self.key}"

    @property
    def dest(self) -> str:
        return self.key.replace("-", "_")

    def default_text(self) -> str | None:
        return self.default_help() if callable(self.default_help) else self.default_help


def _audit_default(name: str) -> Callable[[], str]:
    """The audit's defaults, read only when its help is shown (`check` never loads it)."""

    def text() -> str:
        from citecheck.audit import rules

        return str(getattr(rules, name))

    return text


def _chunk_size() -> str:
    from citecheck.distributed.partition import DEFAULT_CHUNK_SIZE

    return str(DEFAULT_CHUNK_SIZE)


def _not(value: Any) -> bool:
    return not value


OPTIONS: tuple[Option, ...] = (
    Option("wiki", v.WIKI_PAGE, "a live Wikipedia page to check, e.g. en:Title (repeatable)",
           metavar="LANG:TITLE", repeatable=True, in_config=False),
    Option("input-format", v.INPUT_FORMAT,
           "json, wikitext, bibtex, csl-json, markdown, html or txt",
           default_help="by file extension, then content"),
    Option("config", v.PATH, "config file", commands=CHECKING | {"config"}, metavar="PATH",
           default_help="citecheck.toml or pyproject.toml found from the current directory up",
           in_config=False),
    Option("verbose", v.SWITCH, "log every request sent (URL, outcome, size, time) to stderr",
           default=False, short="-v"),
    # network
    Option("concurrency", v.POSITIVE_INT, "requests in flight overall",
           default=DEFAULT_CONCURRENCY, default_help=str(DEFAULT_CONCURRENCY),
           field="concurrency", group=NETWORK),
    Option("per-host", v.POSITIVE_INT, "requests in flight per host",
           default=DEFAULT_PER_HOST, default_help=str(DEFAULT_PER_HOST), field="per_host",
           group=NETWORK),
    Option("host-interval", v.number(0, inclusive=True),
           "minimum seconds between two requests to one host", default=DEFAULT_HOST_INTERVAL,
           default_help=str(DEFAULT_HOST_INTERVAL), field="host_interval", group=NETWORK,
           metavar="SECONDS"),
    Option("timeout", v.number(0, inclusive=False), "seconds per request (connect/read timeout)",
           default=DEFAULT_TIMEOUT, default_help=str(DEFAULT_TIMEOUT), field="timeout",
           group=NETWORK, metavar="SECONDS"),
    Option("total-timeout", v.number(0, inclusive=False),
           "deadline in seconds for one URL, redirects and retries included",
           default=DEFAULT_TOTAL_TIMEOUT, default_help=str(DEFAULT_TOTAL_TIMEOUT),
           field="total_timeout", group=NETWORK, metavar="SECONDS"),
    Option("retries", v.NON_NEGATIVE_INT, "retries of transient failures",
           default=DEFAULT_RETRIES, default_help=str(DEFAULT_RETRIES), field="retries",
           group=NETWORK),
    Option("user-agent", v.TEXT, "User-Agent header", default=DEFAULT_USER_AGENT,
           default_help="names citecheck", field="user_agent", group=NETWORK),
    Option("ca-cert", v.PATH,
           "PEM bundle of CAs to verify TLS with (wins over REQUESTS_CA_BUNDLE etc.)",
           field="ca_cert", group=NETWORK, metavar="PEM"),
    Option("insecure", v.SWITCH, "do not verify TLS certificates (not recommended)",
           default=False, field="insecure", group=NETWORK),
    Option("resolve", v.RESOLVE_PINS,
           "pin HOST to ADDR like curl (repeatable); lifts the address guard", default=(),
           field="resolve", to_field=tuple, group=NETWORK, metavar="HOST[:PORT]:ADDR",
           repeatable=True),
    Option("allow-private", v.SWITCH, "allow private, loopback and link-local addresses",
           default=False, field="allow_private", group=NETWORK),
    # The library runs in its caller's process unless asked (CheckOptions.workers = 1);
    # the command line uses the cores it may run on.
    Option("workers", v.POSITIVE_INT,
           "worker processes, sites split between them (1: this process alone)",
           default=usable_cores(), default_help=f"the usable cores, {usable_cores()} here",
           field="workers", group=NETWORK, metavar="N"),
    Option("canary", v.URLS,
           "URL to probe when nothing answers, to tell offline from dead (repeatable)",
           default=DEFAULT_CANARIES, field="canaries", to_field=tuple, group=NETWORK,
           metavar="URL", repeatable=True),
    # archive
    Option("archive-url", v.BASE_URL, "Wayback-compatible archive", default=DEFAULT_ARCHIVE_URL,
           default_help=DEFAULT_ARCHIVE_URL, field="archive_url", group=ARCHIVE,
           metavar="BASE"),
    Option("no-archive", v.SWITCH, "do not look up or verify archived copies", default=False,
           field="archive", to_field=_not, group=ARCHIVE),
    Option("save-missing", v.SWITCH,
           "ask the Wayback Machine to save live pages that have no capture", default=False,
           field="save_missing", group=ARCHIVE),
    Option("no-probe", v.SWITCH, "do not probe a random URL per site for soft-404 detection",
           default=False, field="probe_soft_404", to_field=_not, group=ARCHIVE),
    Option("no-find-moved", v.SWITCH,
           "do not look for the new address of dead pages (archive redirect captures, the "
           "site's sitemaps and feed)", default=False, field="find_moved", to_field=_not,
           group=ARCHIVE),
    # gating
    Option("max-failures", v.NON_NEGATIVE_INT, "fail only when more than N references fail",
           default=0, default_help="0", group=GATING, metavar="N"),
    Option("baseline", v.PATH,
           "JSON file of known failures (from `citecheck baseline update`) that do not fail",
           group=GATING, metavar="FILE"),
    Option("fail-on", v.VERDICTS,
           "verdicts that fail the run; dead-archived: also dead links whose cited archive "
           "copy works", default=DEFAULT_FAIL_ON, default_help="dead,mismatch,invalid",
           field="fail_on", group=GATING, metavar="VERDICTS"),
    Option("fail-on-archive", v.ARCHIVE_STATUSES, "archive statuses that fail the run",
           default=frozenset(), default_help="none; bare: broken,mismatch,missing",
           field="fail_on_archive", group=GATING, metavar="STATUSES",
           bare="broken,mismatch,missing"),
    # wiki scale
    Option("executor", v.choice("local", "dask"),
           "where checks run: this process (default) or a Dask cluster", group=SCALE),
    Option("scheduler", v.TEXT, "Dask scheduler address to use with --executor dask "
           "(e.g. tcp://127.0.0.1:8786)", default_help="a local cluster, one worker per core",
           group=SCALE, metavar="ADDRESS"),
    Option("chunk-size", v.POSITIVE_INT, "references per Dask task", default_help=_chunk_size,
           group=SCALE, metavar="N"),
    Option("namespaces", v.TEXT, "dump namespaces to read, e.g. 0,14, or 'all'",
           default_help="0", group=DUMPS, metavar="LIST"),
    Option("title", v.TEXT, "read only pages whose title matches this glob, or re:REGEX "
           "(repeatable)", group=DUMPS, metavar="PATTERN", repeatable=True, in_config=False),
    Option("page-limit", v.POSITIVE_INT, "read at most N pages that pass the filters",
           group=DUMPS, metavar="N", in_config=False),
    Option("shard", v.TEXT, "read only shard I of N (0 <= I < N; pages split by a hash of "
           "their title): one audit per shard keeps each run's memory bounded",
           group=DUMPS, metavar="I/N", in_config=False),
    Option("dump-index", v.TEXT, "multistream index", default_help="found beside the dump",
           group=DUMPS, metavar="PATH", in_config=False),
    # audit and history
    Option("db", v.DATABASE, "history database: a SQLite file or a postgresql:// URL",
           commands=frozenset({"audit", "history"}), default_help="the user data dir",
           group=HISTORY, metavar="PATH|URL"),
    Option("max-age", v.DURATION,
           "reuse a reference's OK result younger than this instead of re-checking "
           "(e.g. 20h for a nightly audit, 0 to check everything)",
           commands=frozenset({"audit"}), default_help="1d", group=AUDIT, metavar="DURATION"),
    Option("confirm-checks", v.POSITIVE_INT,
           "failed checks before a transient failure is dead",
           commands=frozenset({"audit"}), default_help=_audit_default("DEFAULT_CONFIRM_CHECKS"),
           group=AUDIT, metavar="N"),
    Option("confirm-days", v.DURATION,
           "...spread over at least this long (a bare number is days, or e.g. 36h)",
           commands=frozenset({"audit"}), default_help=_audit_default("DEFAULT_CONFIRM_DAYS"),
           group=AUDIT, metavar="DAYS"),
    Option("changes-format", v.choice("table", "markdown", "json"),
           "format of the change report", commands=frozenset({"audit"}),
           default_help="table", group=CHANGES),
    Option("changes-output", v.PATH, "write the change report here",
           commands=frozenset({"audit"}), default_help="standard output", group=CHANGES,
           metavar="PATH"),
    # fix
    Option("archive-live", v.SWITCH, "also add archive links to citations whose link is live",
           commands=frozenset({"fix"}), default=False),
    Option("repair-archives", v.SWITCH,
           "replace a broken cited archive URL with a verified capture",
           commands=frozenset({"fix"}), default=False),
    Option("update-moved", v.SWITCH, "replace a dead URL with the new address found for its "
           "page (link.moved_to), keeping an archive of the old URL",
           commands=frozenset({"fix"}), default=False),
    # output
    Option("format", v.FORMATS, f"one or a comma list of: {', '.join(v.REPORT_FORMATS)}; "
           "repeatable", commands=REPORTING, default=("table",),
           default_help="table, or what each --output's extension says: .json .csv .md "
           ".xml .sarif .html", group=OUTPUT, repeatable=True),
    Option("output", v.TEXT, "file for each format, in --format order (repeatable)",
           commands=REPORTING, group=OUTPUT, metavar="PATH", repeatable=True,
           in_config=False),
    Option("show", v.choice("problems", "all"), "table rows: the references that failed or "
           "need a look (problems) or all of them", commands=REPORTING, default="problems",
           default_help="problems", group=OUTPUT),
    Option("quiet", v.SWITCH, "no progress bar and no summary on stderr (what fix changed is "
           "still printed)", default=False, short="-q", group=OUTPUT),
    # config file only: tables and lists that read better in a file than as flags
    Option("ignore", v.PATTERNS, "URL globs (or re:regexes) not to check",
           commands=frozenset(), default=()),
    Option("accept-status", v.ACCEPT_STATUS, "HTTP statuses that are normal for a host",
           commands=frozenset(), default={}),
)

# The options that are config keys, by key.
KEYS: dict[str, Option] = {o.key: o for o in OPTIONS if o.in_config}
