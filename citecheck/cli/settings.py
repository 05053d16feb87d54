"""Configuration files (``citecheck.toml`` or ``[tool.citecheck]`` in ``pyproject.toml``)
and the effective settings of a run.

Keys are the CLI's long option names (``per-host``, ``fail-on``…), so a setting reads the
same in a file and on a command line: both come from one table
(:mod:`citecheck.cli.table`). Values are validated on load and every error names the
file and the key. The command line overrides the file, which overrides the defaults.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from citecheck.cli import table
from citecheck.cli.table import Option
from citecheck.errors import ConfigError
from citecheck.gating import Baseline, GateOptions, IgnoreRules, load_baseline
from citecheck.options import CheckOptions

CONFIG_FILE = "citecheck.toml"
PYPROJECT = "pyproject.toml"


def _check_key(name: str, where: str) -> Option:
    key = table.KEYS.get(name)
    if key is None:
        hint = difflib.get_close_matches(name.replace("_", "-"), table.KEYS, n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise ConfigError(f"{where}unknown key {name!r}{suggestion}")
    return key


def validate(table: Mapping[str, Any], where: str = "", base: Path | None = None) -> dict[str, Any]:
    """Normalise a table of raw config values; ConfigError names the first bad key."""
    base = base or Path.cwd()
    values: dict[str, Any] = {}
    for name, raw in table.items():
        option = _check_key(name, where)
        try:
            values[name] = option.kind.convert(raw, name, base)
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
        """CheckOptions with these settings (each option's ``field``); fields no option
        sets keep ``base``'s."""
        options = base or CheckOptions()
        changes = {o.field: o.to_field(self.values[o.key]) for o in table.KEYS.values() if o.field}
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
    values = {name: option.default for name, option in table.KEYS.items()}
    origins = dict.fromkeys(table.KEYS, "default")
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

    Flags default to None (see :func:`citecheck.cli.flags.add_options`) so "not given"
    leaves the config file's value in force.
    """
    found = {}
    for option in table.KEYS.values():
        if getattr(args, option.dest, None) is not None:
            found[option.key] = getattr(args, option.dest)
    return found
