"""Configuration files: ``citecheck.toml`` or ``[tool.citecheck]`` in ``pyproject.toml``.

Keys are the CLI's long option names (``per-host``, ``fail-on``…), so a setting reads the
same in a file and on a command line. Values are validated on load and every error names
the file and the key. The command line overrides the file, which overrides the defaults
in :mod:`citecheck.options`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from citecheck.errors import ConfigError
from citecheck.gating import (
    Baseline,
    GateOptions,
    IgnoreRules,
    load_baseline,
    parse_archive_statuses,
    parse_verdicts,
)
from citecheck.gating.rules import compile_rule
from citecheck.models import DEFAULT_FAIL_ON, ArchiveStatus, FailOn, GateKind, Verdict
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
    CheckOptions,
    ResolvePin,
    usable_cores,
)

CONFIG_FILE = "citecheck.toml"
PYPROJECT = "pyproject.toml"
# The formats of the CLI contract (DESIGN.md); the format registry must offer each.
FORMATS = ("table", "json", "csv", "markdown", "junit", "sarif", "html")

Converter = Callable[[Any, str, Path], Any]


# -- value converters: (raw value, key, directory of the config file) -> normalised value --

def _type_error(key: str, expected: str, value: Any) -> ConfigError:
    return ConfigError(f"{key}: expected {expected}, got {json.dumps(value, default=str)}")


def _int(minimum: int) -> Converter:
    def convert(value: Any, key: str, _: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _type_error(key, "an integer", value)
        if value < minimum:
            raise ConfigError(f"{key}: must be at least {minimum}, got {value}")
        return value

    return convert


def _number(minimum: float, inclusive: bool) -> Converter:
    def convert(value: Any, key: str, _: Path) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _type_error(key, "a number", value)
        if not math.isfinite(value) or value < minimum or (not inclusive and value == minimum):
            bound = "at least" if inclusive else "more than"
            raise ConfigError(f"{key}: must be {bound} {minimum:g}, got {value}")
        return float(value)

    return convert


def _bool(value: Any, key: str, _: Path) -> bool:
    if not isinstance(value, bool):
        raise _type_error(key, "true or false", value)
    return value


def _string(value: Any, key: str, _: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _type_error(key, "a non-empty string", value)
    return value


def _strings(value: Any, key: str) -> list[str]:
    """A list of strings, or one comma-separated string as on the command line."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise _type_error(key, "a list of strings", value)
    return list(value)


def _http_url(value: Any, key: str, base: Path) -> str:
    url = _string(value, key, base)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{key}: expected an http(s) URL, got {url!r}")
    return url


def _base_url(value: Any, key: str, base: Path) -> str:
    return _http_url(value, key, base).rstrip("/")


def _path(value: Any, key: str, base: Path) -> str:
    """Paths in a config file are relative to that file, not to the current directory."""
    return str((base / Path(_string(value, key, base)).expanduser()).resolve())


def _verdicts(value: Any, key: str, _: Path) -> FailOn:
    # The CLI hands over sets it already parsed; files hold strings.
    if isinstance(value, set | frozenset) and all(isinstance(v, Verdict | GateKind)
                                                   for v in value):
        return frozenset(value)
    return parse_verdicts(_strings(value, key), option=key)


def _archive_statuses(value: Any, key: str, _: Path) -> frozenset[ArchiveStatus]:
    if isinstance(value, set | frozenset) and all(isinstance(v, ArchiveStatus) for v in value):
        return frozenset(value)
    return parse_archive_statuses(_strings(value, key), option=key)


def _formats(value: Any, key: str, _: Path) -> tuple[str, ...]:
    # Case does not matter; each item may itself be a comma list (`--format json,csv
    # --format html` arrives as ["json,csv", "html"]).
    names = [n.strip().lower() for item in _strings(value, key) for n in item.split(",")
             if n.strip()]
    for name in names:
        if name not in FORMATS:
            raise ConfigError(f"{key}: unknown format {name!r} (choose from {', '.join(FORMATS)})")
    if not names:
        raise ConfigError(f"{key}: needs at least one format")
    return tuple(names)


def _choice(*choices: str) -> Converter:
    def convert(value: Any, key: str, _: Path) -> str:
        if not isinstance(value, str) or value.strip().lower() not in choices:
            raise _type_error(key, " or ".join(repr(c) for c in choices), value)
        return value.strip().lower()

    return convert


def _input_format(value: Any, key: str, _: Path) -> str:
    from citecheck.sources import FORMATS

    return _choice(*FORMATS)(value, key, _)


