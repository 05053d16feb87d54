"""How much of a cited title's information a page's own text has (its paragraphs)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from citecheck.match.conflict import inflected
from citecheck.match.informative import term_keys
from citecheck.match.normalise import normalise, tokens
from citecheck.match.score import same_term
from citecheck.match.variants import MIN_STEM, title_variant

# Distinct terms a text needs to speak: a thin page (a video, a gallery, a few captions)
# is no evidence that the title's words are missing. (40 and 80 gave the same decisions
# on the corpus; 80 is the cautious side.)
_MIN_TEXT_TERMS = 80


def text_coverage(cited: str, text: str) -> float | None:
    """The share of the cited title's information (term weight) that occurs in ``text``,
    or None when the text is too short to say, or the title has no informative term."""
    if not text:
        return None
    title = title_variant(cited)
    if title is None:
        return None
    terms = _text_terms(text)
    if len(terms[0]) < _MIN_TEXT_TERMS:
        return None
    total = sum(t.weight for t in title.terms)
    if total == 0:
        return None
    return sum(t.weight for t in title.terms if _has(terms, t.text, same_term)) / total


def mentions(text: str, terms: tuple[str, ...]) -> tuple[bool, list[str]]:
    """(whether ``text`` is long enough to speak, which of ``terms`` it has in some
    form): does a page's text mention the details a sibling page would not?"""
    if not text:
        return False, []
    text_terms = _text_terms(text)
    # The stricter sense of "another form" (conflict.inflected): "based" is no form of
    # "basement" when the question is whether the page names the cited detail.
    found = [t for t in terms if _has(text_terms, t, inflected)]
    return len(text_terms[0]) >= _MIN_TEXT_TERMS, found


_TextTerms = tuple[frozenset[str], dict[str, list[str]]]


def _has(text_terms: _TextTerms, term: str, same: Callable[[str, str], bool]) -> bool:
    """Whether the text has ``term`` as it is, or in another form by ``same``."""
    words, by_stem = text_terms
    return term in words or any(same(term, w) for w in by_stem.get(term[:MIN_STEM], ()))


@lru_cache(maxsize=64)
def _text_terms(text: str) -> _TextTerms:
    """The distinct terms of a page's text, and those terms by their first MIN_STEM
    characters (the prefix any other form of a word shares with it). normalise's own
    cache is for titles: a page's text would crowd them out of it."""
    words = frozenset(term_keys(tokens(normalise.__wrapped__(text))))
    by_stem: dict[str, list[str]] = {}
    for word in words:
        if len(word) >= MIN_STEM:
            by_stem.setdefault(word[:MIN_STEM], []).append(word)
    return words, by_stem
