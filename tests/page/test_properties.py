"""Property tests: analysis never raises, whatever the bytes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.page import (
    analyse_page,
    enough_bytes,
    probe_url_for,
    redirect_is_moved_home,
    same_template,
)

CONTENT_TYPES = st.sampled_from(
    [None, "text/html", "application/pdf", "application/xhtml+xml", "text/plain", "image/png", ""]
)
CHARSETS = st.one_of(
    st.none(),
    st.sampled_from(["utf-8", "windows-1256", "koi8-r", "shift_jis", "utf-16", "bogus", "\x00"]),
    st.text(max_size=20),
)
TAGS = st.sampled_from(
    [
        "<html>",
        "<head>",
        "</head>",
        "<title>",
        "</title>",
        "<body>",
        "<h1>",
        "</h1>",
        '<meta property="og:title" content="',
        '">',
        '<meta charset="',
        "<script>",
        "</script>",
        '<script type="application/ld+json">',
        '{"@type": "Article", "headline": "',
        '"}',
        "<!--",
        "-->",
        "<![CDATA[",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "<?xml version='1.0'?>",
        "\x00",
        "\ufeff",
        "\u202e",
        "%PDF-1.4",
        "<rt>",
        "</ruby>",
    ]
)
MARKUP = st.lists(st.one_of(TAGS, st.text(max_size=30)), max_size=40).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=3000), ctype=CONTENT_TYPES, charset=CHARSETS)
def test_analyse_page_never_raises_on_bytes(
    body: bytes, ctype: str | None, charset: str | None
) -> None:
    result = analyse_page(body, content_type=ctype, declared_charset=charset, url="http://x/")
    assert result.title is None or 0 < len(result.title) <= 1000
    assert enough_bytes(body, ctype) in (True, False)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(markup=MARKUP, charset=CHARSETS, encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_analyse_page_never_raises_on_markup(
    markup: str, charset: str | None, encoding: str
) -> None:
    body = markup.encode(encoding, "replace")
    result = analyse_page(body, content_type="text/html", declared_charset=charset, url="")
    for cand in result.candidates:
        assert cand.text == cand.text.strip()
        assert "\x00" not in cand.text and "\u202e" not in cand.text
    assert same_template(result, result) in (True, False)


@given(url=st.text(max_size=60), token=st.text(alphabet="abcdef0123456789", min_size=8, max_size=8))
def test_url_helpers_never_raise(url: str, token: str) -> None:
    try:
        probe = probe_url_for(url, token)
    except ValueError:
        return  # urlsplit rejects some strings (bad IPv6 brackets): the caller's URL is invalid
    assert token in probe
    assert redirect_is_moved_home(url, probe) in (True, False)