def _duration(value: Any, key: str, _: Path) -> timedelta:
    """``"20h"``, ``"1d"``, ``"30m"``; a bare number is days (as ``--max-age``)."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return timedelta(days=value)
    if isinstance(value, str):
        from citecheck.audit.cli_commands import parse_duration

        try:
            return parse_duration(value)
        except argparse.ArgumentTypeError as exc:
            raise ConfigError(f"{key}: {exc}") from None
    raise _type_error(key, 'a duration such as "20h" or "3d", or a number of days', value)


def _database(value: Any, key: str, base: Path) -> str | Path:
    """A history database: a ``postgresql://`` URL, or a SQLite file (relative to the
    config file, like every path in it)."""
    from citecheck.store.backend import is_database_url

    text = str(value) if isinstance(value, Path) else _string(value, key, base)
    return text if is_database_url(text) else Path(_path(text, key, base))


def _patterns(value: Any, key: str, _: Path) -> tuple[str, ...]:
    patterns = _strings(value, key) if not isinstance(value, str) else [value]
    for text in patterns:
        compile_rule(text, key)
    return tuple(patterns)


def _urls(value: Any, key: str, base: Path) -> tuple[str, ...]:
    return tuple(_http_url(v, key, base) for v in _strings(value, key))


def _resolve_pins(value: Any, key: str, _: Path) -> tuple[ResolvePin, ...]:
    """``HOST[:PORT]:ADDR`` strings (pins given on the command line arrive parsed)."""
    from citecheck.net.resolver import parse_resolve_pin

    items = [value] if isinstance(value, str | ResolvePin) else value
    if not isinstance(items, list | tuple):
        raise _type_error(key, 'a list of "HOST[:PORT]:ADDR" strings', value)
    pins: list[ResolvePin] = []
    for item in items:
        if isinstance(item, ResolvePin):
            pins.append(item)
            continue
        if not isinstance(item, str):
            raise _type_error(key, 'a list of "HOST[:PORT]:ADDR" strings', value)
        try:
            pins.append(parse_resolve_pin(item))
        except ValueError as exc:
            raise ConfigError(f"{key}: {str(exc).removeprefix('--resolve ')}") from None
    return tuple(pins)


def _accept_status(value: Any, key: str, _: Path) -> dict[str, tuple[int, ...]]:
    if not isinstance(value, dict):
        raise _type_error(key, 'a table of host = [statuses], e.g. {"example.com" = [403]}', value)
    table: dict[str, tuple[int, ...]] = {}
    for host, codes in value.items():
        if isinstance(codes, int) and not isinstance(codes, bool):
            codes = [codes]
        if not isinstance(codes, list) or not all(
            isinstance(c, int) and not isinstance(c, bool) for c in codes
        ):
            raise _type_error(f"{key}.{host}", "a list of HTTP status codes", codes)
        table[host] = tuple(sorted(set(codes)))
    IgnoreRules.parse((), table)  # host names and status ranges
    return dict(sorted(table.items()))


@dataclass(frozen=True)
class Key:
    name: str
    default: Any
    convert: Converter
    help: str


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("concurrency", DEFAULT_CONCURRENCY, _int(1), "requests in flight at once"),
    Key("per-host", DEFAULT_PER_HOST, _int(1), "requests in flight per host"),
    Key("host-interval", DEFAULT_HOST_INTERVAL, _number(0, True),
        "minimum seconds between requests to one host"),
    Key("timeout", DEFAULT_TIMEOUT, _number(0, False), "seconds per request"),
    Key("retries", DEFAULT_RETRIES, _int(0), "retries of transient failures"),
    Key("user-agent", DEFAULT_USER_AGENT, _string, "User-Agent header"),
    Key("fail-on", DEFAULT_FAIL_ON, _verdicts, "verdicts that fail the run"),
    Key("fail-on-archive", frozenset(), _archive_statuses, "archive statuses that fail the run"),
    Key("max-failures", 0, _int(0), "fail only with more failures than this"),
    Key("baseline", None, _path, "JSON file of known failures that do not fail the run"),
    Key("archive-url", DEFAULT_ARCHIVE_URL, _base_url, "Wayback-compatible archive"),
    Key("no-archive", False, _bool, "skip archive lookups"),
    Key("save-missing", False, _bool, "ask the archive to save live pages it lacks"),
    Key("format", ("table",), _formats, "output formats"),
    Key("total-timeout", DEFAULT_TOTAL_TIMEOUT, _number(0, False),
        "seconds for one URL, redirects and retries included"),
    Key("no-probe", False, _bool, "no soft-404 probe of a random URL per site"),
    Key("no-find-moved", False, _bool, "do not look for the new address of dead pages"),
    Key("update-moved", False, _bool, "fix: replace a dead URL with its verified new address"),
    Key("insecure", False, _bool, "do not verify TLS certificates (not recommended)"),
    Key("input-format", None, _input_format, "input format (default: by extension or content)"),
    Key("quiet", False, _bool, "no progress bar and no summary on stderr"),
    Key("verbose", False, _bool, "log every request sent to stderr"),
    Key("archive-live", False, _bool, "fix: also add archive links to live citations"),
    Key("repair-archives", False, _bool, "fix: replace broken cited archive URLs"),
    Key("db", None, _database,
        "audit/history: SQLite file or postgresql:// URL (default: the user data dir)"),
    Key("max-age", None, _duration, "audit: reuse OK results younger than this (default 1d)"),
    Key("confirm-checks", None, _int(1),
        "audit: failed checks before a transient failure is dead (default 3)"),
    Key("confirm-days", None, _duration,
        "audit: ...spread over at least this long (default 3d)"),
    Key("changes-format", None, _choice("table", "markdown", "json"),
        "audit: format of the change report (default table)"),
    Key("changes-output", None, _path, "audit: file for the change report (default stdout)"),
    Key("workers", usable_cores(), _int(1),
        "worker processes for a local run, sites split between them (default: usable cores)"),
    Key("executor", None, _choice("local", "dask"),
        "where checks run: this process (default) or a Dask cluster"),
    Key("scheduler", None, _string, "Dask scheduler address for executor = \"dask\""),
    Key("chunk-size", None, _int(1), "references per Dask task"),
    Key("namespaces", None, _string, "dump namespaces to read, e.g. \"0,14\" or \"all\""),
    Key("show", "problems", _choice("problems", "all"),
        "table rows: the references that failed or need a look, or all"),
    Key("ignore", (), _patterns, "URL globs (or re:regexes) not to check"),
    Key("accept-status", {}, _accept_status, "HTTP statuses that are normal for a host"),
    Key("ca-cert", None, _path, "PEM bundle of CAs to trust"),
    Key("allow-private", False, _bool, "allow private and loopback addresses"),
    Key("canary", DEFAULT_CANARIES, _urls, "URLs probed to tell whether the network works"),
    Key("resolve", (), _resolve_pins,
        "HOST[:PORT]:ADDR pins, like curl's --resolve (lift the address guard for them)"),
)}


def _check_key(name: str, where: str) -> Key:
    key = KEYS.get(name)
    if key is None:
        hint = difflib.get_close_matches(name.replace("_", "-"), KEYS, n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise ConfigError(f"{where}unknown key {name!r}{suggestion}")
    return key


def validate(table: Mapping[str, Any], where: str = "", base: Path | None = None) -> dict[str, Any]:
    """Normalise a table of raw config values; ConfigError names the first bad key."""
    base = base or Path.cwd()
    values: dict[str, Any] = {}
    for name, raw in table.items():
        key = _check_key(name, where)
        try:
            values[name] = key.convert(raw, name, base)
        except ConfigError as exc:
            raise ConfigError(f"{where}{exc}") from None
    return values


@dataclass(frozen=True)
class Config:
    """Validated values from one config file (or none: ``source`` is None)."""

    values: Mapping[str, Any] = field(default_factory=dict)
    source: Path | None = None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read TOML: {exc}") from exc


def _table_of(path: Path, data: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The citecheck table of a parsed file, and how errors should name where it is."""
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        table = tool.get("citecheck") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.citecheck] must be a table")
        return table, f"{path}: [tool.citecheck] "
    return data, f"{path}: "


