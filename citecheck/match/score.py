"""How alike two titles are: weighted term overlap of their best pair of variants.

A score in [0, 1]; citecheck.match.compare turns it into a decision.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from citecheck.match.informative import Term
from citecheck.match.normalise import normalise
from citecheck.match.variants import MIN_STEM, TitleVariant, is_cjk_heavy, title_variants
from citecheck.page.affix import key, split_pieces

# A cited title contained whole in the page title (or the reverse) matches when the
# contained side is at least this many tokens: truncated citations, subtitles, kickers.
_MIN_CONTAINED_TOKENS = 4
_MIN_CONTAINED_CJK = 8


# A shared leading piece longer than this is a shared headline, not a kicker or section.
_MAX_SHARED_LEAD_TOKENS = 4
# A shared trailing piece longer than this is a shared headline, not a site's name (the
# longest names run to five words: "The Times of India", "South China Morning Post"):
# "Opinion: <headline>" and "Analysis: <headline>" are one headline under two kickers.
_MAX_SHARED_TAIL_WORDS = 6


def drop_shared_affixes(a: str, b: str) -> tuple[str, str, bool]:
    """Both titles without the pieces they share at their ends, and whether a trailing
    piece was shared. "Mozilla - Wikipedia" and "Bob Dylan - Wikipedia" -> "Mozilla",
    "Bob Dylan": a shared site name or section says nothing about the headlines."""
    pa, pb = split_pieces(a), split_pieces(b)
    ka, kb = [key(p) for p in pa], [key(p) for p in pb]
    short, long = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    if short in (long[: len(short)], long[len(long) - len(short) :]):
        # One title is the other plus a kicker or suffix ("Live updates: X: Y" and "X: Y"):
        # the shared pieces are the headline itself.
        return a, b, False
    trailing = False
    while (
        len(pa) > 1
        and len(pb) > 1
        and key(pa[-1]) == key(pb[-1])
        and len(pa[-1].split()) <= _MAX_SHARED_TAIL_WORDS
    ):
        pa, pb, trailing = pa[:-1], pb[:-1], True
    while (
        len(pa) > 1
        and len(pb) > 1
        and key(pa[0]) == key(pb[0])
        and len(pa[0].split()) <= _MAX_SHARED_LEAD_TOKENS
    ):
        pa, pb = pa[1:], pb[1:]
    return " - ".join(pa), " - ".join(pb), trailing


def _contained(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` appears as a contiguous run of ``long``'s tokens."""
    n = len(short)
    if n == 0 or n > len(long):
        return False
    first = short[0]
    return any(long[i] == first and long[i : i + n] == short for i in range(len(long) - n + 1))


# Two words are one term in another form ("rebel"/"rebels", "evacuate"/"evacuation")
# when they share a prefix of MIN_STEM letters (and at least all but two letters of the
# shorter), and the longer adds at most _MAX_SUFFIX letters to it.
_MAX_SUFFIX = 4
# Character similarity only breaks ties between term overlaps: its share of the score.
_CHAR_SHARE = 0.1


