"""Which listed pages may be the cited one: their slug or title carries the cited
title's informative words (rare words weigh, "the" and "new" do not:
citecheck.match.informative).

This only picks candidates to verify; the verdict on each is the title comparison of
the link check, made on the live page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from citecheck.archive.urlnorm import same_page
from citecheck.match.informative import Term, languages_for, term_keys, weigh
from citecheck.match.normalise import normalise, tokens
from citecheck.match.script import dominant_script, primary_language
from citecheck.moved.sitelists import ListedPage

# Share of the cited title's information a slug or listed title must carry.
MIN_COVERAGE = 0.6
# Candidates verified per dead link (each costs a request or two).
MAX_CANDIDATES = 3
# A cited title with less information than this (about one rare word: "The new one")
# would find its words in any slug: it picks no candidates.
MIN_INFORMATION = 3.0
_SLUG_SEPARATORS = re.compile(r"[-_+.,]+")
_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$", re.IGNORECASE)


def informative_terms(title: str, language: str | None) -> tuple[Term, ...]:
    """The cited title's terms that say something (weight above zero)."""
    norm = normalise(title)
    languages = languages_for(dominant_script(norm), primary_language(language))
    return tuple(t for t in weigh(tokens(norm), languages) if t.weight > 0)


def _slug_words(url: str) -> str:
    path = unquote(urlsplit(url).path)
    last = next((s for s in reversed(path.split("/")) if s), "")
    return _SLUG_SEPARATORS.sub(" ", _EXTENSION.sub("", last))


def coverage(terms: tuple[Term, ...], page: ListedPage) -> float:
    """Share of ``terms``' weight found in the page's slug or listed title."""
    total = sum(t.weight for t in terms)
    if total <= 0:
        return 0.0
    text = " ".join(x for x in (_slug_words(page.url), page.title) if x)
    found = set(term_keys(tokens(normalise(text))))
    return sum(t.weight for t in terms if t.text in found) / total


def likely_pages(
    titles: Iterable[str], language: str | None, pages: Iterable[ListedPage], *, dead_url: str
) -> list[ListedPage]:
    """Up to MAX_CANDIDATES listed pages most like a cited title, best first."""
    term_sets = [
        terms
        for terms in (informative_terms(title, language) for title in titles)
        if sum(t.weight for t in terms) >= MIN_INFORMATION
    ]
    if not term_sets:
        return []
    scored: dict[str, tuple[float, ListedPage]] = {}
    for page in pages:
        if same_page(page.url, dead_url):
            continue
        best = max(coverage(terms, page) for terms in term_sets)
        if best >= MIN_COVERAGE and best > scored.get(page.url, (0.0, page))[0]:
            scored[page.url] = (best, page)
    ranked = sorted(scored.values(), key=lambda pair: pair[0], reverse=True)
    return [page for _, page in ranked[:MAX_CANDIDATES]]