def load_config(path: str | Path) -> Config:
    """Load one file named explicitly (``--config``): citecheck.toml-style or a pyproject."""
    path = Path(path)
    table, where = _table_of(path, _read_toml(path))
    values = validate(table or {}, where, path.resolve().parent)
    return Config(values, path)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest citecheck.toml, or pyproject.toml with [tool.citecheck], from ``start`` up.

    In one directory citecheck.toml wins; a pyproject.toml without the table is passed by.
    """
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _table_of(pyproject, _read_toml(pyproject))[0] is not None:
            return pyproject
    return None


def discover_config(explicit: str | Path | None = None, start: Path | None = None) -> Config:
    """``--config PATH`` if given, else the nearest config file, else no config."""
    if explicit is not None:
        return load_config(explicit)
    found = find_config(start)
    return load_config(found) if found else Config()


@dataclass(frozen=True)
class Settings:
    """The effective settings of a run, and where each came from (for ``config show``)."""

    values: Mapping[str, Any]
    origins: Mapping[str, str]
    source: Path | None = None

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def check_options(self, base: CheckOptions | None = None) -> CheckOptions:
        """CheckOptions with these settings; fields not configurable here keep ``base``'s."""
        v = self.values
        options = base or CheckOptions()
        changes = {
            "concurrency": v["concurrency"], "per_host": v["per-host"],
            "host_interval": v["host-interval"], "timeout": v["timeout"],
            "retries": v["retries"], "user_agent": v["user-agent"],
            "archive": not v["no-archive"], "archive_url": v["archive-url"],
            "save_missing": v["save-missing"], "allow_private": v["allow-private"],
            "ca_cert": v["ca-cert"], "canaries": tuple(v["canary"]),
            "resolve": tuple(v["resolve"]),
            "total_timeout": v["total-timeout"], "insecure": v["insecure"],
            "probe_soft_404": not v["no-probe"],
            "find_moved": not v["no-find-moved"],
            "fail_on": v["fail-on"], "fail_on_archive": v["fail-on-archive"],
            "workers": v["workers"],
        }
        known = {f.name for f in fields(CheckOptions)}
        return CheckOptions(**{**{f: getattr(options, f) for f in known}, **changes})

    def ignore_rules(self) -> IgnoreRules:
        return IgnoreRules.parse(self.values["ignore"], self.values["accept-status"])

    def gate_options(self, *, use_baseline: bool = True) -> GateOptions:
        """The gate; reads the baseline file when one is set (ConfigError if unreadable)."""
        path = self.values["baseline"]
        baseline: Baseline | None = load_baseline(path) if path and use_baseline else None
        return GateOptions(
            fail_on=self.values["fail-on"],
            fail_on_archive=self.values["fail-on-archive"],
            max_failures=self.values["max-failures"],
            baseline=baseline,
        )


