"""url_problem: which cited URLs cannot be fetched at all, and why."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from citecheck.plan import url_problem


def test_what_cannot_be_checked_is_named() -> None:
    assert url_problem(None) == "no URL cited"
    assert url_problem("   ") == "no URL cited"
    bad_chars = "URL contains whitespace or control characters"
    assert url_problem("https://example.org/a b") == bad_chars
    assert url_problem("https://example.org/\x07") == bad_chars
    assert url_problem("ftp://example.org/") == "not an http(s) URL (ftp scheme)"
    assert url_problem("https:///path") == "URL has no host"
    assert url_problem("http://example.org:0/") == "URL has port 0"
    assert url_problem("http://example.org:99999/").startswith("malformed URL")
    assert url_problem("  https://example.org/ok  ") is None


@given(st.text(min_size=1, max_size=3))
def test_every_unicode_space_and_control_inside_a_url_is_refused(inner: str) -> None:
    url = f"https://example.org/{inner}x"
    has_bad = any(ch.isspace() or ord(ch) < 32 for ch in inner)
    problem = url_problem(url)
    if has_bad:
        assert problem == "URL contains whitespace or control characters"
    else:
        assert problem != "URL contains whitespace or control characters"
