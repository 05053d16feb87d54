"""The one interface every output format implements: a Report in, a string out.

Formats never write files or talk to the terminal themselves; the CLI decides
where their text goes (stdout or an atomically written file).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, TextIO

from citecheck.models import Report


class Formatter(ABC):
    #: The name used with ``--format``.
    name: ClassVar[str]
    #: File extension conventionally used for this format.
    extension: ClassVar[str]

    @abstractmethod
    def render(self, report: Report) -> str:
        """Return the complete text of this format for ``report``."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the format to ``stream``; formats for large reports stream it."""
        stream.write(self.render(report))
