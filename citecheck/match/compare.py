"""compare_titles: does the cited title name the page that was found?

Precision for `mismatch` matters most (a false alarm costs an editor time), so a
mismatch needs a comparable page title: same script, no sign of a different
language, a real headline (not a placeholder or the site's name), and no variant
of it close to any variant of the cited title. Anything doubtful is `unknown`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from citecheck.match.normalise import normalise, tokens
from citecheck.match.script import dominant_script, guess_language, primary_language
from citecheck.models import Reference, TitleMatch
from citecheck.page.affix import key, site_keys_of, split_pieces, strip_site_affixes
from citecheck.page.headline import is_placeholder
from citecheck.page.text import clean_text
from citecheck.page.types import PageAnalysis

# Score at or above which the titles match; below MISMATCH_BELOW they differ; between,
# `unknown`. Chosen on the title corpus (tests/match/test_corpus.py): every page scores
# 1.0 with its own headline; of 24,286 same-language pairs of different pages none
# scores above 0.64 and 1.4 % reach 0.5 (those become `unknown`, never `mismatch`).
MATCH_AT = 0.8
MISMATCH_BELOW = 0.5
# A cited title contained whole in the page title (or the reverse) matches when the
# contained side is at least this many tokens: truncated citations, subtitles, kickers.
_MIN_CONTAINED_TOKENS = 4
_MIN_CONTAINED_CJK = 8
# Kickers a page puts before the headline ("Live updates: ...", "Analysis | ...").
_KICKER = re.compile(r"^[^:|–—-]{1,30}?\s*(?::|\||–|—| - )\s+")


@dataclass(frozen=True)
class TitleComparison:
    match: TitleMatch
    score: float | None
    found: str | None
    source: str | None
    reason: str | None


@dataclass(frozen=True)
class _Variant:
    norm: str
    toks: tuple[str, ...]
    # A separated piece of a title (not the whole headline): it may only match a whole
    # title by similarity, never by being contained in it.
    piece: bool = False


# Pieces shorter than this are names and sections ("Wikipedia", "Opinion"), not headlines.
_MIN_PIECE_TOKENS = 3
_MIN_PIECE_CJK = 6


def _variant(text: str, piece: bool = False) -> _Variant | None:
    norm = normalise(text)
    if not norm:
        return None
    return _Variant(norm, tuple(tokens(norm)), piece)


# A shared leading piece longer than this is a shared headline, not a kicker or section.
_MAX_SHARED_LEAD_TOKENS = 4


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
    while len(pa) > 1 and len(pb) > 1 and key(pa[-1]) == key(pb[-1]):
        pa, pb, trailing = pa[:-1], pb[:-1], True
    while (
        len(pa) > 1
        and len(pb) > 1
        and key(pa[0]) == key(pb[0])
        and len(pa[0].split()) <= _MAX_SHARED_LEAD_TOKENS
    ):
        pa, pb = pa[1:], pb[1:]
    return " - ".join(pa), " - ".join(pb), trailing


# Pages are compared with many references (and probes with many pages): cache the work.
@lru_cache(maxsize=4096)
def _variants(text: str, site_keys: tuple[str, ...]) -> tuple[_Variant, ...]:
    """The title, without site affixes, without a kicker, and its long separated pieces."""
    texts = [(text, False), (strip_site_affixes(text, site_keys), False)]
    kicker = _KICKER.match(text)
    if kicker:
        texts.append((text[kicker.end() :], False))
    pieces = split_pieces(text)
    if len(pieces) > 1:
        texts.extend((p, True) for p in pieces if key(p) not in site_keys)
    out: list[_Variant] = []
    seen: set[str] = set()
    for t, piece in texts:
        v = _variant(t, piece)
        if v is None or v.norm in seen:
            continue
        minimum = _MIN_PIECE_CJK if _is_cjk_heavy(v.toks) else _MIN_PIECE_TOKENS
        if piece and len(v.toks) < minimum:
            continue
        seen.add(v.norm)
        out.append(v)
    return tuple(out)


def _is_cjk_heavy(toks: tuple[str, ...]) -> bool:
    return sum(len(t) == 1 and not t.isascii() for t in toks) * 2 > len(toks)


def _contained(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` appears as a contiguous run of ``long``'s tokens."""
    n = len(short)
    if n == 0 or n > len(long):
        return False
    first = short[0]
    return any(long[i] == first and long[i : i + n] == short for i in range(len(long) - n + 1))


