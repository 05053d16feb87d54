"""compare_titles: does the cited title name the page that was found?

Precision for `mismatch` matters most (a false alarm costs an editor time), so a
mismatch needs a comparable page title: same script, no sign of a different
language, a real headline (not a placeholder or the site's name), and no variant
of it close to any variant of the cited title. Anything doubtful is `unknown`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz

from citecheck.match.conflict import Conflict, detail_conflict, inflected
from citecheck.match.informative import Term, languages_for, term_keys, weigh
from citecheck.match.normalise import KICKER, normalise, tokens
from citecheck.match.script import dominant_script, guess_language, primary_language
from citecheck.models import Reference, TitleMatch
from citecheck.page.affix import key, site_keys_of, split_pieces, strip_site_affixes
from citecheck.page.headline import is_placeholder
from citecheck.page.text import clean_text
from citecheck.page.types import PageAnalysis

# Score (weighted term overlap, see pair_score) at or above which the titles match;
# below MISMATCH_BELOW they differ; between, the page's text decides (TEXT_*), else
# `unknown`. Chosen on hard cases of the title corpus (benchmarks/title_roc.py: each page
# against the most alike headline of another page of its host or language): 95 % of those
# score below 0.39, the worst 0.56; the same story reworded by its own site (an SEO
# <title> beside the print headline) scores 0.44-0.8, so below 0.4 is clear.
MATCH_AT = 0.8
MISMATCH_BELOW = 0.4
# A cited title contained whole in the page title (or the reverse) matches when the
# contained side is at least this many tokens: truncated citations, subtitles, kickers.
_MIN_CONTAINED_TOKENS = 4
_MIN_CONTAINED_CJK = 8
# Evidence from the page's own text (PageAnalysis.main_text) for a title that is neither
# clearly the cited one nor clearly another: the share of the cited title's information
# (term weight) found among the words of the page's paragraphs. At TEXT_CONFIRMS or more
# a reworded title (>= TEXT_MATCH_FLOOR) matches, and any other is not called a mismatch
# (it stays `unknown`, explained: two outlets' stories of one event read alike too);
# below TEXT_DENIES a partly alike title is a mismatch. Needs at least
# _MIN_TEXT_TERMS distinct terms of text to speak: a thin page (a video, a gallery, a few
# captions) is no evidence that the title's words are missing. (40 and 80 gave the same
# decisions on the corpus; 80 is the cautious side.)
TEXT_CONFIRMS = 0.8
TEXT_DENIES = 0.5
# A title clearly unlike the cited one is still no mismatch when the page's text has this
# share of the cited title's information: the page's headline may be an SEO rewording.
TEXT_DOUBTS = 0.65
TEXT_MATCH_FLOOR = 0.6
_MIN_TEXT_TERMS = 80


@dataclass(frozen=True)
class TitleComparison:
    match: TitleMatch
    score: float | None
    found: str | None
    source: str | None
    reason: str | None
    # False when the titles could not be compared at all (none cited, none found, no real
    # headline, other script or language): `unknown` then says nothing about the page.
    # True for an `unknown` that is a doubt: same script, partly alike.
    comparable: bool = True


@dataclass(frozen=True)
class _Variant:
    norm: str
    toks: tuple[str, ...]
    # A separated piece of a title (not the whole headline): it may only match a whole
    # title by similarity, never by being contained in it.
    piece: bool = False
    # Its terms weighted by how informative they are (citecheck.match.informative).
    terms: tuple[Term, ...] = ()
    # Its terms' texts, and those texts by their first _MIN_STEM characters: the only
    # terms another form of a word can be (see _same_term).
    texts: frozenset[str] = frozenset()
    stems: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Terms of its title's site affix ("Lyrics" of "X Lyrics | Genius Lyrics"): the site's
    # vocabulary, shared by its every page, so no evidence either way.
    site_terms: frozenset[str] = frozenset()


# Pieces shorter than this are names and sections ("Wikipedia", "Opinion"), not headlines.
_MIN_PIECE_TOKENS = 3
_MIN_PIECE_CJK = 6


def _variant(
    text: str, piece: bool = False, languages: tuple[str, ...] | None = None
) -> _Variant | None:
    norm = normalise(text)
    if not norm:
        return None
    toks = tuple(tokens(norm))
    if languages is None:
        languages = _languages(norm)
    terms = weigh(toks, languages)
    stems: dict[str, tuple[str, ...]] = {}
    for t in terms:
        if len(t.text) >= _MIN_STEM:
            stems[t.text[:_MIN_STEM]] = (*stems.get(t.text[:_MIN_STEM], ()), t.text)
    return _Variant(norm, toks, piece, terms, frozenset(t.text for t in terms), stems)


def _languages(norm: str) -> tuple[str, ...]:
    """The word lists that weigh a normalised title (by its script and function words)."""
    return languages_for(dominant_script(norm), guess_language(norm.split()))


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
def _variants(
    text: str, site_keys: tuple[str, ...], languages: tuple[str, ...] | None = None
) -> tuple[_Variant, ...]:
    """The title, without site affixes, without a kicker, and its long separated pieces."""
    stripped = strip_site_affixes(text, site_keys)
    texts = [(text, False), (stripped, False)]
    kicker = KICKER.match(text)
    if kicker:
        texts.append((text[kicker.end() :], False))
    pieces = split_pieces(text)
    if len(pieces) > 1:
        texts.extend((p, True) for p in pieces if key(p) not in site_keys)
    out: list[_Variant] = []
    seen: set[str] = set()
    site_terms = _affix_terms(text, stripped)
    if languages is None:
        # One title, one language: its pieces are weighed as the whole is.
        languages = _languages(normalise(text))
    for t, piece in texts:
        v = _variant(t, piece, languages)
        if v is None or v.norm in seen:
            continue
        if site_terms:
            v = replace(v, site_terms=site_terms)
        minimum = _MIN_PIECE_CJK if _is_cjk_heavy(v.toks) else _MIN_PIECE_TOKENS
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


def _is_cjk_heavy(toks: tuple[str, ...]) -> bool:
    return sum(len(t) == 1 and not t.isascii() for t in toks) * 2 > len(toks)


def _contained(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` appears as a contiguous run of ``long``'s tokens."""
    n = len(short)
    if n == 0 or n > len(long):
        return False
    first = short[0]
    return any(long[i] == first and long[i : i + n] == short for i in range(len(long) - n + 1))


