"""A cited archive URL is verified against a real pywb."""

from __future__ import annotations

import socket

from citecheck.archive import ArchiveChecker, CdxDialect
from citecheck.match import compare_titles
from citecheck.models import ArchiveStatus, Reference, TitleMatch
from citecheck.page import analyse_page

from ._engine import RecordingHttpClient
from ._page import analyse, compare
from .conftest import LAPSED, LAPSED_TITLE, STORY, STORY_TITLE


def cited(pywb, stamp: str, original: str = STORY, **fields: str) -> Reference:
    fields.setdefault("title", STORY_TITLE)
    return Reference("c", url=fields.pop("url", STORY),
                     archive_url=f"{pywb.base_url}/web/{stamp}/{original}", **fields)


def test_exact_capture_with_matching_title_is_ok(make_checker, pywb):
    ref = cited(pywb, "20180101000000", archive_date="2018-01-01")
    result = make_checker().check(ref, live_title_match=TitleMatch.MATCH)
    assert result.status is ArchiveStatus.OK, result
    assert result.timestamp == "20180101000000"
    assert result.title == STORY_TITLE
    assert result.title_match is TitleMatch.MATCH
    assert result.url == ref.archive_url
    assert result.reason is None
    assert result.requests == 1


def test_inexact_timestamp_follows_the_archive_to_the_closest_capture(make_checker, pywb):
    ref = cited(pywb, "20180102000000", archive_date="2018-01-02")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.OK
    assert result.timestamp == "20180101000000"
    assert result.requests == 2  # the archive's redirect, then the capture


def test_replay_modifiers_are_read_raw(make_checker, pywb):
    for modifier in ("id_", "if_", "im_"):
        ref = cited(pywb, "20180601000000" + modifier)
        assert make_checker().check(ref, live_title_match=None).status is ArchiveStatus.OK


def test_capture_of_a_404_is_broken(make_checker, pywb):
    ref = cited(pywb, "20190101000000", archive_date="2019-01-01")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.BROKEN
    assert result.reason is not None and "404" in result.reason
    # Instead: the capture nearest before the cited copy's date that is not an error
    # and is titled as cited (2020's is another page).
    assert result.replacement is not None
    assert result.replacement.timestamp == "20180601000000"


def test_capture_of_a_redirect_elsewhere_is_broken(make_checker, pywb):
    ref = cited(pywb, "20180101000000", "http://news.example.com/old",
                url="http://news.example.com/old", title="Old story")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.BROKEN
    assert result.reason is not None and "redirect" in result.reason
    assert "http://news.example.com/" in result.reason


def test_redirect_between_spellings_of_the_page_is_followed(make_checker, pywb):
    ref = cited(pywb, "20190101000000", "http://secure.example.com/a",
                url="http://secure.example.com/a", title="Secure page")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.OK, result
    assert result.timestamp == "20190101000005"


def test_url_the_archive_never_captured_is_broken(make_checker, pywb):
    ref = cited(pywb, "20180101000000", "http://never.example.com/",
                url="http://never.example.com/", title="Never")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.BROKEN
    assert result.reason == "the archive has no such capture"
    assert result.replacement is None  # nothing to cite instead


def test_capture_of_another_url_is_broken(make_checker, pywb):
    ref = cited(pywb, "20180101000000", url="http://news.example.com/other-story")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.BROKEN
    assert result.reason is not None and "not the cited URL" in result.reason


def test_tracking_parameters_in_the_archived_url_do_not_matter(make_checker, pywb):
    ref = cited(pywb, "20180301000000", "http://blog.example.net/other?utm_medium=email",
                url="https://www.blog.example.net/other#comments", title="Other post")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.OK, result


def test_drifted_capture_is_a_mismatch(make_checker, pywb):
    ref = cited(pywb, "20200101000000", archive_date="2020-01-01")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.MISMATCH
    assert result.title == "Totally different page"
    assert result.title_match is TitleMatch.MISMATCH


def test_archive_date_far_from_the_capture_is_noted(make_checker, pywb):
    ref = cited(pywb, "20180101000000", archive_date="2018-03-15")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.OK
    assert result.reason == "the archived copy is from 2018-01-01, not 2018-03-15 as cited"


