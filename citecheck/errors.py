"""Exceptions that stop work. Per-reference outcomes are values (see models), not exceptions."""

from __future__ import annotations


class CitecheckError(Exception):
    """Base of everything citecheck raises on purpose."""


class InputError(CitecheckError):
    """An input file cannot be read at all (exit code 2)."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        self.file = file
        self.line = line
        self.reason = message  # without the file and line
        where = ""
        if file:
            where = f"{file}:{line}: " if line is not None else f"{file}: "
        super().__init__(where + message)


class ConfigError(CitecheckError):
    """Configuration or command-line options are wrong (exit code 2)."""


class OutputError(CitecheckError):
    """A report could not be written (exit code 2)."""


class NetworkUnavailableError(CitecheckError):
    """citecheck itself cannot reach the network: nothing may be judged dead (exit code 3)."""
