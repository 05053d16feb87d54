"""Choosing the headline a reader sees from the titles a page offers."""

from __future__ import annotations

import re

from citecheck.page.affix import affix_from_pair, key, site_keys_of, strip_site_affixes
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
    return tuple(sorted(unique, key=lambda c: (SOURCE_RANK.get(c.source, 9),
                                               is_placeholder(c.text))))


def choose_headline(
    candidates: tuple[TitleCandidate, ...], site_names: list[str], url: str | None
) -> tuple[str | None, str | None]:
    """(headline without site affixes, its source) or (None, None)."""
    usable = [c for c in candidates if not is_placeholder(c.text)]
    if not usable:
        return None, None
    names = list(site_names)
    # Affixes revealed by two candidates ("X" and "X | Site") are site names too.
    texts = [c.text for c in usable]
    for short in texts:
        for long in texts:
            affix = affix_from_pair(short, long)
            if affix and len(affix) <= 80:
                names.append(affix)
    site_keys = site_keys_of(names, url)
    site_only = set(site_keys)
    for cand in usable:
        if key(cand.text) in site_only:
            # A title that is just the site's name says nothing about the document.
            continue
        return strip_site_affixes(cand.text, site_keys), cand.source
    return None, None
