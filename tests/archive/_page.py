"""A plain ``<title>`` extractor and title comparer, injected until citecheck.page/match land.

Real but deliberately simple: decode with the declared charset (else a ``<meta charset>``,
else UTF-8), take the ``<title>``, call titles like "Page not found" error pages, and
compare titles after case-folding and whitespace collapsing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from citecheck.models import Reference, TitleMatch

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)
_ERROR_TITLE = re.compile(r"\b(not found|404|error|page unavailable)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SimplePage:
    title: str | None
    title_source: str | None
    error_signal: str | None
    parked_signal: str | None = None
    usurped_signal: str | None = None


def analyse(
    body: bytes, *, content_type: str | None, declared_charset: str | None, url: str
) -> SimplePage:
    charset = declared_charset
    if not charset:
        meta = _META_CHARSET.search(body[:4096])
        charset = meta.group(1).decode("ascii") if meta else "utf-8"
    match = _TITLE.search(body)
    if not match:
        return SimplePage(None, None, None)
    try:
        raw = match.group(1).decode(charset, errors="replace")
    except LookupError:
        raw = match.group(1).decode("utf-8", errors="replace")
    title = " ".join(html.unescape(raw).split()) or None
    error = "error title" if title and _ERROR_TITLE.search(title) else None
    return SimplePage(title, "title", error)


def compare(reference: Reference, page: SimplePage) -> TitleMatch:
    if not reference.title or not page.title:
        return TitleMatch.UNKNOWN
    same = reference.title.casefold().split() == page.title.casefold().split()
    return TitleMatch.MATCH if same else TitleMatch.MISMATCH
