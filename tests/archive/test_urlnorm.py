"""URL comparison as archives key captures, and the lookup variants."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from citecheck.archive.urlnorm import (
    comparable,
    lookup_variants,
    same_page,
    strip_tracking,
    toggle_trailing_slash,
)


def test_noise_does_not_matter():
    base = "http://example.com/a/b?x=1&y=2"
    for variant in (
        "https://example.com/a/b?x=1&y=2",
        "http://www.example.com/a/b?x=1&y=2",
        "http://EXAMPLE.com/a/b/?x=1&y=2",
        "http://example.com:80/a/b?y=2&x=1",
        "http://example.com/a/b?x=1&y=2#section",
        "http://example.com/a/b?utm_source=tw&x=1&fbclid=zz&y=2&gclid=g",
        "http://example.com/%61/b?x=1&y=2",
    ):
        assert same_page(base, variant), variant


def test_differences_that_matter():
    base = "http://example.com/a/b?x=1"
    for other in (
        "http://example.com/a/c?x=1",
        "http://example.com/a/b?x=2",
        "http://example.com/a/b",
        "http://example.org/a/b?x=1",
        "http://sub.example.com/a/b?x=1",
        "http://example.com:8080/a/b?x=1",
        "http://example.com/A/b?x=1",  # paths are case-sensitive
    ):
        assert not same_page(base, other), other


def test_strip_tracking_keeps_other_parameters_in_order():
    assert strip_tracking("http://e.com/p?b=2&utm_medium=x&a=1#f") == "http://e.com/p?b=2&a=1"
    assert strip_tracking("http://e.com/p?utm_source=x") == "http://e.com/p"
    # Untouched when there is nothing to strip (no re-encoding of the query).
    assert strip_tracking("http://e.com/p?q=a+b%20c") == "http://e.com/p?q=a+b%20c"


def test_lookup_variants():
    assert lookup_variants("http://e.com/p?id=7&utm_source=x#c") == (
        "http://e.com/p?id=7&utm_source=x",
        "http://e.com/p?id=7",
        "http://e.com/p/?id=7",
    )
    assert lookup_variants("http://e.com/") == ("http://e.com/",)
    assert toggle_trailing_slash("http://e.com/a/") == "http://e.com/a"


# A host named "www.<tld>" is left out: its "www." is the name itself, and the noisy form
# below ("www.www.com") would lose only one of two ("www.com" vs "com").
hosts = st.from_regex(r"[a-z]{1,10}\.(com|org|example)", fullmatch=True).filter(
    lambda h: not h.startswith("www.")
)
paths = st.lists(st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True), max_size=4)
params = st.lists(
    st.tuples(st.from_regex(r"[a-z]{1,5}", fullmatch=True).filter(lambda k: k != "utm"),
              st.from_regex(r"[a-z0-9]{0,5}", fullmatch=True)),
    max_size=3, unique_by=lambda kv: kv[0],
)


@given(hosts, paths, params, st.booleans(), st.booleans(), st.booleans())
def test_comparable_ignores_noise(host, segments, query, https, www, slash):
    path = "/" + "/".join(segments)
    plain = f"http://{host}{path}" + ("?" + "&".join(f"{k}={v}" for k, v in query) if query
                                      else "")
    noisy_query = [*reversed(query), ("utm_campaign", "z"), ("fbclid", "q")]
    noisy = (("https" if https else "http") + "://" + ("www." if www else "") + host + path
             + ("/" if slash and segments else "")
             + "?" + "&".join(f"{k}={v}" for k, v in noisy_query) + "#frag")
    assert comparable(plain) == comparable(noisy)
