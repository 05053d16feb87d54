"""Normal forms, tokens and scripts of titles (the table- and regex-driven helpers)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.match.normalise import drop_format_chars, is_unspaced, normalise, tokens
from citecheck.match.script import dominant_script, guess_language


def test_format_characters_join_words_in_any_text() -> None:
    # Soft hyphen, zero-width joiner, bidi marks: invisible, not separators.
    assert normalise("Wiki\xadpedia") == "wikipedia"
    assert normalise("\u200fالجزيرة\u200f نت") == "الجزيرة نت"
    assert normalise("Zero\u200dwidth Café") == "zerowidth cafe"
    assert drop_format_chars("plain ascii") == "plain ascii"


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_drop_format_chars_drops_exactly_the_format_characters(text: str) -> None:
    expected = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    assert drop_format_chars(text) == expected


def test_unspaced_scripts_are_one_token_a_character() -> None:
    assert tokens("raspberry pi競合 ubuntuが動く") == [
        "raspberry", "pi", "競", "合", "ubuntu", "が", "動", "く"]
    assert tokens("ไทย abc") == ["ไ", "ท", "ย", "abc"]
    assert tokens("한국어 뉴스") == ["한국어", "뉴스"]  # Hangul is written with spaces
    assert tokens("") == []
    assert is_unspaced("語") and is_unspaced("\U00020000") and not is_unspaced("a")


def test_dominant_script_weighs_cjk_and_breaks_ties_by_first_appearance() -> None:
    assert dominant_script("Offensive resumes in Qalamoun") == "latin"
    assert dominant_script("2019 - 12") is None
    assert dominant_script("Raspberry Pi競合--Ubuntuが動く「UP Core」を見る") == "cjk"
    assert dominant_script("ab αβ") == "latin"
    assert dominant_script("αβ ab") == "greek"


def test_guess_language_by_function_words() -> None:
    assert guess_language(["the", "rebels", "of", "the", "east", "and", "the", "west"]) == "en"
    assert guess_language(["los", "rebeldes", "de", "la", "zona", "y", "el", "este"]) == "es"
    assert guess_language(["three", "words", "only"]) is None
