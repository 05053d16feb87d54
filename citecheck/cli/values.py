"""The kinds of option values: how each is read from a command line and from a config
file, checked, and normalised.

One converter per kind does the checking for both places: a command-line word is first
parsed into what TOML would have held (``"3"`` -> 3), then goes through the same
converter as a config file's value. Every error names the key (``concurrency: must be at
least 1, got 0``); the command line shows it as ``argument --concurrency: ...``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from citecheck.errors import ConfigError
from citecheck.gating import IgnoreRules, parse_archive_statuses, parse_verdicts
from citecheck.gating.rules import compile_rule
from citecheck.models import ArchiveStatus, FailOn, GateKind, Verdict
from citecheck.options import ResolvePin

# The report formats of the CLI contract (DESIGN.md); the format registry offers each.
REPORT_FORMATS = ("table", "json", "csv", "markdown", "junit", "sarif", "html")

Converter = Callable[[Any, str, Path], Any]


@dataclass(frozen=True)
class Kind:
    """One kind of value: ``convert(value, key, base)`` checks and normalises a value as a
    config file holds it (paths relative to ``base``); ``parse_text`` turns a command-line
    word into such a value (ValueError with a message for a word that is not one)."""

    convert: Converter
    parse_text: Callable[[str], Any] = str
    # Argparse choices, for kinds that are one of a few words.
    choices: tuple[str, ...] | None = None
    # A flag without a value (store_true) rather than one that takes a word.
    switch: bool = False
    # The command line keeps the converted value, not the parsed word (sets of verdicts
    # rather than their names); paths, URLs and pins stay as typed.
    keep_converted: bool = False

    def from_text(self, text: str, key: str) -> Any:
        """A command-line word as the value argparse keeps, checked like a config value
        (so a bad one is a usage error before anything runs); ConfigError names ``key``."""
        try:
            value = self.parse_text(text)
        except (ValueError, argparse.ArgumentTypeError) as exc:
            raise ConfigError(f"{key}: {exc}") from None
        converted = self.convert(value, key, Path.cwd())
        return converted if self.keep_converted else value


def _type_error(key: str, expected: str, value: Any) -> ConfigError:
    return ConfigError(f"{key}: expected {expected}, got {json.dumps(value, default=str)}")


def _parse_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"expected a whole number, got {text!r}") from None


def _parse_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"expected a number, got {text!r}") from None


def whole_number(minimum: int) -> Kind:
    def convert(value: Any, key: str, _: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _type_error(key, "an integer", value)
        if value < minimum:
            raise ConfigError(f"{key}: must be at least {minimum}, got {value}")
        return value

    return Kind(convert, _parse_int)


POSITIVE_INT = whole_number(1)
NON_NEGATIVE_INT = whole_number(0)


def number(minimum: float, *, inclusive: bool) -> Kind:
    def convert(value: Any, key: str, _: Path) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _type_error(key, "a number", value)
        if not math.isfinite(value) or value < minimum or (not inclusive and value == minimum):
            bound = "at least" if inclusive else "more than"
            raise ConfigError(f"{key}: must be {bound} {minimum:g}, got {value}")
        return float(value)

    return Kind(convert, _parse_float)


def _bool(value: Any, key: str, _: Path) -> bool:
    if not isinstance(value, bool):
        raise _type_error(key, "true or false", value)
    return value


SWITCH = Kind(_bool, switch=True)


def _string(value: Any, key: str, _: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _type_error(key, "a non-empty string", value)
    return value


TEXT = Kind(_string)


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


BASE_URL = Kind(lambda value, key, base: _http_url(value, key, base).rstrip("/"))


def _path(value: Any, key: str, base: Path) -> str:
    """Paths in a config file are relative to that file, not to the current directory."""
    return str((base / Path(_string(value, key, base)).expanduser()).resolve())


# On the command line a path stays as typed (relative to the current directory).
PATH = Kind(_path)


def _verdicts(value: Any, key: str, _: Path) -> FailOn:
    # The command line hands over sets it already parsed; files hold strings.
    if isinstance(value, set | frozenset) and all(isinstance(v, Verdict | GateKind)
                                                   for v in value):
        return frozenset(value)
    return parse_verdicts(_strings(value, key), option=key)


VERDICTS = Kind(_verdicts, keep_converted=True)


def _archive_statuses(value: Any, key: str, _: Path) -> frozenset[ArchiveStatus]:
    if isinstance(value, set | frozenset) and all(isinstance(v, ArchiveStatus) for v in value):
        return frozenset(value)
    return parse_archive_statuses(_strings(value, key), option=key)


ARCHIVE_STATUSES = Kind(_archive_statuses, keep_converted=True)


def _formats(value: Any, key: str, _: Path) -> tuple[str, ...]:
    # Case does not matter; each item may itself be a comma list (`--format json,csv
    # --format html` arrives as ["json,csv", "html"]).
    names = [n.strip().lower() for item in _strings(value, key) for n in item.split(",")
             if n.strip()]
    for name in names:
        if name not in REPORT_FORMATS:
            raise ConfigError(
                f"{key}: unknown format {name!r} (choose from {', '.join(REPORT_FORMATS)})"
            )
    if not names:
        raise ConfigError(f"{key}: needs at least one format")
    return tuple(names)


FORMATS = Kind(_formats)


def choice(*choices: str) -> Kind:
    def convert(value: Any, key: str, _: Path) -> str:
        if not isinstance(value, str) or value.strip().lower() not in choices:
            raise _type_error(key, " or ".join(repr(c) for c in choices), value)
        return value.strip().lower()

    return Kind(convert, str.lower, choices=choices)


def _input_format(value: Any, key: str, base: Path) -> str:
    from citecheck.sources import FORMATS as INPUT_FORMATS

    return choice(*INPUT_FORMATS).convert(value, key, base)


INPUT_FORMAT = Kind(_input_format)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")


def parse_duration(text: str) -> timedelta:
    """``90s``, ``30m``, ``12h``, ``1d``, ``2w``; a bare number is days."""
    m = _DURATION.match(text.lower())
    if not m:
        # argparse's error type: parse_duration is also the `type` of a flag of its own.
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 12h, 1d, 30m)")
    return timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2) or "d"])


def _duration(value: Any, key: str, _: Path) -> timedelta:
    """``"20h"``, ``"1d"``, ``"30m"``; a bare number is days (as ``--max-age``)."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return timedelta(days=value)
    if isinstance(value, str):
        try:
            return parse_duration(value)
        except argparse.ArgumentTypeError as exc:
            raise ConfigError(f"{key}: {exc}") from None
    raise _type_error(key, 'a duration such as "20h" or "3d", or a number of days', value)


