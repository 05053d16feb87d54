"""Page analysis (interim, minimal): the <title>/og:title of an HTML head.

The full analyser (more title sources, charset detection, soft-404 and
parked-domain signals) replaces this module; the API stays the same.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.I | re.S)
_OG = re.compile(rb"<meta[^>]+property=[\"']og:title[\"'][^>]+content=[\"']([^\"']*)", re.I)
_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.I)


@dataclass(frozen=True)
class TitleCandidate:
    text: str
    source: str


@dataclass(frozen=True)
class PageAnalysis:
    title: str | None = None
    title_source: str | None = None
    candidates: tuple[TitleCandidate, ...] = ()
    site_name: str | None = None
    language: str | None = None
    error_signal: str | None = None
    parked_signal: str | None = None
    fingerprint: str | None = None


def clean_title(text: str) -> str:
    text = html.unescape(text)
    text = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    return " ".join(text.split())[:1000]


def _decode(raw: bytes, charset: str | None, head: bytes) -> str:
    match = _CHARSET.search(head)
    for name in (charset, match.group(1).decode("ascii", "ignore") if match else None, "utf-8"):
        if not name:
            continue
        try:
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", "replace")


def analyse_page(
    body: bytes, *, content_type: str | None, declared_charset: str | None, url: str
) -> PageAnalysis:
    head = body.split(b"</head", 1)[0][:200_000]
    candidates = []
    for source, pattern in (("og:title", _OG), ("title", _TITLE)):
        found = pattern.search(head)
        if found:
            text = clean_title(_decode(found.group(1), declared_charset, head))
            if text:
                candidates.append(TitleCandidate(text, source))
    best = candidates[0] if candidates else None
    return PageAnalysis(
        title=best.text if best else None,
        title_source=best.source if best else None,
        candidates=tuple(candidates),
    )


def enough_bytes(prefix: bytes, content_type: str | None) -> bool:
    return b"</head" in prefix.lower()


def same_template(probe: PageAnalysis, page: PageAnalysis) -> bool:
    return probe.title is not None and probe.title == page.title


def redirect_is_moved_home(original_url: str, final_url: str) -> bool:
    original, final = urlsplit(original_url), urlsplit(final_url)
    return final.path in ("", "/") and original.path not in ("", "/") and not final.query


def probe_url_for(url: str, token: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/{token}"
