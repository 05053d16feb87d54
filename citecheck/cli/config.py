"""`citecheck config show`: the effective settings as TOML that can be pasted back, each
with where it came from and what it does (both from the option table)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from citecheck.cli import table
from citecheck.cli.common import settings_from_args
from citecheck.cli.flags import add_options
from citecheck.cli.settings import Settings
from citecheck.cli.table import CHECKING, Option
from citecheck.exitcodes import ExitCode
from citecheck.models import ArchiveStatus, GateKind, Verdict
from citecheck.options import ResolvePin


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="config_action", metavar="ACTION")
    actions.required = True
    show = actions.add_parser("show", help="print the effective settings as TOML")
    add_options(show, "config")


def run(args: argparse.Namespace) -> ExitCode:
    print(render_settings(settings_from_args(args)), end="")
    return ExitCode.OK


def render_settings(settings: Settings) -> str:
    source = str(settings.source) if settings.source else "none found"
    lines = ["# citecheck effective configuration", f"# config file: {source}", ""]
    for name, option in table.KEYS.items():
        value = settings.values[name]
        if value is None:
            default = option.default_text()
            lines.append(f"# {name} = (not set)  # {_describe(option)}"
                         + (f" (default {default})" if default else ""))
        else:
            origin = settings.origins[name]
            lines.append(f"{name} = {toml_value(value)}  # {origin}: {_describe(option)}")
    return "\n".join(lines) + "\n"


def _describe(option: Option) -> str:
    """The option's help, after the commands it is for when not every checking one."""
    if not option.commands or option.commands >= CHECKING:
        return option.help
    return f"{'/'.join(sorted(option.commands))}: {option.help}"


def toml_value(value: Any) -> str:
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
        return toml_value([m.value for m in order if m in value])
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{toml_value(k)} = {toml_value(v)}"
                                for k, v in value.items()) + " }"
    raise TypeError(f"cannot render {value!r} as TOML")


def _duration_text(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
