"""Markdown: inline links, reference definitions, autolinks and bare URLs.

markdown-it-py finds the block structure (code blocks and fences are skipped,
headings give bare URLs a title); links are then found in the remaining text
with code spans blanked out, so every reference has an exact character span.
The cited title is the link text, the definition's title, or the nearest heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.models import Reference
from citecheck.sources.base import Reader, ReadResult
from citecheck.sources.textutil import LineIndex, clean_text, unique_id

_URL = r"https?://[^\s<>()]+(?:\([^\s<>()]*\)[^\s<>()]*)*"
_INLINE = re.compile(
    r"(?<![!\\])\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
    rf"\(\s*<?(?P<url>{_URL})>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)\[]*\)))?\s*\)"
)
_IMAGE = re.compile(r"!\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]\((?:[^)!]|!(?!\[))*\)")
_DEFINITION = re.compile(
    rf"^[ ]{{0,3}}\[(?P<label>[^\[\]]{{1,999}})\]:[ \t]*<?(?P<url>{_URL})>?"
    r"(?:[ \t]+(?:\"(?P<t1>[^\"]*)\"|'(?P<t2>[^']*)'|\((?P<t3>[^()]*)\)))?[ \t]*$",
    re.MULTILINE,
)
_FULL_REFERENCE = re.compile(r"(?<![!\\\]])\[(?P<text>[^\[\]]+)\]\[(?P<label>[^\[\]]*)\]")
_SHORTCUT = re.compile(r"(?<![!\\\]])\[(?P<label>[^\[\]]+)\](?![\[(:])")
_AUTOLINK = re.compile(rf"<(?P<url>{_URL})>")
_BARE = re.compile(rf"(?<![\w/\"'=<\[])(?P<url>{_URL})")
_BACKTICKS = re.compile(r"`+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TRAILING = ".,;:!?*_~'\""


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    url: str
    title: str | None


class MarkdownReader(Reader):
    name = "markdown"

    def read(self, text: str, *, file: str) -> ReadResult:
        masked, headings = _structure(text)
        found: list[_Found] = []
        taken = bytearray(len(text))  # characters already inside a found link

        def claim(start: int, end: int) -> bool:
            if any(taken[start:end]):
                return False
            taken[start:end] = b"\x01" * (end - start)
            return True

        link_texts = _reference_texts(masked)
        for m in _DEFINITION.finditer(masked):
            if claim(m.start("url"), m.end("url")):
                title = m["t1"] or m["t2"] or m["t3"] or link_texts.get(_label(m["label"]))
                found.append(_Found(m.start(), m.end(), m["url"], _plain(title)))
        for m in _INLINE.finditer(masked):
            if claim(m.start(), m.end()):
                found.append(_Found(m.start(), m.end(), m["url"], _plain(m["text"])))
        for m in _IMAGE.finditer(masked):
            claim(m.start(), m.end())  # image sources are not citations
        for pattern in (_AUTOLINK, _BARE):
            for m in pattern.finditer(masked):
                url = _trim(m["url"])
                end = m.start("url") + len(url) + (1 if pattern is _AUTOLINK else 0)
                if claim(m.start(), end):
                    found.append(_Found(m.start(), end, url, _heading_before(headings, m.start())))
        found.sort(key=lambda f: f.start)
        lines = LineIndex(text)
        ids: set[str] = set()
        refs = tuple(
            Reference(
                id=unique_id(f"ref-{n}", ids),
                url=f.url,
                title=f.title,
                location=lines.location(file, f.start, f.end),
            )
            for n, f in enumerate(found, start=1)
        )
        return ReadResult(refs)


def _structure(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with code and raw HTML blanked (same length), and the headings' offsets."""
    # markdown-it counts lines after turning CRLF and lone CR into LF; so must we.
    starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
    chars = list(text)
    headings: list[tuple[int, str]] = []
    # Imported here: every run registers this reader, few read Markdown (~20 ms).
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    for i, token in enumerate(tokens):
        if token.map is None:
            continue
        first, last = token.map
        if token.type in ("fence", "code_block", "html_block"):
            begin = starts[min(first, len(starts) - 1)]
            finish = starts[last] if last < len(starts) else len(text)
            _blank(chars, begin, finish)
        elif token.type == "heading_open" and i + 1 < len(tokens):
            headings.append((starts[min(first, len(starts) - 1)], tokens[i + 1].content))
    # Inline code spans hold examples, not citations (sought once code blocks are blank).
    for begin, end in _code_spans("".join(chars)):
        _blank(chars, begin, end)
    return "".join(chars), headings


def _blank(chars: list[str], begin: int, end: int) -> None:
    """Spaces over ``chars[begin:end]``, line breaks kept: blanked, not removed, so
    offsets into the text still point at the same line."""
    for pos in range(begin, end):
        if chars[pos] not in "\r\n":
            chars[pos] = " "


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Inline code spans, left to right: a run of backticks up to the next run of the
    same length. (As one regex, a lazy match to a closing run retried at every opening
    run that has none: a file of unpaired runs took seconds.)"""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    closing: list[int | None] = [None] * len(runs)
    next_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        closing[index] = next_of_length.get(length)
        next_of_length[length] = index
    spans = []
    index = 0
    while index < len(runs):
        close = closing[index]
        if close is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[close][1]))
        index = close + 1
    return spans


def _reference_texts(masked: str) -> dict[str, str]:
    """Link text of the first ``[text][label]`` / ``[label]`` use of each label."""
    texts: dict[str, str] = {}
    for m in _FULL_REFERENCE.finditer(masked):
        texts.setdefault(_label(m["label"] or m["text"]), m["text"])
    for m in _SHORTCUT.finditer(masked):
        texts.setdefault(_label(m["label"]), m["label"])
    return texts


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _plain(markdown_text: str | None) -> str | None:
    """Link text without emphasis and escapes; a nested image's alt text is kept."""
    if markdown_text is None:
        return None
    value = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    value = re.sub(r"\\(.)", r"\1", re.sub(r"(\*\*|__|\*|_|`|~~)", "", value))
    return clean_text(value)


def _trim(url: str) -> str:
    """A bare URL without the sentence punctuation after it (GFM's rule)."""
    while url and url[-1] in _TRAILING:
        url = url[:-1]
    return url


def _heading_before(headings: list[tuple[int, str]], offset: int) -> str | None:
    title = None
    for start, content in headings:
        if start > offset:
            break
        title = content
    return _plain(title)