def merge(config: Config, overrides: Mapping[str, Any] | None = None,
          cwd: Path | None = None) -> Settings:
    """Defaults, then the config file, then command-line ``overrides``.

    Override names may be kebab-case keys or argparse dests (``per_host``); a value of None
    means "not given" and keeps the config's. Overrides are validated like file values,
    with relative paths taken from ``cwd``.
    """
    values = {name: key.default for name, key in KEYS.items()}
    origins = dict.fromkeys(KEYS, "default")
    for name, value in config.values.items():
        values[name] = value
        origins[name] = "config"
    given = {k.replace("_", "-"): v for k, v in (overrides or {}).items() if v is not None}
    for name, value in validate(given, "command line: ", cwd).items():
        values[name] = value
        origins[name] = "command line"
    return Settings(values, origins, config.source)


def overrides_from_args(args: Any) -> dict[str, Any]:
    """The config keys an argparse Namespace sets (its dests are the keys in snake_case).

    Flags must default to None (``store_true`` with ``default=None``) so "not given" leaves
    the config file's value in force.
    """
    found = {}
    for name in KEYS:
        dest = name.replace("-", "_")
        if hasattr(args, dest) and getattr(args, dest) is not None:
            found[name] = getattr(args, dest)
    return found


# -- `citecheck config show`: the effective settings as TOML that can be pasted back --

def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str | ResolvePin | Path):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, timedelta):
        return json.dumps(_duration_text(value))
    if isinstance(value, frozenset):
        order = (*Verdict, *GateKind) if all(
            isinstance(v, Verdict | GateKind) for v in value) else tuple(ArchiveStatus)
        return _toml_value([m.value for m in order if m in value])
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_toml_value(k)} = {_toml_value(v)}"
                                for k, v in value.items()) + " }"
    raise TypeError(f"cannot render {value!r} as TOML")


def _duration_text(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def render_settings(settings: Settings) -> str:
    source = str(settings.source) if settings.source else "none found"
    lines = ["# citecheck effective configuration", f"# config file: {source}", ""]
    for name, key in KEYS.items():
        value = settings.values[name]
        origin = settings.origins[name]
        if value is None:
            lines.append(f"# {name} = (not set)  # {key.help}")
        else:
            lines.append(f"{name} = {_toml_value(value)}  # {origin}: {key.help}")
    return "\n".join(lines) + "\n"