DURATION = Kind(_duration, parse_duration)


def _database(value: Any, key: str, base: Path) -> str | Path:
    """A history database: a ``postgresql://`` URL, or a SQLite file (relative to the
    config file, like every path in it)."""
    from citecheck.store.backend import is_database_url

    text = str(value) if isinstance(value, Path) else _string(value, key, base)
    return text if is_database_url(text) else Path(_path(text, key, base))


def _database_text(text: str) -> str | Path:
    """A database URL stays text (``Path`` would fold its ``//``), anything else is a path."""
    from citecheck.store.backend import db_target

    return db_target(text)


DATABASE = Kind(_database, _database_text)


def _patterns(value: Any, key: str, _: Path) -> tuple[str, ...]:
    patterns = _strings(value, key) if not isinstance(value, str) else [value]
    for text in patterns:
        compile_rule(text, key)
    return tuple(patterns)


PATTERNS = Kind(_patterns)


def _urls(value: Any, key: str, base: Path) -> tuple[str, ...]:
    return tuple(_http_url(v, key, base) for v in _strings(value, key))


URLS = Kind(_urls)


def _parse_pin(text: str) -> ResolvePin:
    from citecheck.net.resolver import parse_resolve_pin

    return parse_resolve_pin(text)


def _resolve_pins(value: Any, key: str, _: Path) -> tuple[ResolvePin, ...]:
    """``HOST[:PORT]:ADDR`` strings (pins given on the command line arrive parsed)."""
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
            pins.append(_parse_pin(item))
        except ValueError as exc:
            raise ConfigError(f"{key}: {str(exc).removeprefix('--resolve ')}") from None
    return tuple(pins)


RESOLVE_PINS = Kind(_resolve_pins, _parse_pin)


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


ACCEPT_STATUS = Kind(_accept_status)


def _wiki_page(value: Any, key: str, base: Path) -> str:
    from citecheck.errors import InputError
    from citecheck.sources.mediawiki import parse_page_spec

    text = _string(value, key, base)
    try:
        parse_page_spec(text)
    except InputError:
        raise ConfigError(
            f"{key}: expected LANG:TITLE (e.g. en:Climate change) or a page URL "
            f"(https://en.wikipedia.org/wiki/Title), got {text!r}"
        ) from None
    return text


WIKI_PAGE = Kind(_wiki_page)