# Two words are one term in another form ("rebel"/"rebels", "evacuate"/"evacuation")
# when they share a prefix this long (and at least all but two letters of the shorter),
# and the longer adds at most _MAX_SUFFIX letters to it.
_MIN_STEM = 4
_MAX_SUFFIX = 4
# Character similarity only breaks ties between term overlaps: its share of the score.
_CHAR_SHARE = 0.1


def _same_term(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < _MIN_STEM or len(long) - len(short) > _MAX_SUFFIX or short.isdigit():
        return False
    common = 0
    for x, y in zip(short, long, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(_MIN_STEM, len(short) - 2) and len(long) - common <= _MAX_SUFFIX


def _covered(terms: tuple[Term, ...], other: _Variant, ignore: frozenset[str]) -> float:
    """The weight of ``terms`` that ``other`` also has, but for its ``ignore`` terms."""
    total = 0.0
    for term in terms:
        text = term.text
        if (text in other.texts and text not in ignore) or any(
            o not in ignore and _same_term(text, o) for o in other.stems.get(text[:_MIN_STEM], ())
        ):
            total += term.weight
    return total


def term_overlap(a: _Variant, b: _Variant) -> float:
    """Weighted overlap (Dice) of the two titles' terms in [0, 1]: the share of all
    information in either title that the other one carries too. Either title's site
    vocabulary counts for neither."""
    site = a.site_terms | b.site_terms
    a_terms = tuple(t for t in a.terms if t.text not in site) if site else a.terms
    b_terms = tuple(t for t in b.terms if t.text not in site) if site else b.terms
    weight_a = sum(t.weight for t in a_terms)
    weight_b = sum(t.weight for t in b_terms)
    if weight_a + weight_b == 0:
        # Nothing but function words on both sides ("How to"): count terms plainly.
        a_texts, b_texts = {t.text for t in a_terms}, {t.text for t in b_terms}
        if not a_texts or not b_texts:
            return 0.0
        return 2 * len(a_texts & b_texts) / (len(a_texts) + len(b_texts))
    covered = _covered(a_terms, b, site) + _covered(b_terms, a, site)
    return covered / (weight_a + weight_b)


def pair_score(a: _Variant, b: _Variant) -> float:
    """Similarity of two normalised titles in [0, 1] (symmetric)."""
    if a.norm == b.norm:
        return 1.0
    chars = max(fuzz.ratio(a.norm, b.norm), fuzz.token_sort_ratio(a.norm, b.norm)) / 100
    score = (1 - _CHAR_SHARE) * term_overlap(a, b) + _CHAR_SHARE * chars
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
            TitleMatch.UNKNOWN, None, page.title, page.title_source, "no title cited",
            comparable=False,
        )
    if not page.title and not page.candidates:
        return TitleComparison(TitleMatch.UNKNOWN, None, None, None, "no title found on the page",
                               comparable=False)
    site_keys = site_keys_of(
        list(reference.site_names) + ([page.site_name] if page.site_name else []),
        page.url or reference.url,
    )
    found_titles: list[tuple[str, str]] = []
    if page.title:
        found_titles.append((page.title, page.title_source or "title"))
    # A one-word candidate beside the headline ("Custom", "Menu": a stray <h1>) is no
    # evidence unless the citation is one word too.
    one_word = all(len(tokens(normalise(c))) <= 1 for c in cited)
    for c in page.candidates:
        if (c.text, c.source) not in found_titles and (
            one_word or not found_titles or len(tokens(normalise(c.text))) > 1
        ):
            found_titles.append((c.text, c.source))
    score, found, source, best_cited = _best_score(cited, found_titles, site_keys)
    lead = _cited_as_lead(cited, found_titles, site_keys)
    if lead is not None and score < MATCH_AT:
        score, found, source = MATCH_AT, lead[0], lead[1]
    if score >= TEXT_MATCH_FLOOR:
        # Alike enough to match: unless it is a sibling page (citecheck.match.conflict).
        conflict = detail_conflict(strip_site_affixes(best_cited, site_keys),
                                   strip_site_affixes(found, site_keys))
        if conflict is not None:
            judged = _judge_conflict(conflict, score, found, source, page.main_text)
            if judged is not None:
                return judged
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
            comparable=False,
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
            comparable=False,
        )
    in_text = text_coverage(strip_site_affixes(cited[0], site_keys), page.main_text)
    if score < MISMATCH_BELOW:
        if in_text is not None and in_text >= TEXT_DOUBTS:
            return TitleComparison(
                TitleMatch.UNKNOWN, score, headline, headline_source,
                f"the page's {headline_source} differs from the cited title, but the page's "
                f"text has the cited title's words ({in_text:.0%})",
            )
        return TitleComparison(
            TitleMatch.MISMATCH,
            score,
            headline,
            headline_source,
            f"cited title differs from the page's {headline_source}",
        )
    if in_text is not None and in_text >= TEXT_CONFIRMS:
        words = f"the page's text has the cited title's words ({in_text:.0%})"
        if score >= TEXT_MATCH_FLOOR:
            return TitleComparison(
                TitleMatch.MATCH, score, found, source,
                f"the page's {source} words the cited title otherwise, and {words}",
            )
        return TitleComparison(
            TitleMatch.UNKNOWN, score, found, source,
            f"the page's {source} is worded differently from the cited title; {words}, "
            "so it may be another story on the same subject",
        )
    if in_text is not None and in_text < TEXT_DENIES:
        return TitleComparison(
            TitleMatch.MISMATCH, score, headline, headline_source,
            f"cited title only partly like the page's {headline_source}, and the page's text "
            f"lacks most of its words ({in_text:.0%} found)",
        )
    why = ("the page's text read is too short to tell" if in_text is None
           else f"the page's text has some of its words ({in_text:.0%})")
    return TitleComparison(
        TitleMatch.UNKNOWN, score, found, source,
        f"cited and page titles are only partly alike, and {why}",
    )


