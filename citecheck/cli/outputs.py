"""Where each requested format goes: `--format a,b --output A --output B`.

Paths are checked before the run (an unwritable path is an error now, not
after an hour of checking) and written atomically (temp file + rename), so a
reader never sees half a report.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from citecheck.errors import ConfigError, OutputError
from citecheck.models import Report

if TYPE_CHECKING:
    from citecheck.report.base import Formatter


@dataclass(frozen=True)
class OutputTarget:
    format: str
    path: str | None  # None: standard output


@dataclass(frozen=True)
class OutputPlan:
    targets: tuple[OutputTarget, ...]
    # The table lists every reference, not only those that failed or need a look.
    show_all: bool = False


def plan_outputs(
    formats: str, paths: Sequence[str], *, allowed: Sequence[str], show_all: bool = False
) -> OutputPlan:
    names = [name.strip().lower() for name in formats.split(",") if name.strip()]
    if not names:
        raise ConfigError("--format needs at least one format")
    for name in names:
        if name not in allowed:
            raise ConfigError(f"unknown format {name!r} (known: {', '.join(allowed)})")
    if len(set(names)) != len(names):
        raise ConfigError("each format may be given once in --format")
    if len(paths) > len(names):
        raise ConfigError(f"{len(paths)} --output paths for {len(names)} format(s)")
    targets = [
        OutputTarget(name, paths[i] if i < len(paths) and paths[i] != "-" else None)
        for i, name in enumerate(names)
    ]
    if sum(1 for t in targets if t.path is None) > 1:
        raise ConfigError("only one format can go to standard output: give --output for the rest")
    for target in targets:
        if target.path is not None:
            _check_writable(target.path)
    return OutputPlan(tuple(targets), show_all)


# What an --output path's extension says its format is, when --format does not say.
FORMAT_OF_EXTENSION = {
    ".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown",
    ".xml": "junit", ".sarif": "sarif", ".html": "html", ".htm": "html", ".txt": "table",
}


def formats_from_paths(paths: Sequence[str]) -> list[str]:
    """The format of each --output path, from its extension (``-``: the table)."""
    formats = []
    for path in paths:
        if path == "-":
            formats.append("table")
            continue
        suffix = Path(path).suffix.lower()
        if suffix not in FORMAT_OF_EXTENSION:
            known = " ".join(FORMAT_OF_EXTENSION)
            raise ConfigError(f"--output {path}: cannot tell its format from the extension "
                              f"(known: {known}); give --format")
        formats.append(FORMAT_OF_EXTENSION[suffix])
    return formats


def _check_writable(path: str) -> None:
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"{path}: is a directory")
    if not directory.is_dir():
        raise OutputError(f"{path}: directory {directory} does not exist")
    try:
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".citecheck-", delete=True):
            pass
    except OSError as exc:
        raise OutputError(f"{path}: cannot write there ({exc.strerror})") from None


def write_atomic(path: str, text: str) -> None:
    write_atomic_with(path, lambda handle: handle.write(text))


def write_atomic_with(path: str, write: Callable[[TextIO], object]) -> None:
    """Write ``path`` through ``write(handle)`` into a temp file, then rename it."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            if target.exists():
                os.chmod(temp, target.stat().st_mode & 0o7777)
            else:
                os.chmod(temp, 0o666 & ~_umask())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"{path}: could not write the report ({exc.strerror})") from None


def write_text(text_or_writer: str | Callable[[TextIO], object], path: str | None) -> None:
    """A text, or what ``writer(handle)`` writes, to ``path`` (atomically) or stdout."""
    if path is None:
        if isinstance(text_or_writer, str):
            sys.stdout.write(text_or_writer)
        else:
            text_or_writer(sys.stdout)
    elif isinstance(text_or_writer, str):
        write_atomic(path, text_or_writer)
    else:
        write_atomic_with(path, text_or_writer)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _formatter(name: str, plan: OutputPlan) -> Formatter:
    from citecheck.report import get_formatter
    from citecheck.report.table import TableFormatter

    if name == TableFormatter.name:
        return TableFormatter(show_all=plan.show_all)
    return get_formatter(name)


def write_outputs(report: Report, plan: OutputPlan) -> None:
    for target in plan.targets:
        if target.path is None:
            if target.format == "table":
                _print_table(report, plan)
            else:
                _formatter(target.format, plan).write(report, sys.stdout)
                sys.stdout.flush()
        else:
            write_atomic_with(target.path, partial(_formatter(target.format, plan).write, report))


def _print_table(report: Report, plan: OutputPlan) -> None:
    from rich.console import Console

    from citecheck.report.table import TableFormatter

    console = Console(highlight=False, soft_wrap=False)  # honours NO_COLOR and non-TTYs
    # A pipe or a file gets 120 columns, unless COLUMNS says otherwise.
    width = console.width if console.is_terminal or "COLUMNS" in os.environ else 120
    TableFormatter(color=console.is_terminal, width=width, show_all=plan.show_all).print_to(
        Console(highlight=False, width=width, force_terminal=console.is_terminal or None), report
    )
