"""Markdown: inline links, reference definitions, autolinks and bare URLs.

markdown-it-py finds the block structure (code blocks and fences are skipped,
headings give bare URLs a title) and the inline code spans, by CommonMark's rules:
a span stays inside its paragraph, and a backtick without a partner is text.
Links are then found in the remaining text with code spans blanked out, so every
reference has an exact character span. The cited title is the link text as
rendered, the definition's title, or the nearest heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from citecheck.models import Reference
from citecheck.sources.base import Reader, ReadResult
from citecheck.sources.textutil import LineIndex, clean_text, unique_id

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

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

        link_texts = _reference_texts(masked, text)
        for m in _DEFINITION.finditer(masked):
            if claim(m.start("url"), m.end("url")):
                given = m["t1"] or m["t2"] or m["t3"]
                title = _unescape(given) if given else link_texts.get(_label(m["label"]))
                found.append(_Found(m.start(), m.end(), m["url"], title))
        for m in _INLINE.finditer(masked):
            if claim(m.start(), m.end()):
                # The text as written (code spans in it are blanked in ``masked``).
                label = text[m.start("text") : m.end("text")]
                found.append(_Found(m.start(), m.end(), m["url"], _rendered(label)))
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
    md = _parser()
    tokens = md.parse(text)
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
        elif token.type == "inline":
            # Inline code spans hold examples, not citations.
            for begin, end in _code_spans(token.content, first, text, starts):
                _blank(chars, begin, end)
    return "".join(chars), headings


@cache
def _parser() -> MarkdownIt:
    """CommonMark block parser whose inline pass is run per block by ``_code_spans``,
    with the code-span rule wrapped to record where each span starts and ends."""
    # Imported here: every run registers this reader, few read Markdown (~20 ms).
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import backtick

    def recording_backtick(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not backtick(state, silent):
            return False
        # An unpaired backtick run is matched too, and becomes pending text.
        if len(state.tokens) > count and state.tokens[-1].type == "code_inline":
            state.env["code_spans"].append((start, state.pos))
        return True

    md = MarkdownIt("commonmark")
    md.inline.ruler.at("backticks", recording_backtick)
    md.disable("inline")  # the core rule: blocks' inline content is parsed on demand
    return md


def _inline(source: str) -> tuple[list[Token], list[tuple[int, int]]]:
    """The inline tokens of ``source`` and its code spans' offsets within it."""
    md = _parser()
    env: dict[str, list[tuple[int, int]]] = {"code_spans": []}
    tokens: list[Token] = []
    md.inline.parse(source, md, env, tokens)
    return tokens, env["code_spans"]


def _code_spans(
    content: str, first_line: int, text: str, starts: list[int]
) -> list[tuple[int, int]]:
    """Offsets in ``text`` of the code spans of one block's inline ``content``.

    markdown-it gives a block's content without its container markers and
    indentation (``> ``, list indents); each content line is found again at the end
    of its source line, or, for a heading, inside it.
    """
    spans = _inline(content)[1]
    if not spans:
        return []
    line_offsets = _content_line_offsets(content, first_line, text, starts)
    if line_offsets is None:  # a line markdown-it rewrote (tabs in the indent): no span
        return []

    def source_offset(pos: int) -> int:
        line = content.count("\n", 0, pos)
        return line_offsets[line] + pos - (content.rfind("\n", 0, pos) + 1)

    return [(source_offset(begin), source_offset(end)) for begin, end in spans]


def _content_line_offsets(
    content: str, first_line: int, text: str, starts: list[int]
) -> list[int] | None:
    offsets: list[int] = []
    lines = content.split("\n")
    for index, line in enumerate(lines):
        number = first_line + index
        if number >= len(starts):
            return None
        begin = starts[number]
        end = starts[number + 1] if number + 1 < len(starts) else len(text)
        source = text[begin:end].rstrip("\r\n")
        if index == len(lines) - 1:
            source = source.rstrip()  # the block's content is stripped at its end
        if source.endswith(line):
            offsets.append(begin + len(source) - len(line))
        elif (found := source.find(line)) >= 0:  # an ATX heading's closing #s
            offsets.append(begin + found)
        else:
            return None
    return offsets


def _blank(chars: list[str], begin: int, end: int) -> None:
    """Spaces over ``chars[begin:end]``, line breaks kept: blanked, not removed, so
    offsets into the text still point at the same line."""
    for pos in range(begin, end):
        if chars[pos] not in "\r\n":
            chars[pos] = " "


def _reference_texts(masked: str, text: str) -> dict[str, str | None]:
    """Rendered link text of the first ``[text][label]`` / ``[label]`` use of each label."""
    texts: dict[str, str | None] = {}
    for m in _FULL_REFERENCE.finditer(masked):
        label = _label(m["label"] or m["text"])
        if label not in texts:
            texts[label] = _rendered(text[m.start("text") : m.end("text")])
    for m in _SHORTCUT.finditer(masked):
        label = _label(m["label"])
        if label not in texts:
            texts[label] = _rendered(text[m.start("label") : m.end("label")])
    return texts


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _rendered(markdown_text: str | None) -> str | None:
    """What a reader sees of inline Markdown: emphasis and escapes resolved, code
    spans' text kept, a nested image's alt text kept, raw HTML dropped."""
    if markdown_text is None:
        return None
    return clean_text("".join(_token_text(t) for t in _inline(markdown_text)[0]))


def _token_text(token: Token) -> str:
    if token.type in ("text", "text_special", "code_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return " "
    if token.type == "image":
        return "".join(_token_text(child) for child in token.children or ())
    return ""  # markup (emphasis, link open/close) and raw HTML


def _unescape(title: str) -> str | None:
    """A definition's quoted title: backslash escapes resolved, nothing else is markup."""
    return clean_text(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", title))


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
    return _rendered(title)
