"""Page fingerprints and the soft-404 sibling probe.

A site that answers 200 for pages that do not exist shows the same page for every
unknown URL. citecheck requests a random sibling of a cited URL once per host (the
*probe*); a cited page that looks like the probe's response is an error page too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from posixpath import splitext
from urllib.parse import urlsplit, urlunsplit

from rapidfuzz import fuzz

from citecheck.page.affix import key
from citecheck.page.types import FINGERPRINT_CHARS, PageAnalysis, PageFingerprint

# Two different articles of one site share navigation and footer text: their word
# sets overlap, but far less than two responses of the same error template do.
_SAME_TEXT = 0.8
_DIFFERENT_TEXT = 0.3
_MIN_WORDS_TO_DISAGREE = 50
_SIMILAR_TITLE = 85.0


def fingerprint_of(title: str | None, text: str, canonical: str | None) -> PageFingerprint:
    # The text is already single-spaced words; punctuation stays attached, identically in
    # both pages compared.
    title_key = key(title) if title else None
    return PageFingerprint(title_key or None, text[:FINGERPRINT_CHARS], canonical or None)


@lru_cache(maxsize=256)
def _shingles(words: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """The word 3-grams of a text (the whole text when it has fewer words).

    Cached: a site's probe page is compared with every cited page of its section.
    """
    if len(words) < 3:
        return frozenset({words}) if words else frozenset()
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def text_similarity(a: PageFingerprint, b: PageFingerprint) -> float:
    """Jaccard similarity of the two pages' word 3-gram sets, in [0, 1]."""
    x, y = _shingles(a.words), _shingles(b.words)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def same_template(probe: PageAnalysis, page: PageAnalysis) -> bool:
    """Does ``page`` look like the response to a random nonexistent URL of its host?"""
    p, q = probe.fingerprint, page.fingerprint
    if p.is_empty or q.is_empty:
        return False
    # (The texts' similarity, the costly part, only where the titles leave it to decide.)
    if p.title_key and p.title_key == q.title_key:
        # One title for every URL. Unless the texts clearly differ (a site that gives all
        # its pages one title), this is the error template.
        both_wordy = min(len(p.words), len(q.words)) >= _MIN_WORDS_TO_DISAGREE
        return not (both_wordy and text_similarity(p, q) < _DIFFERENT_TEXT)
    if p.title_key and q.title_key:
        # Error templates often echo the requested path in the title ("Nothing found for
        # xyz"): the same title once the echoed names are swapped, and nearly the same text.
        similar_title = (
            _echoed_title(probe, page) == q.title_key
            or fuzz.ratio(p.title_key, q.title_key) >= _SIMILAR_TITLE
        )
        return similar_title and text_similarity(p, q) >= _SAME_TEXT
    if p.title_key is None and q.title_key is None:
        return text_similarity(p, q) >= _SAME_TEXT
    return False


def _last_segment_key(url: str) -> str:
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    segments = [s for s in path.split("/") if s]
    return key(splitext(segments[-1])[0]) if segments else ""


def _echoed_title(probe: PageAnalysis, page: PageAnalysis) -> str | None:
    """The probe's title with its echoed random token replaced by the page's last segment."""
    token = _last_segment_key(probe.url)
    title = probe.fingerprint.title_key
    if len(token) < 6 or not title or token not in title:
        return None
    return title.replace(token, _last_segment_key(page.url))


def probe_url_for(url: str, token: str) -> str:
    """A sibling of ``url`` that cannot exist: its last path segment replaced by ``token``
    (keeping its extension, so routing by suffix sees the same kind of URL); query and
    fragment dropped. For a URL at the root, ``/token``.

    https://host/news/2018/04/story.html -> https://host/news/2018/04/TOKEN.html
    https://host/news/2018/04/story/     -> https://host/news/2018/04/TOKEN/
    https://host/                        -> https://host/TOKEN
    """
    parts = urlsplit(url)
    path = parts.path or "/"
    trailing = path.endswith("/") and path != "/"
    segments = [s for s in path.split("/") if s]
    if not segments:
        new_path = "/" + token
    else:
        _, ext = splitext(segments[-1])
        # Only a short alphanumeric suffix is an extension (not ".2018-04-03-slug").
        ext = ext if re.fullmatch(r"\.[A-Za-z0-9]{1,5}", ext or "") else ""
        segments[-1] = token + ext
        new_path = "/" + "/".join(segments) + ("/" if trailing else "")
    return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))


def root_probe_url_for(url: str, token: str) -> str:
    """The host-level probe: ``scheme://host/token``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + token, "", ""))
