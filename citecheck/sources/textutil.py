"""Helpers the readers share: offsets to line/column, field cleaning, unique ids."""

from __future__ import annotations

import re
from bisect import bisect_right

from citecheck.models import Location


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

    def location(self, file: str, start: int, end: int, *, context: str | None = None) -> Location:
        line, column = self.line_col(start)
        return Location(file=file, line=line, column=column, start=start, end=end, context=context)


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


# A note is a quote when the whole of it stands in quotation marks (typographic, LaTeX or
# plain), or when it says so ("Quote: ...").
_QUOTE_PAIRS = (("“", "”"), ("„", "“"), ("„", "”"), ("«", "»"), ("»", "«"), ("‘", "’"),
                ("「", "」"), ("『", "』"), ("``", "''"), ('"', '"'))
_QUOTE_LABEL = re.compile(
    r"^\s*(?:quote|quotation|quoted|zitat|citation|cita|citazione|اقتباس)\s*[:：]\s*",
    re.IGNORECASE,
)
_MIN_QUOTE_CHARS = 8


def quoted_passage(note: str | None) -> str | None:
    """The quoted passage a free-text note holds, or None when it is not clearly a quote
    (a note is often a comment, an abstract or a date)."""
    if not note:
        return None
    text = note.strip()
    labelled = _QUOTE_LABEL.match(text)
    if labelled:
        text = text[labelled.end() :].strip()
    for opening, closing in _QUOTE_PAIRS:
        if text.startswith(opening) and text.endswith(closing) and len(text) > len(opening) * 2:
            inner = text[len(opening) : -len(closing)].strip()
            # One pair around the whole note, not two quoted words with text between.
            if opening not in inner and closing not in inner:
                return inner if len(inner) >= _MIN_QUOTE_CHARS else None
    return text if labelled and len(text) >= _MIN_QUOTE_CHARS else None
