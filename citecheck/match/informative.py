"""How much each word of a title says: rare words name a story, common words don't.

Two unrelated headlines of similar length in one script share many letters and a few
function words, so character-level ratios put them near 0.5 (issue 18). Here a title
becomes a bag of *terms* - words, Arabic words without their clitics, CJK character
bigrams - each weighted by how rare it is in the language (an inverse document
frequency), so that agreement on "the", "new" or "في" counts for nothing and agreement
on "Qalamoun" counts for a lot.

Frequencies come from wordfreq's small word lists (news, subtitles, Wikipedia and web
text, 40+ languages): a word it does not list is rarer than any it does.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from citecheck.match.normalise import is_unspaced
from citecheck.match.wordlists import word_frequencies

# A term's weight is ZIPF_CEILING minus its Zipf frequency (log10 per billion words),
# floored at 0: "the" (7.7) and "في" (7.5) weigh nothing, "new" (6.3) little, "Syria"
# (4.4) 2.6, a word too rare to be listed (below Zipf ~3) UNLISTED_WEIGHT.
ZIPF_CEILING = 7.0
# Words at least this frequent in the language are function words: weight 0.
STOP_ZIPF = 6.4
UNLISTED_ZIPF = 2.5
NUMBER_WEIGHT = 1.0

# The languages whose lists are consulted for a title in a script, when its language is
# not known. A word's weight is taken from the list where it is most frequent (the
# cautious side: "die" is common German even if it is rare English).
_SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "latin": ("en", "es", "fr", "de", "pt", "it", "nl"),
    "arabic": ("ar", "fa", "ur"),
    "cjk": ("ja", "zh"),
    "cyrillic": ("ru", "uk", "bg"),
    "greek": ("el",),
    "hebrew": ("he",),
    "hangul": ("ko",),
    "indic": ("hi", "bn"),
}

# Arabic letters written in several ways: hamza-carrying alefs, alef maqsura, ta marbuta.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
# Proclitics (conjunctions, prepositions, the article) written joined to the word, longest
# first. Only stripped when at least three letters remain: Arabic roots have three.
_ARABIC_PROCLITICS = (
    "وبال", "وال", "بال", "كال", "فال", "ولل", "لل", "ال", "و", "ب", "ل", "ف", "ك",
)
_MIN_ARABIC_STEM = 3


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    weight: float


_LOCK = threading.Lock()
_LISTS: dict[str, dict[str, float]] = {}


def _frequencies(language: str) -> dict[str, float]:
    """wordfreq's small list for ``language`` (empty when it has none), loaded once."""
    with _LOCK:
        found = _LISTS.get(language)
        if found is None:
            found = _LISTS[language] = word_frequencies(language)
        return found


def languages_for(script: str | None, language: str | None) -> tuple[str, ...]:
    """The word lists that weigh a title in ``script`` whose language may be known."""
    by_script = _SCRIPT_LANGUAGES.get(script or "latin", ())
    if language and language in by_script:
        # Known language first; the script's others still count (names, loanwords).
        return (language, *(lang for lang in by_script if lang != language))
    if language:
        return (language, *by_script)
    return by_script


def _zipf(word: str, languages: tuple[str, ...]) -> float:
    best = 0.0
    for lang in languages:
        freq = _frequencies(lang).get(word, 0.0)
        if freq > best:
            best = freq
    return math.log10(best) + 9.0 if best > 0 else UNLISTED_ZIPF


@lru_cache(maxsize=65536)
def term_weight(term: str, languages: tuple[str, ...]) -> float:
    zipf = _zipf(term, languages)
    if len(term) == 2 and is_unspaced(term[0]) and is_unspaced(term[1]) and zipf == UNLISTED_ZIPF:
        # A CJK bigram that is no word of its own spans a word boundary ("の日"): it says
        # as much as its commoner character.
        zipf = max(_zipf(term[0], languages), _zipf(term[1], languages))
    if zipf >= STOP_ZIPF:
        return 0.0
    if term.isdigit():
        # Years, counts, issue numbers: shared by many unrelated titles ("... of 2017").
        return min(NUMBER_WEIGHT, max(0.0, ZIPF_CEILING - zipf))
    return max(0.0, ZIPF_CEILING - zipf)


def fold_arabic_letters(text: str) -> str:
    """``text`` with the Arabic letters that are written several ways folded to one."""
    return text.translate(_ARABIC_FOLD)


def _strip_clitic(word: str) -> str:
    for clitic in _ARABIC_PROCLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= _MIN_ARABIC_STEM:
            return word[len(clitic) :]
    return word


_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def _is_arabic(word: str) -> bool:
    return _ARABIC_LETTER.search(word) is not None


def _terms(toks: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
    """(term, the words that weigh it) for a title's tokens (citecheck.match.normalise.
    tokens): words; Arabic words folded and without their joined clitics (weighed as
    written and as stripped, whichever is commoner); bigrams of consecutive characters
    of unspaced scripts (a lone such character stays a term of its own)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) == 1:
            out.append((run[0], (run[0],)))
        out.extend((a + b, (a + b,)) for a, b in pairwise(run))
        run.clear()

    for tok in toks:
        if len(tok) == 1 and is_unspaced(tok):
            run.append(tok)
            continue
        if run:  # (most titles have no unspaced script: nothing to flush)
            flush()
        if not tok.isascii() and _is_arabic(tok):
            stem = _strip_clitic(fold_arabic_letters(tok))
            out.append((stem, (tok, _strip_clitic(tok))))
        else:
            out.append((tok, (tok,)))
    flush()
    return out


def term_keys(toks: Iterable[str]) -> list[str]:
    """The terms of a text's tokens, unweighted (a page's text is matched, not weighed)."""
    return [text for text, _ in _terms(toks)]


def weigh(toks: Iterable[str], languages: tuple[str, ...]) -> tuple[Term, ...]:
    """The distinct terms of a title with their weights, in order of first appearance."""
    seen: dict[str, Term] = {}
    for text, lookups in _terms(toks):
        if text not in seen:
            weight = (term_weight(lookups[0], languages) if len(lookups) == 1
                      else min(term_weight(w, languages) for w in lookups))
            seen[text] = Term(text, weight)
    return tuple(seen.values())
