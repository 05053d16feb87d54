"""One real pywb per test session, serving the captures below (written with warcio)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.archive import ArchiveChecker, CdxDialect
from tests.support.pywb_harness import (
    PywbServer,
    WarcCapture,
    html_page,
    pywb_for_tests,
)

from ._engine import RecordingHttpClient
from ._fake_ia import FakeInternetArchive, serve_fake_ia
from ._page import analyse, compare

STORY = "http://news.example.com/story"
STORY_TITLE = "Rebels take the town"
ARABIC_URL = "http://arabic.example/news/1"
ARABIC_TITLE = "الجيش السوري يسيطر على القلمون الشرقي"


def _redirect(url: str, ts: str, location: str, status: str = "301 Moved Permanently") -> (
    WarcCapture
):
    return WarcCapture(url, ts, b"", status=status, content_type="text/html",
                       extra_headers=(("Location", location),))


LAPSED = "http://lapsed.example.com/2017/story"
LAPSED_TITLE = "Town council approves new library"
USURPED_TITLE = "SLOT GACOR HARI INI: Link Situs Slot Online Maxwin"

WAYBACK_CAPTURES: tuple[WarcCapture, ...] = (
    # Several captures of one URL; the title drifts in 2020 and a 404 sits in between.
    WarcCapture(STORY, "20150301000000", html_page(STORY_TITLE, "first version")),
    WarcCapture(STORY, "20180101000000", html_page(STORY_TITLE, "updated")),
    WarcCapture(STORY, "20180601000000", html_page(STORY_TITLE, "updated again")),
    WarcCapture(STORY, "20190101000000", html_page("Not Found"), status="404 Not Found"),
    WarcCapture(STORY, "20200101000000", html_page("Totally different page")),
    # Only an archived 404, only an archived redirect to the home page.
    WarcCapture("http://news.example.com/gone", "20180101000000", html_page("Not Found"),
                status="404 Not Found"),
    _redirect("http://news.example.com/old", "20180101000000", "http://news.example.com/"),
    WarcCapture("http://news.example.com/", "20180101000000", html_page("News home")),
    # Kept under https and www. with a trailing slash; cited without them.
    WarcCapture("https://www.example.org/page/", "20170505000000", html_page("Org page")),
    # A legacy Arabic encoding, declared only in the HTTP header.
    WarcCapture(ARABIC_URL, "20180420000000", html_page(ARABIC_TITLE, charset="windows-1256"),
                content_type="text/html; charset=windows-1256"),
    # Only the clean URL was archived; the citation carries tracking parameters.
    WarcCapture("http://blog.example.net/post?id=7", "20180301000000", html_page("Blog post")),
    # Only a tracking-parameter variant was archived.
    WarcCapture("http://blog.example.net/other?utm_medium=email", "20180301000000",
                html_page("Other post")),
    # A soft-404 before the access date, the real page after it.
    WarcCapture("http://shop.example.com/item", "20180101000000", html_page("Page not found")),
    WarcCapture("http://shop.example.com/item", "20190101000000", html_page("Blue widget")),
    # An archived http -> https redirect of the same page.
    _redirect("http://secure.example.com/a", "20190101000000", "https://secure.example.com/a"),
    WarcCapture("https://secure.example.com/a", "20190101000005", html_page("Secure page")),
    # A domain that lapsed and now promotes gambling (usurped).
    WarcCapture(LAPSED, "20170707000000", html_page(LAPSED_TITLE)),
    WarcCapture(LAPSED, "20230303000000", html_page(USURPED_TITLE)),
)

# A second collection, reached only through its Memento TimeMap (a non-Wayback archive).
MEMENTO_CAPTURES: tuple[WarcCapture, ...] = (
    WarcCapture("http://rare.example.com/only-elsewhere", "20160606000000",
                html_page("Rare page")),
)


@pytest.fixture(scope="session")
def pywb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PywbServer]:
    root: Path = tmp_path_factory.mktemp("pywb")
    with pywb_for_tests(root, {"web": WAYBACK_CAPTURES, "other": MEMENTO_CAPTURES}) as server:
        yield server


@pytest.fixture
def http() -> Iterator[RecordingHttpClient]:
    client = RecordingHttpClient()
    yield client
    client.close()


@pytest.fixture
def make_checker(pywb: PywbServer, http: RecordingHttpClient):  # type: ignore[no-untyped-def]
    def make(**kwargs: object) -> ArchiveChecker:
        options: dict[str, object] = {
            "base_url": pywb.base_url,
            "title_comparer": compare,
            "page_analyser": analyse,
            "cdx_dialect": CdxDialect.PYWB,
            # pywb is ours: no politeness interval to wait out between requests.
            "interval": 0.0,
        }
        options.update(kwargs)
        return ArchiveChecker(http, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def archive() -> Iterator[FakeInternetArchive]:
    """A fresh Internet-Archive-like server (CDX text, Save Page Now) for one test."""
    with serve_fake_ia() as server:
        yield server
