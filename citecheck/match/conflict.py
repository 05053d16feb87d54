"""Conflicting details: two titles alike but for the detail that names the story.

A site's pages in one series share every word of their headlines but one: the year of an
annual event ("2018 FIFA World Cup final" / "2014 FIFA World Cup final"), the episode,
the place ("Syrian army captures eastern Qalamoun" / "... eastern Ghouta"). Term overlap
scores such siblings as a match - the other words outweigh the one that differs - and a
sibling is exactly what an evergreen URL or a recycled slug shows years later. So a
comparison that would match looks for a *substitution*: a detail of the cited title that
the page title lacks, with a detail of its own in its place. A detail only one side has
(a subtitle, a year the citer added) is no conflict.

Measured with benchmarks/title_roc.py's siblings (each corpus page with its first number,
or its rarest word, changed in its titles and text).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from citecheck.match.informative import Term, languages_for, term_keys, weigh
from citecheck.match.normalise import KICKER, is_unspaced, normalise, tokens
from citecheck.match.script import dominant_script, guess_language

# A word at least this rare (weight = 7 - Zipf: "tarot" 3.8, "qalamoun" 4.5; "putin"
# 2.6) names something; a commoner one may be a reworded verb ("slams"/"blasts").
NAME_WEIGHT = 3.0
# Below this a word is all but a function word ("new", "says"): no detail.
_CONTENT_WEIGHT = 1.5
# Two spellings of one name (transliterations, typos: "Qalamoun"/"Kalamoun") are this
# alike (rapidfuzz ratio, 0-100); two different words rarely are ("spill"/"still" are
# 80, hence also the minimum length).
_SPELLING_RATIO = 85
_MIN_SPELLING_LEN = 6
# Another form of a word keeps this many letters and adds at most _MAX_SUFFIX.
_MIN_STEM = 4
_MAX_SUFFIX = 4
_MIN_STEM_SHARE = 0.55
# A detail is a few words in one place; a longer run rewritten is a reworded headline
# ("An Ode to X" / "X Ends Its Mission"), not a sibling.
_MAX_DETAIL_TOKENS = 3


@dataclass(frozen=True, slots=True)
class Conflict:
    """A detail of the cited title replaced by another in the page title."""

    cited: tuple[str, ...]  # the cited title's terms the page title lacks
    found: tuple[str, ...]  # the page title's terms in their place
    # True when a cited detail is a number or a name (capitalised in a title written in
    # sentence case; in Title Case, a rare word): then it names the story, and a page
    # whose text never mentions it is another page. Else a reworded headline is as likely.
    strong: bool
    # Only the kickers differ ("Alito and Prelogar: X" / "Analysis: X"): a label swapped
    # for another, unless the page never mentions the cited one.
    in_kicker: bool = False

    def describe(self) -> str:
        cited = ", ".join(repr(t) for t in self.cited)
        found = ", ".join(repr(t) for t in self.found)
        return f"the page's title has {found} where the cited title has {cited}"


def inflected(a: str, b: str) -> bool:
    """One word in another form: "rebel"/"rebels", "dictarse"/"dictará", "أسلحتها"/
    "الأسلحة" (folded and without clitics). Not "based"/"basement": the shared stem
    must be most of both words."""
    if a == b:
        return True
    if a.isdigit() or b.isdigit():
        return False  # 2014 is not 2018, whatever their digits share
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    pairs = enumerate(zip(short, long, strict=False))
    common = next((i for i, (x, y) in pairs if x != y), len(short))
    return (
        common >= max(_MIN_STEM, len(short) - 2)
        and len(long) - common <= _MAX_SUFFIX
        and common >= _MIN_STEM_SHARE * len(long)
    )


def _respelt(a: str, b: str) -> bool:
    """One name spelt two ways (a transliteration, a typo): "Qalamoun"/"Kalamoun"."""
    if a.isdigit() or b.isdigit() or min(len(a), len(b)) < _MIN_SPELLING_LEN:
        return False
    return fuzz.ratio(a, b) >= _SPELLING_RATIO


def _kicker_length(title: str) -> int:
    """How many tokens of ``title`` are a kicker ("Analysis:", "Alito and Prelogar:")."""
    kicker = KICKER.match(title)
    return len(tokens(normalise(kicker.group(0)))) if kicker else 0


def _substitutions(
    cited: list[str], found: list[str], kickers: tuple[int, int]
) -> tuple[list[tuple[list[str], list[str]]], bool]:
    """The places where both titles have a short run of terms of their own between
    shared words, as (cited run, found run); and whether every such place is in the
    titles' kickers."""
    places: list[tuple[list[str], list[str]]] = []
    in_kickers = True
    matcher = SequenceMatcher(None, cited, found, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or i2 - i1 > _MAX_DETAIL_TOKENS or j2 - j1 > _MAX_DETAIL_TOKENS:
            continue
        if i2 == len(cited) and i2 - i1 == 1 and found[j1].startswith(cited[i1]):
            continue  # the citation ends with a word cut short ("eastern Qal")
        in_kickers = in_kickers and i2 <= kickers[0] and j2 <= kickers[1]
        places.append((cited[i1:i2], found[j1:j2]))
    return places, in_kickers


def _details(
    run: list[str], counterpart: list[str], other: list[str], weights: dict[str, float]
) -> list[Term]:
    """The informative terms of ``run`` that are not in the other title in any form,
    nor another spelling of a term of ``counterpart`` (what stands in their place)."""
    return [
        Term(t, weights.get(t, 0.0)) for t in dict.fromkeys(run)
        if not (len(t) == 1 and is_unspaced(t))
        and (t.isdigit() or weights.get(t, 0.0) >= _CONTENT_WEIGHT)
        and not any(inflected(t, o) for o in other)
        and not any(_respelt(t, c) for c in counterpart)
    ]


# Words before a number that make it the number of one page of a series.
_SERIES_WORDS = frozenset({
    "episode", "ep", "season", "series", "part", "pt", "issue", "volume", "vol", "chapter",
    "ch", "round", "stage", "leg", "game", "week", "day", "no", "number", "edition",
    "version", "v", "release", "update", "patch", "match", "race", "gen", "generation",
})
_YEARS = range(1800, 2101)


def _names_a_page(number: str, seq: list[str]) -> bool:
    """Whether ``number`` (a term of the title ``seq``) names one page of a series: a
    year, a number after "episode", "season", "issue"..., or part of a version (3.7)."""
    if len(number) == 4 and int(number) in _YEARS:
        return True
    for i, term in enumerate(seq):
        if term == number and i > 0 and (seq[i - 1] in _SERIES_WORDS or seq[i - 1].isdigit()):
            return True
    return False


def _names(title: str) -> frozenset[str] | None:
    """Words written with a capital inside a title in sentence case: its names. None
    for a title in Title Case, where every word has a capital and tells nothing."""
    words = title.split()
    inner = [w for w in words[1:] if w[:1].isalpha()]
    capitalised = [w for w in inner if w[:1].isupper()]
    if not inner or len(capitalised) * 2 > len(inner):
        return None
    return frozenset(t for w in capitalised for t in tokens(normalise(w)))


def _aligned_terms(toks: list[str]) -> list[str]:
    """A title's terms in order, one per token; a character of an unspaced script
    stands as itself (it is aligned, never a detail: see _details)."""
    out: list[str] = []
    for tok in toks:
        out.extend([tok] if len(tok) == 1 and is_unspaced(tok) else term_keys([tok]))
    return out


def detail_conflict(cited: str, found: str) -> Conflict | None:
    """The conflict between two titles (site affixes already removed), if any."""
    cited_norm, found_norm = normalise(cited), normalise(found)
    if cited_norm == found_norm:
        return None  # one title (the common case: worth no alignment)
    script = dominant_script(cited_norm)
    if script is None or script != dominant_script(found_norm):
        return None
    cited_toks, found_toks = tokens(cited_norm), tokens(found_norm)
    languages = languages_for(script, guess_language(cited_norm.split()))
    weights = {t.text: t.weight for t in (*weigh(cited_toks, languages),
                                          *weigh(found_toks, languages))}
    # Aligned as terms: Arabic words folded and without their clitics, like the weights.
    # In unspaced scripts (CJK) only the words among the characters are details: one
    # changed character is a reworded headline as often as another story.
    cited_seq, found_seq = _aligned_terms(cited_toks), _aligned_terms(found_toks)
    kickers = (_kicker_length(cited), _kicker_length(found))
    places, in_kickers = _substitutions(cited_seq, found_seq, kickers)
    lost: list[Term] = []
    gained: list[Term] = []
    for cited_run, found_run in places:
        lost.extend(_details(cited_run, found_run, found_seq, weights))
        gained.extend(_details(found_run, cited_run, cited_seq, weights))
    lost_numbers = [t for t in lost if t.text.isdigit()]
    gained_numbers = [t for t in gained if t.text.isdigit()]
    if lost_numbers and gained_numbers:
        # A year, an episode or a version names one page of a series; a count ("70
        # killed" / "85 killed") is as often the same story with its toll updated.
        strong = any(_names_a_page(t.text, cited_seq) for t in lost_numbers)
        return Conflict(tuple(t.text for t in lost_numbers),
                        tuple(t.text for t in gained_numbers), strong=strong,
                        in_kicker=in_kickers)
    lost_words = [t for t in lost if not t.text.isdigit()]
    gained_words = [t for t in gained if not t.text.isdigit()]
    if not (lost_words and gained_words):
        return None
    names = _names(cited)
    if names is not None:
        # Sentence case shows which words are names: "Qalamoun", not "slams".
        strong = any(t.text in names for t in lost_words)
    else:
        strong = any(t.weight >= NAME_WEIGHT for t in lost_words)
    return Conflict(tuple(t.text for t in lost_words), tuple(t.text for t in gained_words),
                    strong=strong, in_kicker=in_kickers)
