"""Normal forms of titles for comparison: case, width, quotes, dashes, punctuation, marks."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters written without spaces between words: each one counts as a token.
_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3190, 0x31FF),
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)
# The same ranges as one character class (a word is searched, not walked char by char).
_UNSPACED_CHAR = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _UNSPACED_RANGES)
_UNSPACED = re.compile(f"[{_UNSPACED_CHAR}]")
# A word's tokens: each unspaced character alone, each run of other characters whole.
_WORD_PIECES = re.compile(f"[{_UNSPACED_CHAR}]|[^{_UNSPACED_CHAR}]+")
# Arabic short vowels, shadda, sukun, superscript alef and tatweel: optional in writing.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_NON_WORD = re.compile(r"[\W_]+")
# Kickers a page puts before the headline ("Live updates: ...", "Analysis | ...").
KICKER = re.compile(r"^[^:|–—-]{1,30}?\s*(?::|\||–|—| - )\s+")


def is_unspaced(ch: str) -> bool:
    return _UNSPACED.match(ch) is not None


class _FormatCharDropper(dict[int, int | None]):
    """A str.translate table that deletes invisible format characters (Unicode category
    Cf) and keeps every other character: filled in as characters are first met, so each
    code point's category is looked up once per process rather than once per use."""

    def __missing__(self, code_point: int) -> int | None:
        kept = None if unicodedata.category(chr(code_point)) == "Cf" else code_point
        self[code_point] = kept
        return kept


_DROP_FORMAT_CHARS = _FormatCharDropper()


def drop_format_chars(text: str) -> str:
    """``text`` without its invisible format characters (ASCII has none)."""
    return text if text.isascii() else text.translate(_DROP_FORMAT_CHARS)


def _strip_latin_marks(text: str) -> str:
    """Remove combining accents from Latin, Greek and Cyrillic letters only: "Página" and
    "Pagina" are the same title, while Devanagari vowel signs or Japanese dakuten change
    the word."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    out: list[str] = []
    base_ok = False
    for ch in decomposed:
        if unicodedata.combining(ch):
            if not base_ok:
                out.append(ch)
            continue
        base_ok = ch < "\u0530"  # Latin, IPA, Greek, Cyrillic, Armenian blocks
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Case-folded, compatibility-normalised, accent-free words separated by single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    # Invisible format characters (soft hyphen, zero-width joiners, bidi marks) are not
    # separators: "Wiki\xadpedia" is one word, as clean_text also treats it.
    text = drop_format_chars(text)
    text = _ARABIC_MARKS.sub("", text)
    text = _strip_latin_marks(text)
    # Apostrophes join ("don't" == "dont"); every other non-word character separates.
    text = text.replace("'", "").replace("’", "").replace("ʼ", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def tokens(normalised: str) -> list[str]:
    """Words of a normalised title; characters of scripts written without spaces."""
    if normalised.isascii() or not _UNSPACED.search(normalised):
        return normalised.split()
    out: list[str] = []
    for word in normalised.split():
        if word.isascii() or not _UNSPACED.search(word):
            out.append(word)
        else:
            out.extend(_WORD_PIECES.findall(word))
    return out