def pair_score(a: _Variant, b: _Variant) -> float:
    """Similarity of two normalised titles in [0, 1] (symmetric)."""
    if a.norm == b.norm:
        return 1.0
    score = max(fuzz.ratio(a.norm, b.norm), fuzz.token_sort_ratio(a.norm, b.norm)) / 100
    short, long = (a, b) if (len(a.toks), a.norm) <= (len(b.toks), b.norm) else (b, a)
    if short.piece:
        return score
    minimum = _MIN_CONTAINED_CJK if _is_cjk_heavy(short.toks) else _MIN_CONTAINED_TOKENS
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
    for fv in _variants(found, site_keys):
        for cv in _variants(cited, site_keys):
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


def _best_score(
    cited: list[str], found: list[tuple[str, str]], site_keys: tuple[str, ...]
) -> tuple[float, str, str]:
    """(score, found text, its source) of the best-agreeing cited/found pair."""
    best = (0.0, found[0][0], found[0][1])
    for text, source in found:
        for cited_title in cited:
            score = title_score(cited_title, text, site_keys)
            if score > best[0]:
                best = (score, text, source)
                if score >= 1.0:
                    return best
    return best


def _languages_differ(
    reference: Reference, page: PageAnalysis, cited: str, found: str
) -> str | None:
    """Why the two titles are in different writing systems or languages, or None."""
    cited_script, found_script = dominant_script(cited), dominant_script(found)
    if cited_script and found_script and cited_script != found_script:
        return f"the page title is in {found_script} script, the cited title in {cited_script}"
    ref_lang, page_lang = primary_language(reference.language), primary_language(page.language)
    if ref_lang and page_lang and ref_lang != page_lang:
        return f"the page is in '{page_lang}', the citation says '{ref_lang}'"
    cited_lang = guess_language(normalise(cited).split())
    found_lang = guess_language(normalise(found).split()) or page_lang
    if cited_lang and found_lang and cited_lang != found_lang:
        return f"the cited title reads as '{cited_lang}', the page as '{found_lang}'"
    return None


def compare_titles(reference: Reference, page: PageAnalysis) -> TitleComparison:
    """Compare the cited title (and trans_title) with every title the page offers."""
    # Cited titles come from wikitext, BibTeX or HTML: clean them like page titles
    # ("&amp;", stray controls and bidi marks).
    cited = [c for c in (clean_text(t) for t in (reference.title, reference.trans_title)) if c]
    if not cited:
        return TitleComparison(
            TitleMatch.UNKNOWN, None, page.title, page.title_source, "no title cited"
        )
    if not page.title and not page.candidates:
        return TitleComparison(TitleMatch.UNKNOWN, None, None, None, "no title found on the page")
    site_keys = site_keys_of(
        list(reference.site_names) + ([page.site_name] if page.site_name else []),
        page.url or reference.url,
    )
    found_titles: list[tuple[str, str]] = []
    if page.title:
        found_titles.append((page.title, page.title_source or "title"))
    found_titles.extend(
        (c.text, c.source) for c in page.candidates if (c.text, c.source) not in found_titles
    )
    score, found, source = _best_score(cited, found_titles, site_keys)
    if score >= MATCH_AT:
        return TitleComparison(
            TitleMatch.MATCH, score, found, source, f"cited title matches the page's {source}"
        )
    headline, headline_source = page.title, page.title_source
    core = strip_site_affixes(headline, site_keys) if headline else ""
    if not headline or is_placeholder(core) or key(core) in site_keys:
        # "Home", "Syria Call - Home", "example.com": the page names no document.
        return TitleComparison(
            TitleMatch.UNKNOWN,
            score,
            found,
            source,
            "the page has no real headline to compare with",
        )
    differ = _languages_differ(reference, page, cited[0], headline)
    if differ and (
        reference.trans_title is None
        or dominant_script(reference.trans_title) != dominant_script(headline)
    ):
        return TitleComparison(
            TitleMatch.UNKNOWN,
            score,
            headline,
            headline_source,
            f"not comparable: {differ}, and no translation matches",
        )
    if score < MISMATCH_BELOW:
        return TitleComparison(
            TitleMatch.MISMATCH,
            score,
            headline,
            headline_source,
            f"cited title differs from the page's {headline_source}",
        )
    return TitleComparison(
        TitleMatch.UNKNOWN, score, found, source, "cited and page titles are only partly alike"
    )
