"""Which writing system and language a title is in (to tell "different" from "translated")."""

from __future__ import annotations

import re
from collections import Counter

# First code point of each block -> script group. Han and Kana are one group: Japanese
# titles mix them, and a Chinese title is never the translation of a Japanese one here.
_BLOCKS = (
    (0x0000, "latin"),
    (0x0370, "greek"),
    (0x0400, "cyrillic"),
    (0x0530, "armenian"),
    (0x0590, "hebrew"),
    (0x0600, "arabic"),
    (0x0700, "other"),
    (0x0900, "indic"),
    (0x0E00, "thai"),
    (0x0E80, "other"),
    (0x10A0, "georgian"),
    (0x1100, "hangul"),
    (0x1200, "other"),
    (0x1E00, "latin"),
    (0x1F00, "greek"),
    (0x2000, "other"),
    (0x2E80, "cjk"),
    (0xA000, "other"),
    (0xAC00, "hangul"),
    (0xD7B0, "other"),
    (0xF900, "cjk"),
    (0xFB00, "other"),
    (0xFB50, "arabic"),
    (0xFE00, "other"),
    (0xFF00, "latin"),  # full-width ASCII folds to Latin under NFKC anyway
    (0xFF66, "cjk"),
    (0x10000, "other"),
    (0x20000, "cjk"),
    (0x32000, "other"),
)


def _script_of(ch: str) -> str:
    cp = ord(ch)
    lo, hi = 0, len(_BLOCKS) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _BLOCKS[mid][0] <= cp:
            lo = mid
        else:
            hi = mid - 1
    return _BLOCKS[lo][1]


# A CJK character is a syllable or a word: it carries as much as a few Latin letters
# ("Raspberry Pi競合--Ubuntuが動く「UP Core」を見る" is a Japanese title).
_CJK_LETTER_WEIGHT = 3
_ASCII_LETTER = re.compile("[A-Za-z]")


def dominant_script(text: str) -> str | None:
    """The script most of ``text`` is written in, or None without letters."""
    if text.isascii():
        # (The common case, without walking the text in Python.)
        return "latin" if _ASCII_LETTER.search(text) else None
    counts: Counter[str] = Counter()
    # Each distinct character once, weighed by its count: Counter counts in C, and it
    # keeps first appearances in order, so a tie between scripts breaks as it did.
    for ch, count in Counter(text).items():
        if ch.isalpha():
            script = _script_of(ch)
            counts[script] += (_CJK_LETTER_WEIGHT if script == "cjk" else 1) * count
    if not counts:
        return None
    return counts.most_common(1)[0][0]


# Frequent function words, enough to tell the main Latin-script languages of the
# corpus apart in a title. A word shared by two lists counts for both.
_STOPWORDS = {
    "en": "the of and to in for on with at by from is are was how why what new after over as "
    "its it this that be will about into",
    "es": "el la los las de del y en por para con una un que se es su al como sobre tras más lo",
    "fr": "le la les des du de et en pour sur dans une un est au aux avec par qui que ce "
    "sont pas plus",
    "de": "der die das und mit von zu den dem ist im für auf ein eine nicht bei aus wie "
    "sich nach über",
    "pt": "o a os as de do da dos das e em para com um uma que por no na nos é ao mais sobre",
    "it": "il lo la gli le di del della e per con un una che in è dei delle al nel sul più",
    "nl": "de het een en van in op met voor is niet zijn naar bij uit over dat",
}
_LANG_WORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
# Each function word's languages: a title's words are looked up once, not once a language.
_WORD_LANGUAGES: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang, words in _LANG_WORDS.items() if word in words)
    for word in set().union(*_LANG_WORDS.values())
}


def guess_language(normalised_words: list[str]) -> str | None:
    """A language code when the title's function words point clearly to one, else None."""
    if len(normalised_words) < 4:
        return None
    scores = dict.fromkeys(_LANG_WORDS, 0)
    for word in normalised_words:
        for lang in _WORD_LANGUAGES.get(word, ()):
            scores[lang] += 1
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 2 and top >= 2 * second + 1:
        return best
    return None


def primary_language(tag: str | None) -> str | None:
    """ "en-US" -> "en"; None for an empty or unusable tag."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
