"""HTML: absolute http(s) ``<a href>`` links with their anchor text as the cited title.

Links in navigation (``<nav>``, ``role=navigation``) are not citations; script,
style and template contents are not even parsed as markup. Python's own HTML
parser (through BeautifulSoup) records where each tag starts, which gives the
reference's span.
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING

from citecheck.models import Reference
from citecheck.sources.base import Reader, ReadResult
from citecheck.sources.textutil import LineIndex, clean_text, unique_id

if TYPE_CHECKING:
    from bs4.element import Tag

_SKIP_ANCESTORS = frozenset({"nav", "script", "style", "template", "noscript", "head"})
_ABSOLUTE = re.compile(r"https?://[^\s/?#]+", re.IGNORECASE)
_CLOSING_A = re.compile(r"</a\s*>", re.IGNORECASE)


class HtmlReader(Reader):
    name = "html"

    def read(self, text: str, *, file: str) -> ReadResult:
        # Imported here: every run registers this reader, few read HTML (bs4 and
        # soupsieve cost ~50 ms of start-up).
        from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
        from bs4.element import Tag

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(text, "html.parser")
        lines = LineIndex(text)
        refs: list[Reference] = []
        ids: set[str] = set()
        for anchor in soup.find_all("a", href=True):
            if not isinstance(anchor, Tag) or _in_navigation(anchor):
                continue
            href = str(anchor.get("href", "")).strip()
            if not _ABSOLUTE.match(href):
                continue  # relative, fragment, mailto:, javascript:
            start, end = _span(anchor, text, lines)
            refs.append(
                Reference(
                    id=unique_id(f"ref-{len(refs) + 1}", ids),
                    url=href,
                    title=_anchor_text(anchor),
                    language=_language(anchor),
                    location=lines.location(file, start, end),
                )
            )
        return ReadResult(tuple(refs))


def _in_navigation(tag: Tag) -> bool:
    for parent in tag.parents:
        if parent.name in _SKIP_ANCESTORS:
            return True
        if str(parent.get("role", "")).lower() == "navigation":
            return True
    return False


def _anchor_text(anchor: Tag) -> str | None:
    from bs4.element import Tag

    text = clean_text(anchor.get_text(" "))
    if text:
        return text
    image = anchor.find("img", alt=True)
    if isinstance(image, Tag):
        return clean_text(str(image.get("alt", "")))
    return clean_text(str(anchor.get("title", ""))) if anchor.get("title") else None


def _language(anchor: Tag) -> str | None:
    value = anchor.get("hreflang") or anchor.get("lang")
    return clean_text(str(value)) if value else None


def _span(anchor: Tag, text: str, lines: LineIndex) -> tuple[int, int]:
    if anchor.sourceline is None or anchor.sourcepos is None:
        return 0, 0
    start = lines.line_start(anchor.sourceline) + anchor.sourcepos
    closing = _CLOSING_A.search(text, start)
    if closing:
        return start, closing.end()
    opening_end = text.find(">", start)
    return start, (opening_end + 1 if opening_end >= 0 else start)
