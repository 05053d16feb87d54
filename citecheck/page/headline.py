"""Choosing the headline a reader sees from the titles a page offers."""

from __future__ import annotations

import re

from citecheck.page.affix import (
    affix_from_pair,
    key,
    shared_pipe_tail,
    site_keys_of,
    strip_site_affixes,
)
from citecheck.page.types import (
    SOURCE_CITATION,
    SOURCE_DC,
    SOURCE_H1,
    SOURCE_JSONLD,
    SOURCE_OG,
    SOURCE_PDF,
    SOURCE_TITLE,
    SOURCE_TWITTER,
    TitleCandidate,
)

# Rank of each source. Measured on the title corpus (tests/data/titles): og:title is
# the headline without the site suffix far more often than <title>; scholarly
# citation_title beats both; <h1> is often a logo or a section name, so it comes last.
SOURCE_RANK = {
    SOURCE_CITATION: 0,
    SOURCE_PDF: 0,
    SOURCE_OG: 1,
    SOURCE_JSONLD: 2,
    SOURCE_TWITTER: 3,
    SOURCE_DC: 4,
    SOURCE_TITLE: 5,
    SOURCE_H1: 6,
}
# Titles that name no document: placeholders of CMSs and PDF producers.
_PLACEHOLDER = re.compile(
    r"^(?:untitled(?: document)?|no title|new page|home|homepage|index|default|document\d*"
    r"|microsoft word - .*|slide ?\d+|title|null|none|undefined|\W*|\d+)$",
    re.IGNORECASE,
)


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.match(text.strip()))


def rank_candidates(found: list[tuple[str, str]]) -> tuple[TitleCandidate, ...]:
    """Distinct (source, text) pairs ordered best first (stable within a source)."""
    seen: set[tuple[str, str]] = set()
    unique: list[TitleCandidate] = []
    for source, text in found:
        if (source, text) not in seen:
            seen.add((source, text))
            unique.append(TitleCandidate(text, source))
    return tuple(
        sorted(unique, key=lambda c: (SOURCE_RANK.get(c.source, 9), is_placeholder(c.text)))
    )


def choose_headline(
    candidates: tuple[TitleCandidate, ...], site_names: list[str], url: str | None
) -> tuple[str | None, str | None]:
    """(headline without site affixes, its source) or (None, None)."""
    usable = [c for c in candidates if not is_placeholder(c.text)]
    if not usable:
        return None, None
    names = list(site_names)
    # Affixes revealed by two candidates ("X" and "X | Site") are site names too.
    texts = [c.text for c in usable if c.source != SOURCE_H1]
    tail = shared_pipe_tail(texts)
    if tail:
        names.append(tail)
    for short in texts:
        for long in texts:
            affix = affix_from_pair(short, long)
            if affix and len(affix) <= 80:
                names.append(affix)
    site_keys = site_keys_of(names, url)
    site_only = set(site_keys)
    best: TitleCandidate | None = None
    for cand in usable:
        if key(cand.text) in site_only:
            # A title that is just the site's name says nothing about the document.
            continue
        if best is None:
            best = cand
    if best is None:
        return None, None
    headline = strip_site_affixes(best.text, site_keys)
    h1 = next((c for c in usable if c.source == SOURCE_H1 and key(c.text) not in site_only), None)
    if h1 is not None and h1 is not best and _h1_is_the_headline(h1, best, headline, usable):
        return strip_site_affixes(h1.text, site_keys), SOURCE_H1
    return headline, best.source


def _words(text: str) -> list[str]:
    # CJK text has no spaces: its characters stand for words.
    out: list[str] = []
    for word in _key_words(text):
        if any(ord(ch) >= 0x2E80 for ch in word):
            out.extend(word)
        else:
            out.append(word)
    return out


def _key_words(text: str) -> list[str]:
    return [w for w in (key(part) for part in text.split()) if w]


def _h1_is_the_headline(
    h1: TitleCandidate, best: TitleCandidate, headline: str, usable: list[TitleCandidate]
) -> bool:
    """Prefer the visible <h1> over metadata when it is clearly the same story's headline.

    On the corpus's human-written headlines the <h1> is what readers saw: og:title is
    often a shortened or SEO variant ("... Her Coat" for "... Her Céline Coat: 'I Wore
    It...'"). But an <h1> can also be a section name or a fragment, so it must be
    confirmed: another candidate says exactly the same, or it covers most of the
    metadata headline's words and is at least as long.
    """
    if affix_from_pair(h1.text, best.text):
        # The metadata title is this heading plus a separated affix.
        return True
    h1_key = key(h1.text)
    if any(c is not h1 and c.source != SOURCE_TITLE and key(c.text) == h1_key for c in usable):
        return True
    h1_words, meta_words = _words(h1.text), _words(headline)
    if not h1_words or not meta_words or len(h1_words) < len(meta_words):
        return False
    shared = len(set(h1_words) & set(meta_words)) / len(set(meta_words))
    return shared >= 0.6