def same_term(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_STEM or len(long) - len(short) > _MAX_SUFFIX or short.isdigit():
        return False
    common = 0
    for x, y in zip(short, long, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(MIN_STEM, len(short) - 2) and len(long) - common <= _MAX_SUFFIX


def _covered(terms: tuple[Term, ...], other: TitleVariant, ignore: frozenset[str]) -> float:
    """The weight of ``terms`` that ``other`` also has, but for its ``ignore`` terms."""
    total = 0.0
    texts, stems = other.texts, other.stems
    for term in terms:
        text = term.text
        if text in texts and text not in ignore:
            total += term.weight
            continue
        forms = stems.get(text[:MIN_STEM])
        if forms and any(o not in ignore and same_term(text, o) for o in forms):
            total += term.weight
    return total


def term_overlap(a: TitleVariant, b: TitleVariant) -> float:
    """Weighted overlap (Dice) of the two titles' terms in [0, 1]: the share of all
    information in either title that the other one carries too. Either title's site
    vocabulary counts for neither."""
    site = a.site_terms | b.site_terms
    a_terms = tuple(t for t in a.terms if t.text not in site) if site else a.terms
    b_terms = tuple(t for t in b.terms if t.text not in site) if site else b.terms
    weight_a = sum(t.weight for t in a_terms) if site else a.weight
    weight_b = sum(t.weight for t in b_terms) if site else b.weight
    if weight_a + weight_b == 0:
        # Nothing but function words on both sides ("How to"): count terms plainly.
        a_texts, b_texts = {t.text for t in a_terms}, {t.text for t in b_terms}
        if not a_texts or not b_texts:
            return 0.0
        return 2 * len(a_texts & b_texts) / (len(a_texts) + len(b_texts))
    covered = _covered(a_terms, b, site) + _covered(b_terms, a, site)
    return covered / (weight_a + weight_b)


def pair_score(a: TitleVariant, b: TitleVariant) -> float:
    """Similarity of two normalised titles in [0, 1] (symmetric)."""
    if a.norm == b.norm:
        return 1.0
    chars = max(fuzz.ratio(a.norm, b.norm), fuzz.token_sort_ratio(a.norm, b.norm)) / 100
    score = (1 - _CHAR_SHARE) * term_overlap(a, b) + _CHAR_SHARE * chars
    short, long = (a, b) if (len(a.toks), a.norm) <= (len(b.toks), b.norm) else (b, a)
    if short.piece:
        return score
    minimum = _MIN_CONTAINED_CJK if is_cjk_heavy(short.toks) else _MIN_CONTAINED_TOKENS
    if len(short.toks) >= minimum:
        if _contained(short.toks, long.toks):
            # A truncated citation or a page title with a subtitle: same document.
            score = max(score, 0.9 + 0.1 * len(short.toks) / len(long.toks))
        elif len(short.norm) >= 20:
            # Truncated mid-word or with small edits: best aligned substring.
            partial = fuzz.partial_ratio(short.norm, long.norm) / 100
            if partial >= 0.9:
                score = max(score, 0.85 * partial + 0.15 * len(short.norm) / len(long.norm))
    return min(score, 1.0)


def _score(cited: str, found: str, site_keys: tuple[str, ...], pieces: bool) -> float:
    best = 0.0
    for fv in title_variants(found, site_keys):
        for cv in title_variants(cited, site_keys):
            if not pieces and cv.piece and fv.piece:
                # Two pieces alike are usually the same site name or section.
                continue
            best = max(best, pair_score(cv, fv))
            if best >= 1.0:
                return best
    return best


def title_score(cited: str, found: str, site_keys: tuple[str, ...] = ()) -> float:
    """How well ``found`` (a page title) agrees with ``cited``, in [0, 1]."""
    if normalise(cited) == normalise(found):
        # Identical after normalisation: affix splitting must not lower that (a soft
        # hyphen or dash can look like a site-name separator).
        return 1.0
    mine, theirs, trailing = drop_shared_affixes(cited, found)
    if trailing:
        # Both end with the same site or section name: only the rest can tell them apart.
        return _score(mine, theirs, site_keys, pieces=True)
    score = _score(cited, found, site_keys, pieces=False)
    if (mine, theirs) != (cited, found):
        score = max(score, _score(mine, theirs, site_keys, pieces=True))
    return score


def best_score(
    cited: list[str], found: list[tuple[str, str]], site_keys: tuple[str, ...]
) -> tuple[float, str, str, str]:
    """(score, found text, its source, the cited title) of the best-agreeing pair."""
    best = (0.0, found[0][0], found[0][1], cited[0])
    for text, source in found:
        for cited_title in cited:
            score = title_score(cited_title, text, site_keys)
            if score > best[0]:
                best = (score, text, source, cited_title)
                if score >= 1.0:
                    return best
    return best
