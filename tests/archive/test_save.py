"""Save Page Now, against a small Internet-Archive-like server of our own (127.0.0.6).

pywb's record mode answers at ``/{coll}/record/URL``, not at the Internet Archive's
``/save/URL``, so the request citecheck sends is checked here instead: its path, that
it is sent once, not retried, and how the capture's address is read from the answer.
"""

from __future__ import annotations

import pytest

from citecheck.archive import ArchiveChecker, CdxDialect
from citecheck.models import ArchiveStatus, Reference, TitleMatch
from citecheck.options import CheckOptions

from ._engine import RecordingHttpClient
from ._fake_ia import FakeInternetArchive
from ._page import analyse, compare


def make(archive: FakeInternetArchive, **kwargs: object) -> ArchiveChecker:
    return ArchiveChecker(RecordingHttpClient(), base_url=archive.base_url, save_missing=True,
                          title_comparer=compare, page_analyser=analyse,
                          cdx_dialect=CdxDialect.INTERNET_ARCHIVE, interval=0.0,
                          **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("header", ["Location", "Content-Location"])
def test_live_matching_page_without_capture_is_saved(archive, header):
    archive.save_header = header
    ref = Reference("r", url="http://fresh.example.com/new", title="New page")
    result = make(archive).check(ref, live_title_match=TitleMatch.MATCH)
    assert result.status is ArchiveStatus.SUGGESTED, result
    assert result.url == f"{archive.base_url}/web/20261125120000/http://fresh.example.com/new"
    assert result.timestamp == "20261125120000"
    assert result.reason is not None and "Save Page Now" in result.reason
    assert archive.saves() == ["/save/http://fresh.example.com/new"]
    # The two CDX lookups (as cited, other trailing slash) and the save.
    assert result.requests == 3


def test_at_most_max_saves_per_run(archive):
    checker = make(archive, max_saves=1)
    first = checker.check(Reference("a", url="http://fresh.example.com/1"),
                          live_title_match=TitleMatch.MATCH)
    second = checker.check(Reference("b", url="http://fresh.example.com/2"),
                           live_title_match=TitleMatch.MATCH)
    assert first.status is ArchiveStatus.SUGGESTED
    assert second.status is ArchiveStatus.MISSING
    assert second.reason is not None and "save limit" in second.reason
    assert len(archive.saves()) == 1


@pytest.mark.parametrize("live", [TitleMatch.MISMATCH, None])
def test_pages_that_are_not_live_and_matching_are_not_saved(archive, live):
    result = make(archive).check(Reference("r", url="http://fresh.example.com/x", title="X"),
                                 live_title_match=live)
    assert result.status is ArchiveStatus.MISSING
    assert archive.saves() == []


def test_refused_save_is_reported_and_not_retried(archive):
    archive.save_status = 429
    # An engine that would retry a 429: the save request must still go out once.
    http = RecordingHttpClient(CheckOptions(retries=2, backoff=0.01, max_retry_after=0.1))
    checker = ArchiveChecker(http, base_url=archive.base_url, save_missing=True,
                             title_comparer=compare, page_analyser=analyse,
                             cdx_dialect=CdxDialect.INTERNET_ARCHIVE, interval=0.0)
    result = checker.check(Reference("r", url="http://fresh.example.com/y"),
                                 live_title_match=TitleMatch.MATCH)
    assert result.status is ArchiveStatus.MISSING
    assert result.reason is not None and "HTTP 429" in result.reason
    assert len(archive.saves()) == 1


def test_save_is_off_by_default(archive):
    checker = ArchiveChecker(RecordingHttpClient(), base_url=archive.base_url,
                             title_comparer=compare, page_analyser=analyse,
                             cdx_dialect=CdxDialect.INTERNET_ARCHIVE, interval=0.0)
    result = checker.check(Reference("r", url="http://fresh.example.com/z"),
                           live_title_match=TitleMatch.MATCH)
    assert result.status is ArchiveStatus.MISSING
    assert archive.saves() == []
