"""The CDX query waybackpy builds, sent by the engine, in the Internet Archive's dialect."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from citecheck.archive import ArchiveChecker, ArchiveUnavailable, CdxDialect
from citecheck.archive.cdx import DEFAULT_LIMIT, CdxClient, CdxEndpoint
from citecheck.models import ArchiveStatus, Reference

from ._engine import RecordingHttpClient
from ._page import analyse, compare

LINES = (
    "com,example)/a 20170101000000 http://example.com/a text/html 200 "
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 1234\n"
    "com,example)/a 20190101000000 https://www.example.com/a text/html 200 "
    "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB 2345\n"
)


def client_for(archive) -> CdxClient:
    http = RecordingHttpClient()
    http.trust_host("127.0.0.6")
    endpoint = CdxEndpoint.for_base(archive.base_url, CdxDialect.INTERNET_ARCHIVE)
    return CdxClient(http, endpoint)


def test_query_parameters_and_parsing(archive):
    archive.cdx_body = LINES
    sent: list[None] = []
    captures = client_for(archive).around(
        "http://example.com/a?b=1", "20180101000000", before=None,
        on_request=lambda: sent.append(None))
    assert len(sent) == 1
    (path,) = archive.cdx_queries()
    params = parse_qs(urlsplit(path).query)
    assert params == {
        "url": ["http://example.com/a?b=1"],
        "filter": ["statuscode:200"],
        "closest": ["20180101000000"],
        "sort": ["closest"],
        "limit": [str(DEFAULT_LIMIT)],
        "gzip": ["false"],
    }
    assert [(c.timestamp, c.original, c.status, c.digest) for c in captures] == [
        ("20170101000000", "http://example.com/a", 200, "A" * 32),
        ("20190101000000", "https://www.example.com/a", 200, "B" * 32),
    ]


def test_one_side_only(archive):
    client = client_for(archive)
    client.around("http://example.com/a", "20180101000000", before=True)
    client.around("http://example.com/a", "20180101000000", before=False)
    before, after = (parse_qs(urlsplit(p).query) for p in archive.cdx_queries())
    assert before["to"] == ["20180101000000"] and "from" not in before
    assert after["from"] == ["20180101000000"] and "to" not in after


@pytest.mark.parametrize(("status", "body"), [(429, "slow down"), (503, ""), (200, "a b c\n")])
def test_failures_are_errors_not_empty_answers(archive, status, body):
    archive.cdx_status, archive.cdx_body = status, body + "x" * 60
    with pytest.raises(ArchiveUnavailable):
        client_for(archive).around("http://example.com/a", "20180101000000", before=None)


def test_rate_limited_index_leaves_the_reference_unchecked(archive):
    archive.cdx_status = 429
    checker = ArchiveChecker(RecordingHttpClient(), base_url=archive.base_url,
                             title_comparer=compare, page_analyser=analyse, interval=0.0)
    ref = Reference("r", url="http://example.com/a")
    result = checker.check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.UNCHECKED
    assert result.reason == "archive lookup failed: archive index answered HTTP 429"
    assert result.requests == 1  # the dialect probe, refused: nothing decided
    # Once the index answers, the probe settles the dialect and the query is made.
    archive.cdx_status = 200
    assert checker.check(ref, live_title_match=None).status is ArchiveStatus.MISSING
    assert len(archive.cdx_queries()) == 1 + 1 + 2  # failed probe, probe, two variants


def test_rate_limited_index_query(archive):
    archive.cdx_status = 429
    checker = ArchiveChecker(RecordingHttpClient(), base_url=archive.base_url,
                             title_comparer=compare, page_analyser=analyse,
                             cdx_dialect=CdxDialect.INTERNET_ARCHIVE, interval=0.0)
    result = checker.check(Reference("r", url="http://example.com/a"), live_title_match=None)
    assert result.status is ArchiveStatus.UNCHECKED
    assert result.reason == "archive lookup failed: archive index answered HTTP 429"
    assert result.requests == 1


def test_older_captures_are_asked_for_when_the_nearest_are_all_later(archive):
    line = ("com,example)/a 2019{:02d}01000000 http://example.com/a text/html 200 "
            "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC 1\n")
    archive.cdx_body = "".join(line.format(month) for month in range(1, DEFAULT_LIMIT + 1))
    checker = ArchiveChecker(RecordingHttpClient(), base_url=archive.base_url,
                             title_comparer=compare, page_analyser=analyse,
                             cdx_dialect=CdxDialect.INTERNET_ARCHIVE, interval=0.0)
    checker.check(Reference("r", url="http://example.com/", access_date="2018-01-01"),
                  live_title_match=None)
    first, second = (parse_qs(urlsplit(p).query) for p in archive.cdx_queries()[:2])
    assert "to" not in first
    assert second["to"] == ["20180101000000"]


REDIRECT_LINES = (
    "com,example)/a 20190302120000 http://example.com/a text/html 301 "
    "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC 321\n"
    "com,example)/a 20180101000000 http://example.com/a text/html 200 "
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 1234\n"
)


def test_redirect_queries_in_the_internet_archives_dialect(archive):
    """The moved-page stage's queries: a URL's redirect captures, newest first, and the
    redirect captures under a directory within a window. A line of another status (an
    index that ignored the filter) is dropped."""
    archive.cdx_body = REDIRECT_LINES
    client = client_for(archive)
    captures = client.redirects("http://example.com/a", newest="20261206000000", limit=10)
    listed = client.redirects_under("http://example.com/", start="20181202",
                                    end="20190531", limit=30)
    assert [(c.timestamp, c.status) for c in captures] == [("20190302120000", 301)]
    assert [(c.timestamp, c.status) for c in listed] == [("20190302120000", 301)]
    newest, under = (parse_qs(urlsplit(p).query) for p in archive.cdx_queries())
    assert newest == {"url": ["http://example.com/a"], "filter": ["statuscode:3.."],
                      "closest": ["20261206000000"], "sort": ["closest"], "limit": ["10"],
                      "gzip": ["false"]}
    assert under == {"url": ["http://example.com/"], "filter": ["statuscode:3.."],
                     "matchType": ["prefix"], "from": ["20181202"], "to": ["20190531"],
                     "limit": ["30"], "gzip": ["false"]}
