"""Is a cited quote on the page? Compared as a reader would: case, accents, quotation
marks, dashes, punctuation and spacing do not matter, and an ellipsis stands for text
the citer left out (each part must be there, in order).

Spacing is dropped altogether: a page breaks lines inside Chinese and Japanese
sentences, and markup splits words ("<b>re</b>bels") that a reader sees whole.
"""

from __future__ import annotations

import re

from citecheck.match.informative import fold_arabic_letters
from citecheck.match.normalise import normalise

# "…", "...", "[…]", "[...]", "(…)": something was left out here.
_ELLIPSIS = re.compile(r"[\[(]?\s*(?:…|\.\s*\.\s*\.)\s*[\])]?")
# A part shorter than this (after normalising) says nothing on its own ("a", "of").
_MIN_PART_CHARS = 3


def text_key(text: str) -> str:
    """``text`` as quotes are looked for in it. (normalise's cache is for titles.)"""
    return fold_arabic_letters(normalise.__wrapped__(text)).replace(" ", "")


def quote_parts(quote: str) -> list[str]:
    """The keys of the parts of ``quote`` between ellipses, in order."""
    parts = (text_key(part) for part in _ELLIPSIS.split(quote))
    return [p for p in parts if len(p) >= _MIN_PART_CHARS]


def quote_in(quote: str, key: str) -> bool | None:
    """Whether every part of ``quote`` occurs, in order, in the text whose text_key is
    ``key``; None when the quote has nothing to look for."""
    parts = quote_parts(quote)
    if not parts:
        return None
    pos = 0
    for part in parts:
        found = key.find(part, pos)
        if found < 0:
            return False
        pos = found + len(part)
    return True
