"""A title's variants: the forms of it that may be what another title says.

A page title and a citation differ in site-name affixes, kickers ("Live updates: ..."),
and which separated piece is the headline; each title is compared as all its variants.
Each variant carries its terms weighted by how informative they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from citecheck.match.informative import Term, languages_for, term_keys, weigh
from citecheck.match.normalise import KICKER, normalise, tokens
from citecheck.match.script import dominant_script, guess_language
from citecheck.page.affix import key, split_pieces, strip_site_affixes

# Kickers a page puts before the headline ("Live updates: ...", "Analysis | ...").
# Two forms of one word share a prefix this long (see citecheck.match.score.same_term):
# a variant indexes its terms by it.
MIN_STEM = 4


@dataclass(frozen=True)
class TitleVariant:
    """One form of a title, normalised, its terms weighed."""

    norm: str
    toks: tuple[str, ...]
    # A separated piece of a title (not the whole headline): it may only match a whole
    # title by similarity, never by being contained in it.
    piece: bool = False
    # Its terms weighted by how informative they are (citecheck.match.informative).
    terms: tuple[Term, ...] = ()
    # Its terms' texts, and those texts by their first MIN_STEM characters: the only
    # terms another form of a word can be (see citecheck.match.score.same_term).
    texts: frozenset[str] = frozenset()
    stems: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Terms of its title's site affix ("Lyrics" of "X Lyrics | Genius Lyrics"): the site's
    # vocabulary, shared by its every page, so no evidence either way.
    site_terms: frozenset[str] = frozenset()
    # The sum of its terms' weights (summed once here, not for every pair compared).
    weight: float = 0.0


# Pieces shorter than this are names and sections ("Wikipedia", "Opinion"), not headlines.
_MIN_PIECE_TOKENS = 3
_MIN_PIECE_CJK = 6


def title_variant(
    text: str, piece: bool = False, languages: tuple[str, ...] | None = None
) -> TitleVariant | None:
    norm = normalise(text)
    if not norm:
        return None
    toks = tuple(tokens(norm))
    if languages is None:
        languages = _languages(norm)
    terms = weigh(toks, languages)
    stems: dict[str, tuple[str, ...]] = {}
    for t in terms:
        if len(t.text) >= MIN_STEM:
            stems[t.text[:MIN_STEM]] = (*stems.get(t.text[:MIN_STEM], ()), t.text)
    return TitleVariant(norm, toks, piece, terms, frozenset(t.text for t in terms), stems,
                        weight=sum(t.weight for t in terms))


def _languages(norm: str) -> tuple[str, ...]:
    """The word lists that weigh a normalised title (by its script and function words)."""
    return languages_for(dominant_script(norm), guess_language(norm.split()))


# Pages are compared with many references (and probes with many pages): cache the work.
@lru_cache(maxsize=4096)
def title_variants(
    text: str, site_keys: tuple[str, ...], languages: tuple[str, ...] | None = None
) -> tuple[TitleVariant, ...]:
    """The title, without site affixes, without a kicker, and its long separated pieces."""
    stripped = strip_site_affixes(text, site_keys)
    texts = [(text, False), (stripped, False)]
    kicker = KICKER.match(text)
    if kicker:
        texts.append((text[kicker.end() :], False))
    pieces = split_pieces(text)
    if len(pieces) > 1:
        texts.extend((p, True) for p in pieces if key(p) not in site_keys)
    out: list[TitleVariant] = []
    seen: set[str] = set()
    site_terms = _affix_terms(text, stripped)
    if languages is None:
        # One title, one language: its pieces are weighed as the whole is.
        languages = _languages(normalise(text))
    for t, piece in texts:
        if normalise(t) in seen:
            continue  # a form already kept ("stripped" is often the title itself)
        v = title_variant(t, piece, languages)
        if v is None:
            continue
        if site_terms:
            v = replace(v, site_terms=site_terms)
        minimum = _MIN_PIECE_CJK if is_cjk_heavy(v.toks) else _MIN_PIECE_TOKENS
        if piece and len(v.toks) < minimum:
            continue
        seen.add(v.norm)
        out.append(v)
    return tuple(out)


def _affix_terms(text: str, stripped: str) -> frozenset[str]:
    """The terms ``text`` has beyond ``stripped`` (its site affixes), counted: "lyrics"
    twice in "X Lyrics | Genius Lyrics" and once in "X Lyrics" is a site term."""
    if stripped == text:
        return frozenset()
    extra = Counter(term_keys(tokens(normalise(text)))) - Counter(
        term_keys(tokens(normalise(stripped)))
    )
    return frozenset(extra)


def is_cjk_heavy(toks: tuple[str, ...]) -> bool:
    if "".join(toks).isascii():
        return False  # (most titles: no token needs looking at)
    return sum(len(t) == 1 and not t.isascii() for t in toks) * 2 > len(toks)
