"""wordfreq's word lists, kept in the user's cache directory once unpacked."""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from pathlib import Path

import pytest
from wordfreq import get_frequency_dict

from citecheck.match import wordlists


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    wordlists._cache_dir.cache_clear()
    yield tmp_path
    wordlists._cache_dir.cache_clear()


def _cached_file(home: Path, language: str) -> Path:
    (found,) = home.glob(f"citecheck/wordfreq-*/small-{language}.marshal")
    return found


def test_a_list_is_wordfreqs_and_is_kept_for_the_next_process(cache_home: Path) -> None:
    first = wordlists.word_frequencies("fr")
    assert first == get_frequency_dict("fr", wordlist="small")
    cached = _cached_file(cache_home, "fr")
    assert marshal.loads(cached.read_bytes()) == first
    # What the next load reads is the cached file, not wordfreq.
    cached.write_bytes(marshal.dumps({"bonjour": 0.5}))
    assert wordlists.word_frequencies("fr") == {"bonjour": 0.5}


def test_a_damaged_cache_file_is_unpacked_again(cache_home: Path) -> None:
    wordlists.word_frequencies("nl")
    cached = _cached_file(cache_home, "nl")
    cached.write_bytes(b"\x00not marshal")
    assert wordlists.word_frequencies("nl") == get_frequency_dict("nl", wordlist="small")
    assert marshal.loads(cached.read_bytes()) == get_frequency_dict("nl", wordlist="small")


def test_a_language_wordfreq_lacks_has_no_words(cache_home: Path) -> None:
    assert wordlists.word_frequencies("xx") == {}


def test_an_unwritable_cache_is_no_error(cache_home: Path) -> None:
    (cache_home / "citecheck").write_text("a file where the directory would be")
    assert wordlists.word_frequencies("it") == get_frequency_dict("it", wordlist="small")
