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

from citecheck.page.markup import TAG, drop_elements, drop_hidden

# Markup scanned (the streamed body is at most ~160 KB past the head).
MAIN_TEXT_SCAN_CHARS = 196_608
# Words kept: enough for the cited title's words to show up and for a word-count
# comparison, bounded so that a run's memo of captures stays small.
MAIN_TEXT_WORDS = 1200
# A paragraph of fewer words (or, in scripts written without spaces, characters) is
# a caption, a byline or a button, not the article.
_MIN_PARAGRAPH_WORDS = 6
_MIN_PARAGRAPH_CHARS = 40

_BOILERPLATE_OPEN = re.compile(r"<(nav|header|footer|aside|form|menu)[\s>]", re.IGNORECASE)
_PARAGRAPH_OPEN = re.compile(r"<p[\s>]", re.IGNORECASE)
# Where a paragraph ends when its </p> is missing: the next block-level element.
_PARAGRAPH_END = re.compile(
    r"</p\s*>|<(?:p|div|h[1-6]|ul|ol|table|section|article|blockquote|figure)[\s>]"
    r"|</(?:div|section|article|td|li|blockquote|figure)\s*>",
    re.IGNORECASE,
)


def main_text(body: str, limit: int = MAIN_TEXT_SCAN_CHARS) -> str:
    """The words of the page's paragraphs, single-spaced, at most MAIN_TEXT_WORDS."""
    markup = drop_elements(drop_hidden(body[:limit]), _BOILERPLATE_OPEN)
    words: list[str] = []
    pos = 0
    while len(words) < MAIN_TEXT_WORDS:
        opening = _PARAGRAPH_OPEN.search(markup, pos)
        if opening is None:
            break
        start = markup.find(">", opening.start())
        if start < 0:
            break
        end = _PARAGRAPH_END.search(markup, start + 1)
        stop = end.start() if end else len(markup)
        # After a </p>, go on past it; at the next block's opening, from there.
        pos = end.end() if end and end.group(0)[:3].lower() == "</p" else stop
        paragraph = TAG.sub(" ", markup[start + 1 : stop]).split()
        long_enough = sum(map(len, paragraph)) >= _MIN_PARAGRAPH_CHARS
        if len(paragraph) >= _MIN_PARAGRAPH_WORDS or long_enough:
            words.extend(paragraph)
    text = " ".join(words[:MAIN_TEXT_WORDS])
    return " ".join(html.unescape(text).split()) if "&" in text else text