def _judge_conflict(
    conflict: Conflict, score: float, found: str, source: str, text: str
) -> TitleComparison | None:
    """What a detail conflict makes of a comparison that would otherwise match: the
    page's text tells a sibling page (which never mentions the cited detail) from the
    cited story told again with other details. None: the conflict changes nothing."""
    words, by_stem = _text_terms(text) if text else (frozenset(), {})
    speaks = len(words) >= _MIN_TEXT_TERMS
    mentioned = [
        t for t in conflict.cited
        if t in words
        or any(inflected(t, w) for w in by_stem.get(t[:_MIN_STEM], ()))
    ]
    what = conflict.describe()
    if conflict.in_kicker and len(mentioned) == len(conflict.cited):
        return None  # another label on the same headline, whose story the text tells
    if speaks and not mentioned:
        if conflict.strong:
            return TitleComparison(
                TitleMatch.MISMATCH, score, found, source,
                f"{what}, and the page's text never mentions "
                f"{', '.join(repr(t) for t in conflict.cited)}: another page of the site",
            )
        why = f"{what}, and its text lacks the cited words"
    elif mentioned and not conflict.strong:
        return None  # the same story, reworded: its text has the cited words
    elif mentioned:
        why = (f"{what}; the page's text mentions {', '.join(repr(t) for t in mentioned)}, "
               "so it may be the same story updated, or another one")
    else:
        why = f"{what}, and the page's text read is too short to tell"
    return TitleComparison(TitleMatch.UNKNOWN, score, found, source, why)


