"""The page's own text: its paragraphs, without navigation, headers, footers, asides
and link lists, where a site repeats the headlines of its other pages.

Title matching reads it to settle a doubtful title (are the cited headline's rare words
in the article?) and the archive stage to measure how far a page drifted from its
capture. A regex pass over the body markup already read, not a DOM: it runs on every
page, and paragraphs are what both questions need.
"""

from __future__ import annotations

import html
import re

from citecheck.page.markup import TAG, drop_hidden, element_end

# Markup scanned (the streamed body is at most ~160 KB past the head).
MAIN_TEXT_SCAN_CHARS = 196_608
# Words kept: enough for the cited title's words to show up and for a word-count
# comparison, bounded so that a run's memo of captures stays small.
MAIN_TEXT_WORDS = 1200
# A paragraph of fewer words (or, in scripts written without spaces, characters) is
# a caption, a byline or a button, not the article.
_MIN_PARAGRAPH_WORDS = 6
_MIN_PARAGRAPH_CHARS = 40

# One pass finds what comes next: an element to skip whole (hidden, or the site's
# furniture), a comment, or a paragraph. Skipping by str.find to the element's end (as
# markup.drop_hidden does) and stopping once enough words are in: the page is scanned
# once, and a text-rich page only as far as its first MAIN_TEXT_WORDS words.
_NEXT = re.compile(
    r"<(?:(script|style|noscript|template|svg|iframe|select|nav|header|footer|aside|form"
    r"|menu)[\s/>]|(!--)|(p)[\s>])",
    re.IGNORECASE,
)
# Where a paragraph ends when its </p> is missing: the next block-level element.
_PARAGRAPH_END = re.compile(
    r"</p\s*>|<(?:p|div|h[1-6]|ul|ol|table|section|article|blockquote|figure|nav|aside"
    r"|footer|header|form)[\s>]|</(?:div|section|article|td|li|blockquote|figure)\s*>",
    re.IGNORECASE,
)


def main_text(body: str, limit: int = MAIN_TEXT_SCAN_CHARS) -> str:
    """The words of the page's paragraphs, single-spaced, at most MAIN_TEXT_WORDS."""
    markup = body[:limit]
    words: list[str] = []
    pos = 0
    while len(words) < MAIN_TEXT_WORDS:
        found = _NEXT.search(markup, pos)
        if found is None:
            break
        skipped, comment, _ = found.groups()
        if skipped or comment:
            end = element_end(markup, skipped, found.end())
            if end < 0:
                break  # open to the end of what was read: nothing visible follows
            pos = end
            continue
        start = found.end() - 1 if found.group(0).endswith(">") else markup.find(">", found.end())
        if start < 0:
            break
        end_match = _PARAGRAPH_END.search(markup, start + 1)
        stop = end_match.start() if end_match else len(markup)
        # After a </p>, go on past it; at the next block's opening, from there.
        closed = end_match is not None and end_match.group(0)[:3].lower() == "</p"
        pos = end_match.end() if closed and end_match else stop
        inner = markup[start + 1 : stop]
        if "<" in inner:
            inner = TAG.sub(" ", drop_hidden(inner))
        paragraph = inner.split()
        # Characters are counted only for a paragraph of few words (CJK text).
        if (
            len(paragraph) >= _MIN_PARAGRAPH_WORDS
            or sum(map(len, paragraph)) >= _MIN_PARAGRAPH_CHARS
        ):
            words.extend(paragraph)
    text = " ".join(words[:MAIN_TEXT_WORDS])
    return " ".join(html.unescape(text).split()) if "&" in text else text


class DeferredMainText:
    """A page's main_text, extracted from its markup the first time it is read.

    Most pages never need their paragraphs (their title settles the question), and
    extraction costs more than the rest of their analysis. Once read, the text is kept
    and the markup let go. Two threads reading at once both extract the same text.
    Equal to (and hashed as) its text, so an analysis compares as before.
    """

    __slots__ = ("_markup", "_text")

    def __init__(self, markup: str) -> None:
        self._markup: str | None = markup[:MAIN_TEXT_SCAN_CHARS]
        self._text: str | None = None

    def text(self) -> str:
        text = self._text
        if text is None:
            markup = self._markup
            if markup is None:  # another thread has just extracted it
                return self._text or ""
            text = self._text = main_text(markup)
            self._markup = None
        return text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredMainText):
            other = other.text()
        return self.text() == other if isinstance(other, str) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.text())

    def __repr__(self) -> str:
        return f"DeferredMainText({'unread' if self._text is None else repr(self._text[:40])})"

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        # Sent to another process as the text itself, not the markup.
        return str, (self.text(),)
