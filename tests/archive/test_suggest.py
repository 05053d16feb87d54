"""No archive cited: the usable capture nearest the access date is found (real pywb)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from citecheck.archive import ArchiveChecker
from citecheck.match import compare_titles
from citecheck.models import ArchiveStatus, Reference, TitleMatch
from citecheck.page import analyse_page

from .conftest import ARABIC_TITLE, ARABIC_URL, LAPSED, LAPSED_TITLE, STORY, STORY_TITLE


def test_nearest_usable_capture_before_access_date(make_checker, pywb, http):
    checker = make_checker()
    ref = Reference("r1", url=STORY, title=STORY_TITLE, access_date="2018-04-27")
    result = checker.check(ref, live_title_match=TitleMatch.MATCH)
    assert result.status is ArchiveStatus.SUGGESTED, result
    assert result.timestamp == "20180101000000"
    assert result.url == f"{pywb.base_url}/web/20180101000000/{STORY}"
    assert result.title == STORY_TITLE
    assert result.title_match is TitleMatch.MATCH
    # One CDX query and one raw read of the chosen capture.
    assert result.requests == 2
    assert len(http.requested) == 2


def test_drifted_and_404_captures_are_skipped(make_checker):
    # Nearest before 2021 is the drifted 2020 page; the 2019 404 is never listed.
    ref = Reference("r", url=STORY, title=STORY_TITLE, access_date="2021-01-01")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.SUGGESTED
    assert result.timestamp == "20180601000000"
    assert result.requests == 3  # CDX + the drifted 2020 capture + the 2018 one


def test_publication_date_is_used_without_access_date(make_checker):
    ref = Reference("r", url=STORY, title=STORY_TITLE, date="2016-01-01")
    result = make_checker().check(ref, live_title_match=None)
    assert result.timestamp == "20150301000000"


def test_newest_usable_capture_without_any_date(make_checker):
    ref = Reference("r", url=STORY, title=STORY_TITLE)
    result = make_checker().check(ref, live_title_match=None)
    assert result.timestamp == "20180601000000"


def test_nearest_after_when_nothing_before(make_checker):
    ref = Reference("r", url=STORY, title=STORY_TITLE, access_date="2010-01-01")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.SUGGESTED
    assert result.timestamp == "20150301000000"


def test_soft_404_capture_is_skipped_for_a_later_real_one(make_checker):
    ref = Reference("r", url="http://shop.example.com/item", title="Blue widget",
                    access_date="2018-06-01")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.SUGGESTED
    assert result.timestamp == "20190101000000"
    assert result.title == "Blue widget"


def test_only_error_capture_is_missing(make_checker):
    ref = Reference("r", url="http://news.example.com/gone", title="Gone story",
                    access_date="2018-06-01")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.MISSING
    assert result.url is None


def test_only_redirect_capture_is_missing(make_checker):
    ref = Reference("r", url="http://news.example.com/old", access_date="2018-06-01")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.MISSING


def test_no_capture_at_all_is_missing_after_few_requests(make_checker):
    ref = Reference("r", url="http://nowhere.example.com/a/b", access_date="2018-06-01")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.MISSING
    # The URL as cited and with the other trailing slash: one CDX query each.
    assert result.requests == 2


def test_captures_with_another_title_are_a_mismatch(make_checker, pywb):
    ref = Reference("r", url=STORY, title="Something else entirely", access_date="2018-04-27")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.MISMATCH
    assert result.title_match is TitleMatch.MISMATCH
    assert result.timestamp == "20180101000000"
    assert result.url == f"{pywb.base_url}/web/20180101000000/{STORY}"


def test_scheme_www_and_trailing_slash_do_not_matter(make_checker):
    ref = Reference("r", url="http://example.org/page", title="Org page",
                    access_date="2018-01-01")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.SUGGESTED
    assert result.url is not None and result.url.endswith("/https://www.example.org/page/")


def test_tracking_parameters_are_dropped_for_lookup(make_checker):
    ref = Reference("r", url="http://blog.example.net/post?id=7&utm_source=tw&fbclid=x1",
                    title="Blog post", access_date="2018-06-01")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.SUGGESTED
    assert result.timestamp == "20180301000000"
    assert result.requests == 3  # as cited (nothing), without tracking, the capture


def test_legacy_arabic_charset_title(make_checker):
    ref = Reference("r", url=ARABIC_URL, title=ARABIC_TITLE, access_date="2018-04-27",
                    language="ar")
    result = make_checker().check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.SUGGESTED
    assert result.title == ARABIC_TITLE
    assert result.title_match is TitleMatch.MATCH


def test_content_drift_is_reported(make_checker):
    ref = Reference("r", url=STORY, title=STORY_TITLE, access_date="2018-04-27")
    result = make_checker().check(ref, live_title_match=TitleMatch.MISMATCH)
    assert result.status is ArchiveStatus.SUGGESTED
    assert result.reason is not None and "content drift" in result.reason
    assert "2018-01-01" in result.reason


def test_lookups_are_cached_within_the_run(make_checker, http):
    checker = make_checker()
    ref = Reference("r", url=STORY, title=STORY_TITLE, access_date="2018-04-27")
    first = checker.check(ref, live_title_match=None)
    again = checker.check(Reference("r2", url=STORY, title=STORY_TITLE,
                                    access_date="2018-04-27"), live_title_match=None)
    assert first.requests == 2
    assert again.requests == 0
    assert again.timestamp == first.timestamp
    assert len(http.requested) == 2


def test_memento_timemap_archive_is_searched_when_wayback_has_nothing(make_checker, pywb):
    checker = make_checker(timemaps=[f"{pywb.base_url}/other/timemap/link/"])
    ref = Reference("r", url="http://rare.example.com/only-elsewhere", title="Rare page",
                    access_date="2017-01-01")
    result = checker.check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.SUGGESTED, result
    assert result.timestamp == "20160606000000"
    assert result.url is not None and result.url.startswith(f"{pywb.base_url}/other/")
    assert result.title == "Rare page"


def test_project_page_analyser_and_title_matcher_by_default(pywb, http):
    # No injected analyser/comparer and no dialect: the checker uses citecheck.page and
    # citecheck.match, and finds out by itself that the service speaks pywb's CDX.
    checker = ArchiveChecker(http, base_url=pywb.base_url, interval=0.0)
    ref = Reference("r", url=ARABIC_URL, title=ARABIC_TITLE, access_date="2018-04-27")
    result = checker.check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.SUGGESTED, result
    assert result.title == ARABIC_TITLE
    assert result.title_match is TitleMatch.MATCH
    assert result.requests == 3  # the one-off dialect probe, the CDX query, the capture
    assert checker.check(ref, live_title_match=None).requests == 0


def test_concurrent_checks_of_one_url_ask_the_archive_once(make_checker, http):
    checker = make_checker()
    refs = [Reference(f"r{i}", url=STORY, title=STORY_TITLE, access_date="2018-04-27")
            for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda r: checker.check(r, live_title_match=None), refs))
    assert {r.timestamp for r in results} == {"20180101000000"}
    assert sum(r.requests for r in results) == 2
    assert len(http.requested) == 2


def test_capture_of_the_usurped_domain_is_never_suggested(make_checker):
    # No title cited: nearest before the access date is the 2023 gambling page.
    ref = Reference("r", url=LAPSED, access_date="2024-01-01")
    checker = make_checker(page_analyser=analyse_page, title_comparer=compare_titles)
    result = checker.check(ref, live_title_match=None)
    assert result.status is ArchiveStatus.SUGGESTED, result
    assert result.timestamp == "20170707000000"
    assert result.title == LAPSED_TITLE