# A cited title of this many words or more that is the whole first piece of a page title
# ("Learn Node" of "Learn Node — The best way to learn Node.js") is its headline.
_MIN_LEAD_TOKENS = 2


def _cited_as_lead(
    cited: list[str], found: list[tuple[str, str]], site_keys: tuple[str, ...]
) -> tuple[str, str] | None:
    """The (title, source) whose leading piece is a cited title, if any. Only the lead:
    a trailing piece is where site and section names stand."""
    wanted = {key(c) for c in cited if len(tokens(normalise(c))) >= _MIN_LEAD_TOKENS}
    wanted -= set(site_keys)
    if not wanted:
        return None
    for text, source in found:
        pieces = split_pieces(text)
        if len(pieces) > 1 and key(pieces[0]) in wanted:
            return text, source
    return None


def text_coverage(cited: str, text: str) -> float | None:
    """The share of the cited title's information (term weight) that occurs in ``text``,
    or None when the text is too short to say, or the title has no informative term."""
    if not text:
        return None
    title = _variant(cited)
    if title is None:
        return None
    words, by_stem = _text_terms(text)
    if len(words) < _MIN_TEXT_TERMS:
        return None
    total = sum(t.weight for t in title.terms)
    if total == 0:
        return None
    found = sum(
        t.weight for t in title.terms
        if t.text in words
        or any(_same_term(t.text, w) for w in by_stem.get(t.text[:_MIN_STEM], ()))
    )
    return found / total


@lru_cache(maxsize=64)
def _text_terms(text: str) -> tuple[frozenset[str], dict[str, list[str]]]:
    """The distinct terms of a page's text, and those terms by their first _MIN_STEM
    characters (the prefix any other form of a word shares with it). normalise's own
    cache is for titles: a page's text would crowd them out of it."""
    words = frozenset(term_keys(tokens(normalise.__wrapped__(text))))
    by_stem: dict[str, list[str]] = {}
    for word in words:
        if len(word) >= _MIN_STEM:
            by_stem.setdefault(word[:_MIN_STEM], []).append(word)
    return words, by_stem
