"""The interface every input reader implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from citecheck.errors import InputError
from citecheck.models import Reference


@dataclass(frozen=True)
class InputProblem:
    """A recoverable problem in an input: reported, while readable references are still checked."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"

    @classmethod
    def unreadable(cls, error: InputError, path: str) -> InputProblem:
        """A whole input that could not be read, while other inputs could."""
        return cls(error.file or path, error.line, f"{error.reason}; not checked")


@dataclass(frozen=True)
class ReadResult:
    references: tuple[Reference, ...]
    errors: tuple[InputProblem, ...] = ()


class Reader(ABC):
    name: ClassVar[str]  # its format's name (citecheck.sources.FORMATS)

    @abstractmethod
    def read(self, text: str, *, file: str) -> ReadResult:
        """Read every reference in ``text``; raise InputError only if nothing can be read."""
