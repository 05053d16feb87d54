"""The interface every input reader implements: decoded text in, references out.

A reader never opens files or talks to the network itself; the caller decodes the
input (keeping its line endings, so character offsets match the bytes on disk) and
passes the text. Problems that spoil one entry are data (:class:`InputProblem`);
only an input from which nothing at all can be read raises ``InputError``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from bisect import bisect_right
from dataclasses import dataclass
from typing import ClassVar

from citecheck.models import Location, Reference


@dataclass(frozen=True)
class InputProblem:
    """A recoverable problem in an input: the readable references are still returned."""

    file: str
    line: int | None
    message: str

    def describe(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ReadResult:
    references: tuple[Reference, ...]
    errors: tuple[InputProblem, ...] = ()


class Reader(ABC):
    #: The name used to choose this reader explicitly (``--input-format``).
    name: ClassVar[str]
    #: File name endings (lower case, with the dot) this reader is chosen for.
    extensions: ClassVar[tuple[str, ...]]

    @abstractmethod
    def read(self, text: str, *, file: str) -> ReadResult:
        """Return every reference found in ``text``; ``file`` is used in locations."""


class LineIndex:
    """Maps character offsets of one text to 1-based line and column numbers.

    Only ``\\n`` ends a line, so a CRLF text numbers its lines like an editor does
    and the offsets stay those of the decoded text (the ``\\r`` is part of the line).
    """

    def __init__(self, text: str) -> None:
        self._starts = [0]
        self._starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._starts[max(0, min(line, len(self._starts)) - 1)]

    def location(
        self, file: str, start: int, end: int, *, context: str | None = None
    ) -> Location:
        line, column = self.line_col(start)
        return Location(
            file=file, line=line, column=column, start=start, end=end, context=context
        )


def clean_text(value: str | None) -> str | None:
    """Collapse whitespace; an empty result means the field was not given."""
    if value is None:
        return None
    collapsed = " ".join(value.split())
    return collapsed or None


def unique_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... if already used; records the choice."""
    candidate = wanted
    n = 2
    while candidate in taken:
        candidate = f"{wanted}-{n}"
        n += 1
    taken.add(candidate)
    return candidate
