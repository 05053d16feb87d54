"""Which response bodies the page stage reads, by media type."""

from __future__ import annotations

# Markup whose <head> and text we analyse. A missing type is treated as HTML, as
# browsers sniff it; text/plain, images, JSON and the like carry no title.
_MARKUP_PREFIXES = ("text/html", "application/xhtml", "text/xml", "application/xml")


def media_type(content_type: str | None) -> str | None:
    """ "Text/HTML; charset=x" -> "text/html"; None when absent or empty."""
    value = (content_type or "").split(";", 1)[0].strip().lower()
    return value or None


def is_markup(ctype: str | None) -> bool:
    """Whether a body of media type ``ctype`` (from media_type) is read as markup."""
    return ctype is None or ctype.startswith(_MARKUP_PREFIXES) or ctype.endswith("+xml")
