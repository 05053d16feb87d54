"""The argparse flags of a command, made from the option table."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Collection, Sequence
from typing import Any

from citecheck.cli import table
from citecheck.cli.table import Option
from citecheck.errors import ConfigError


def add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs", nargs="*", metavar="INPUT",
        help="input files ('-' for stdin) or live wiki pages (https://en.wikipedia.org/wiki/T)",
    )


def add_options(
    parser: argparse.ArgumentParser, command: str, *, groups: Collection[str] | None = None
) -> dict[str | None, argparse._ActionsContainer]:
    """The flags of every table option ``command`` takes (only those of ``groups``, if
    given), each in its help group; returns the groups by title, for a command's own flags.

    Unset flags are None (empty lists for repeatable flags that are not config keys),
    so the config file's value stays in force."""
    containers: dict[str | None, argparse._ActionsContainer] = {None: parser}
    for option in table.OPTIONS:
        if command not in option.commands or (groups is not None and option.group not in groups):
            continue
        if option.group not in containers:
            containers[option.group] = parser.add_argument_group(option.group)
        names = [option.flag, *([option.short] if option.short else [])]
        containers[option.group].add_argument(*names, **_argparse_settings(option))
    return containers


def _argparse_settings(option: Option) -> dict[str, Any]:
    default = option.default_text()
    settings: dict[str, Any] = {
        "help": option.help + (f" (default {default})" if default else ""),
        "default": [] if option.repeatable and not option.in_config else None,
    }
    kind = option.kind
    if kind.switch:
        return {**settings, "action": "store_true"}
    if kind.choices:
        settings |= {"type": str.lower, "choices": kind.choices}
    else:
        settings |= {"type": flag_type(option), "metavar": option.metavar}
    if option.repeatable:
        settings["action"] = "append"
    if option.bare is not None:
        settings |= {"nargs": "?", "const": kind.from_text(option.bare, option.key)}
    return settings


def flag_type(option: Option) -> Callable[[str], Any]:
    """argparse's ``type`` for ``option``: the kind's parsing and checking, its error
    said as argparse says it (``argument --retries: must be at least 0, got -1``)."""

    def parse(text: str) -> Any:
        try:
            return option.kind.from_text(text, option.key)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(
                str(exc).removeprefix(f"{option.key}: ")
            ) from None

    parse.__name__ = option.key  # argparse names the type in some of its messages
    return parse


def bare_flags_before_inputs(argv: Sequence[str]) -> list[str]:
    """A flag that may be written bare (``--fail-on-archive``), written so before an input
    (``--fail-on-archive refs.json``), would take the input for its value: a following
    word that is not a value of the flag is left to be an input."""
    bare = {o.flag: o for o in table.OPTIONS if o.bare is not None}
    out = list(argv)
    for i, token in enumerate(out[:-1]):
        option = bare.get(token)
        following = out[i + 1]
        if option is None or following.startswith("-"):
            continue
        try:
            option.kind.from_text(following, option.key)
        except ConfigError:
            out[i] = f"{option.flag}={option.bare}"
    return out
