"""The readers of this package other than references.json, for the sources registry."""

from __future__ import annotations

from citecheck.sources.base import Reader
from citecheck.sources.bibtex import BibtexReader
from citecheck.sources.csl_json import CslJsonReader
from citecheck.sources.html import HtmlReader
from citecheck.sources.markdown import MarkdownReader
from citecheck.sources.wikitext import WikitextReader

EXTRA_READERS: tuple[type[Reader], ...] = (
    WikitextReader,
    BibtexReader,
    CslJsonReader,
    MarkdownReader,
    HtmlReader,
)
