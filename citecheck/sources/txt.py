"""Plain lists of URLs: one per line; blank lines and lines starting with ``#`` are skipped.

A ``#`` after whitespace starts a comment too (``https://a.example/  # the report``),
while a ``#`` inside a URL is its fragment. A line holding more than one word is a
broken reference, named by its line, not a guess at which word was meant.
"""

from __future__ import annotations

import re

from citecheck.models import Location, Reference
from citecheck.sources.base import Reader, ReadResult

_TRAILING_COMMENT = re.compile(r"\s+#.*$")


def url_lines(text: str) -> list[tuple[int, int, int, str]]:
    """(line number, start, end, content) of each line that is not blank or a comment."""
    found = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        content = _TRAILING_COMMENT.sub("", line.strip())
        if content and not content.startswith("#"):
            start = offset + line.index(content)
            found.append((number, start, start + len(content), content))
        offset += len(line)
    return found


def looks_like_url_list(text: str) -> bool:
    """Every line that counts is one http(s) URL (what format detection asks)."""
    lines = url_lines(text)
    return bool(lines) and all(
        re.fullmatch(r"https?://\S+", content, re.IGNORECASE) for *_, content in lines
    )


class TxtReader(Reader):
    name = "txt"

    def read(self, text: str, *, file: str) -> ReadResult:
        references = []
        for position, (line, start, end, content) in enumerate(url_lines(text), start=1):
            location = Location(file=file, line=line, start=start, end=end)
            problems: tuple[str, ...] = ()
            if len(content.split()) > 1:
                problems = ("line holds more than one URL (one URL per line; # starts a "
                            "comment)",)
            references.append(Reference(id=f"ref-{position}", url=content.split()[0],
                                        location=location, problems=problems))
        return ReadResult(tuple(references))
