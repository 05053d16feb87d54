"""Cleaning of text taken from markup or metadata (titles, site names, body text)."""

from __future__ import annotations

import html
import re

MAX_TITLE_CHARS = 1000

# Invisible characters that only steer rendering: bidi marks and embeddings, zero
# width space, BOM, soft hyphen. ZWJ/ZWNJ are kept: they change Persian, Indic and
# emoji text.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad\u2060]+")
# The parser has decoded entities once; a CMS that escaped twice leaves "&amp;amp;"
# behind, which would then show as "&amp;". Only real entity shapes are decoded again.
_LEFTOVER_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


# Unicode category Cc: C0 and C1 controls and DEL. They become spaces (a tab or newline
# separated words); the caller collapses the spaces.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def clean_text(text: str | None, limit: int = MAX_TITLE_CHARS) -> str | None:
    """Decode leftover entities, drop controls and bidi marks, collapse whitespace, cap length.

    Returns None when nothing visible is left.
    """
    if not text:
        return None
    if "&" in text and _LEFTOVER_ENTITY.search(text):
        text = html.unescape(text)
    if not (text.isascii() and text.isprintable()):
        # (Printable ASCII has neither controls nor invisible characters: most titles.)
        text = _CONTROLS.sub(" ", _INVISIBLE.sub("", text))
    # str.split() splits on every Unicode space (NBSP, ideographic space, ...).
    text = " ".join(text.split())
    if not text:
        return None
    return text[:limit].rstrip() if len(text) > limit else text