def test_content_drift_with_a_matching_cited_copy(make_checker, pywb):
    ref = cited(pywb, "20180101000000")
    result = make_checker().check(ref, live_title_match=TitleMatch.MISMATCH)
    assert result.status is ArchiveStatus.OK
    assert result.reason is not None and result.reason.startswith("content drift")


def test_archive_that_does_not_answer_leaves_it_unchecked():
    # A port nobody listens on: bind one and close it.
    with socket.socket() as sock:
        sock.bind(("127.0.0.5", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.5:{port}"
    checker = ArchiveChecker(RecordingHttpClient(), base_url=base, title_comparer=compare,
                             page_analyser=analyse, cdx_dialect=CdxDialect.PYWB, interval=0.0)
    reasons = []
    for ref in (
        Reference("a", url=STORY, archive_url=f"{base}/web/20180101000000/{STORY}"),
        Reference("b", url=STORY),
        Reference("c", url=STORY),
    ):
        result = checker.check(ref, live_title_match=None)
        assert result.status is ArchiveStatus.UNCHECKED
        reasons.append(result.reason)
    assert reasons[0] is not None and reasons[0].startswith("archive lookup failed")
    # Two lookups in a row without an answer: the archive is down, and no longer asked.
    note = f"the archive at {base} did not answer; archive checks skipped"
    assert reasons[1:] == [note, note]
    assert checker.outage == note


def test_archive_host_is_trusted_and_rate_limited(make_checker, pywb, http):
    make_checker(concurrency=3, interval=0.25)
    host = pywb.base_url.split("://")[1].split(":")[0]
    assert host in http.trusted
    assert http.configured[host] == (3, 0.25)
    assert set(http.configured) == {host}  # the IA's index limits are for the IA only


def test_the_internet_archive_index_and_saves_have_their_own_limits(http):
    """IA allows its CDX index 30 requests a minute and Save Page Now 15 (blocking
    clients that go on after 429s); its captures are paced by the archive interval."""
    ArchiveChecker(http, base_url="https://web.archive.org", concurrency=4, interval=0.5)
    assert http.trusted == {"web.archive.org"}
    assert http.configured == {
        "web.archive.org": (4, 0.5),
        "web.archive.org/cdx/": (1, 2.5),
        "web.archive.org/save/": (1, 4.0),
    }
    assert http.requested == []  # configuring asks the network nothing
    assert http.endpoints.key_for("https://web.archive.org/cdx/search/cdx?url=a") == (
        "web.archive.org/cdx/")
    page = "https://web.archive.org/web/2018/https://a/"
    assert http.endpoints.key_for(page) == "web.archive.org"


def test_listing_page_is_not_a_capture(make_checker, pywb):
    ref = Reference("c", url=STORY, title=STORY_TITLE,
                    archive_url=f"{pywb.base_url}/web/*/{STORY}")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.BROKEN, result
    assert result.url == ref.archive_url  # the finding is about the cited address
    assert result.reason is not None
    assert result.reason.startswith("not a capture: the archive gave no capture date; ")
    # A capture the archive does hold, titled as cited: what `fix --repair-archives` writes.
    replacement = result.replacement
    assert replacement is not None
    assert replacement.status is ArchiveStatus.SUGGESTED
    assert replacement.title_match is TitleMatch.MATCH
    assert replacement.url == f"{pywb.base_url}/web/{replacement.timestamp}/{STORY}"
    assert replacement.url in result.reason
    assert result.to_dict()["replacement"] == {
        "url": replacement.url, "timestamp": replacement.timestamp,
        "title": replacement.title, "title_match": "match",
    }


def test_capture_of_the_usurped_domain_is_broken(make_checker, pywb):
    # With citecheck's own page analyser and title comparer (the usurped signal is theirs).
    ref = cited(pywb, "20230303000000", LAPSED, url=LAPSED, title=LAPSED_TITLE)
    checker = make_checker(page_analyser=analyse_page, title_comparer=compare_titles)
    result = checker.check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.BROKEN
    assert result.reason is not None and "usurped" in result.reason
    assert result.replacement is not None
    assert result.replacement.timestamp == "20170707000000"
