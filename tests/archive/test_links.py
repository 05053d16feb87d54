"""Cited archive URLs of every supported form are taken apart correctly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citecheck.archive.links import ArchiveKind, parse_archive_url, webcite_timestamp

IA = "https://web.archive.org/web/"

CASES = [
    # (url, kind, timestamp, original, modifier)
    (IA + "20180427093000/http://example.com/a", ArchiveKind.WAYBACK, "20180427093000",
     "http://example.com/a", None),
    (IA + "20180427093000id_/http://example.com/a", ArchiveKind.WAYBACK, "20180427093000",
     "http://example.com/a", "id_"),
    (IA + "20180427093000if_/https://example.com/", ArchiveKind.WAYBACK, "20180427093000",
     "https://example.com/", "if_"),
    (IA + "20180427im_/http://example.com/i.png", ArchiveKind.WAYBACK, "20180427",
     "http://example.com/i.png", "im_"),
    # Short timestamp, scheme-less original, original with a query and a fragment.
    ("http://web.archive.org/web/2018/example.com/x", ArchiveKind.WAYBACK, "2018",
     "http://example.com/x", None),
    (IA + "20180101000000/http://example.com/p?a=1&b=2#top", ArchiveKind.WAYBACK,
     "20180101000000", "http://example.com/p?a=1&b=2", None),
    # A slash lost by wiki software, an upper-case scheme.
    (IA + "20180101000000/http:/example.com/x", ArchiveKind.WAYBACK, "20180101000000",
     "http://example.com/x", None),
    (IA + "20180101000000/HTTPS://example.com/x", ArchiveKind.WAYBACK, "20180101000000",
     "https://example.com/x", None),
    ("https://wayback.archive.org/web/20100101000000/http://example.com/",
     ArchiveKind.WAYBACK, "20100101000000", "http://example.com/", None),
    # /web/TS/URL on any host is a Wayback-compatible archive.
    ("http://127.0.0.5:8080/web/20180101000000/http://example.com/", ArchiveKind.WAYBACK,
     "20180101000000", "http://example.com/", None),
    ("https://wayback.archive-it.org/1234/20180101000000/http://x.org/p",
     ArchiveKind.ARCHIVE_IT, "20180101000000", "http://x.org/p", None),
    ("https://arquivo.pt/wayback/20180101000000/http://x.pt/", ArchiveKind.ARQUIVO_PT,
     "20180101000000", "http://x.pt/", None),
    ("https://www.webarchive.org.uk/wayback/archive/20180101000000/http://x.uk/",
     ArchiveKind.UK_WEB_ARCHIVE, "20180101000000", "http://x.uk/", None),
    ("https://www.webarchive.org.uk/wayback/en/archive/20180101000000mp_/http://x.uk/",
     ArchiveKind.UK_WEB_ARCHIVE, "20180101000000", "http://x.uk/", "mp_"),
    ("https://webarchive.loc.gov/all/20180101000000/http://x.gov/",
     ArchiveKind.LIBRARY_OF_CONGRESS, "20180101000000", "http://x.gov/", None),
    ("https://webarchive.nla.gov.au/awa/20100101000000/http://x.au/", ArchiveKind.MEMENTO,
     "20100101000000", "http://x.au/", None),
    ("https://archive.ph/20190501120000/https://x.com/a", ArchiveKind.ARCHIVE_TODAY,
     "20190501120000", "https://x.com/a", None),
    ("https://archive.today/2019.05.01-120000/http://x.com/", ArchiveKind.ARCHIVE_TODAY,
     "20190501120000", "http://x.com/", None),
    ("http://archive.is/20190501/http://x.com/", ArchiveKind.ARCHIVE_TODAY, "20190501",
     "http://x.com/", None),
    ("http://www.webcitation.org/query?url=http%3A%2F%2Fx.com%2F&date=2009-11-01",
     ArchiveKind.WEBCITE, "20091101000000", "http://x.com/", None),
]


@pytest.mark.parametrize(("url", "kind", "stamp", "original", "modifier"), CASES)
def test_wayback_scheme_and_dated_forms(url, kind, stamp, original, modifier):
    link = parse_archive_url(url)
    assert link is not None
    assert (link.kind, link.timestamp, link.original, link.modifier) == (
        kind, stamp, original, modifier)


def test_raw_form_replaces_the_modifier():
    link = parse_archive_url(IA + "20180427093000if_/http://example.com/a?q=1")
    assert link is not None
    assert link.raw_url() == IA + "20180427093000id_/http://example.com/a?q=1"
    assert link.padded_timestamp == "20180427093000"
    short = parse_archive_url(IA + "2018/http://example.com/")
    assert short is not None and short.padded_timestamp == "20180101000000"


@pytest.mark.parametrize(
    ("url", "kind", "ident"),
    [
        ("https://archive.ph/AbCd1", ArchiveKind.ARCHIVE_TODAY, "AbCd1"),
        ("http://archive.is/Xy12Z", ArchiveKind.ARCHIVE_TODAY, "Xy12Z"),
        ("https://perma.cc/ABCD-1234", ArchiveKind.PERMA_CC, "ABCD-1234"),
        ("https://perma.cc/abcd-1234?type=image", ArchiveKind.PERMA_CC, "ABCD-1234"),
        ("http://www.webcitation.org/5kwv9vC1M", ArchiveKind.WEBCITE, "5kwv9vC1M"),
    ],
)
def test_short_id_forms(url, kind, ident):
    link = parse_archive_url(url)
    assert link is not None
    assert (link.kind, link.ident, link.original) == (kind, ident, None)
    assert link.raw_url() is None


def test_archive_today_newest_form():
    link = parse_archive_url("https://archive.ph/newest/https://x.com/a")
    assert link is not None
    assert (link.kind, link.timestamp, link.original) == (
        ArchiveKind.ARCHIVE_TODAY, None, "https://x.com/a")


def test_webcite_id_is_its_capture_time():
    assert webcite_timestamp("5kwv9vC1M") == "20091101021259"
    link = parse_archive_url("https://webcitation.org/6ATZ6xeXK")
    assert link is not None and link.timestamp == "20120906125553"


def test_archive_it_collection_number_is_not_a_timestamp():
    link = parse_archive_url("https://wayback.archive-it.org/12345/20180101000000/http://x.org/")
    assert link is not None
    assert link.prefix == "https://wayback.archive-it.org/12345/"
    assert link.timestamp == "20180101000000"


@pytest.mark.parametrize(
    "url",
    [
        "https://web.archive.org/web/*/http://x.com",  # a listing, not a capture
        "https://web.archive.org/web/20180101000000/",  # no original
        "https://example.com/2018/05/article",
        "https://news.example.com/2018/story.html",  # a dated path is not a capture
        "https://example.com/web/2018/news",
        "https://perma.cc/about",
        "http://www.webcitation.org/faq",
        "ftp://web.archive.org/web/2018/http://x.com/",
        "not a url",
    ],
)
def test_not_archive_urls(url):
    assert parse_archive_url(url) is None


def test_configured_host_counts_as_wayback():
    url = "http://archive.local/coll/20180101000000/http://x.com/"
    assert parse_archive_url(url).kind is ArchiveKind.MEMENTO  # type: ignore[union-attr]
    link = parse_archive_url(url, wayback_hosts=frozenset({"archive.local"}))
    assert link is not None and link.kind is ArchiveKind.WAYBACK


originals = st.builds(
    lambda scheme, host, path, query: f"{scheme}://{host}/{path}" + (f"?{query}" if query else ""),
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z0-9]{1,12}(\.[a-z]{2,6}){1,2}", fullmatch=True),
    st.from_regex(r"([A-Za-z0-9._~-]{1,10}/){0,3}[A-Za-z0-9._~-]{0,10}", fullmatch=True),
    st.from_regex(r"([a-z]{1,5}=[A-Za-z0-9%/:]{0,8}&?){0,3}", fullmatch=True),
)
stamps = st.from_regex(r"(199[6-9]|20[0-2][0-9])(0[1-9]|1[0-2])([0-2][0-9]){1,4}", fullmatch=True)


@given(
    st.sampled_from([IA, "https://arquivo.pt/wayback/", "https://webarchive.loc.gov/all/",
                     "https://wayback.archive-it.org/4321/", "http://127.0.0.5:8080/web/"]),
    stamps,
    st.sampled_from(["", "id_", "if_", "im_", "js_"]),
    originals,
)
def test_wayback_scheme_round_trip(prefix, stamp, modifier, original):
    link = parse_archive_url(f"{prefix}{stamp}{modifier}/{original}")
    assert link is not None
    assert (link.prefix, link.timestamp, link.original) == (prefix, stamp, original)
    assert link.modifier == (modifier or None)
    assert link.raw_url() == f"{prefix}{stamp}id_/{original}"
